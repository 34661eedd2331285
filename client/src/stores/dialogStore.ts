import { useEffect, useLayoutEffect, useRef } from 'react';
import { create } from 'zustand';

/** The board's modal dialogs. Their triggers may sit in the header, a menu or a drawer. */
export type BoardDialog = 'links' | 'import' | 'report';

interface DialogState {
  open: BoardDialog | null;
  show(dialog: BoardDialog): void;
  close(): void;
}

export const useDialogStore = create<DialogState>((set) => ({
  open: null,
  show: (open) => set({ open }),
  close: () => set({ open: null }),
}));

/**
 * A `<dialog>` that opens as a modal while the store says so, and tells the store when the
 * person closes it (Escape, a Close button). Kept mounted, so a trigger inside a menu that
 * has closed can still open it. `onOpen` runs each time it opens (fresh defaults, a reload).
 */
export function useModalDialog(dialog: BoardDialog, onOpen?: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  const isOpen = useDialogStore((s) => s.open === dialog);
  const opened = useRef(onOpen);
  useLayoutEffect(() => {
    opened.current = onOpen;
  });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    if (isOpen && !element.open) {
      element.showModal();
      opened.current?.();
    } else if (!isOpen && element.open) element.close();
  }, [isOpen]);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const onClose = () => {
      if (useDialogStore.getState().open === dialog) useDialogStore.getState().close();
    };
    element.addEventListener('close', onClose);
    return () => element.removeEventListener('close', onClose);
  }, [dialog]);
  return { ref, isOpen, close: () => useDialogStore.getState().close() };
}
