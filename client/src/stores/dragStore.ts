import { create } from 'zustand';
import { NO_KEY_STEPS, type KeySteps } from '../features/timeline/dropTarget';

interface DragState {
  /** What the card being dragged would do if dropped now, in words (for the label and screen readers). */
  label: string | null;
  setLabel(label: string | null): void;
  /** Arrow-key steps since the card was picked up with the keyboard. */
  keySteps: KeySteps;
  step(minutes: number, lanes: number): void;
  resetSteps(): void;
}

export const useDragStore = create<DragState>((set) => ({
  label: null,
  setLabel: (label) => set({ label }),
  keySteps: NO_KEY_STEPS,
  step: (minutes, lanes) =>
    set(({ keySteps }) => ({ keySteps: { minutes: keySteps.minutes + minutes, lanes: keySteps.lanes + lanes } })),
  resetSteps: () => set({ keySteps: NO_KEY_STEPS }),
}));
