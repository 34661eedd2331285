import { useSyncExternalStore } from 'react';

/** Whether a CSS media query matches now; re-renders when that changes. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/**
 * Beside a video call a participant has half a laptop screen (720–900 px); a 13-inch laptop
 * alone is 1,280–1,440 px. Below this width the header and the facilitation bar take one
 * compact row each, with the rest on demand.
 */
export const COMPACT_BOARD = '(max-width: 1359px)';
/** Below this width the side panel is a drawer over the board instead of a column beside it. */
export const DRAWER_PANEL = '(max-width: 1259px)';

export const useCompactBoard = () => useMediaQuery(COMPACT_BOARD);

export const useDrawerPanel = () => useMediaQuery(DRAWER_PANEL);
