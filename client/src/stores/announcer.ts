import { create } from 'zustand';

/** The last message for the board's polite live region (screen readers read it once). */
interface AnnouncerState {
  message: string;
  announce(message: string): void;
}

export const useAnnouncer = create<AnnouncerState>((set) => ({
  message: '',
  // The same words twice must still be read: a trailing no-break space makes them differ.
  announce: (message) => set((state) => ({ message: state.message === message ? `${message}\u00a0` : message })),
}));

export const announce = (message: string) => useAnnouncer.getState().announce(message);
