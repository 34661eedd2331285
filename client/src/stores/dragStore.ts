import { create } from 'zustand';

/** What the card being dragged would do if dropped now, in words (for the label and screen readers). */
export const useDragStore = create<{ label: string | null; setLabel(label: string | null): void }>((set) => ({
  label: null,
  setLabel: (label) => set({ label }),
}));
