import type { KeyboardCoordinateGetter } from '@dnd-kit/core';

/**
 * Keyboard moves for a picked-up card (dnd-kit keyboard sensor): ←/→ move one minute
 * (Shift: ten), ↑/↓ move to the previous/next lane.
 */
export function timelineKeyboardCoordinates(pxPerMinute: () => number): KeyboardCoordinateGetter {
  return (event, { currentCoordinates }) => {
    const step = pxPerMinute() * (event.shiftKey ? 10 : 1);
    switch (event.code) {
      case 'ArrowRight':
        event.preventDefault();
        return { ...currentCoordinates, x: currentCoordinates.x + step };
      case 'ArrowLeft':
        event.preventDefault();
        return { ...currentCoordinates, x: currentCoordinates.x - step };
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        const rows = [...document.querySelectorAll<HTMLElement>('[data-lane-row]')].map((row) =>
          row.getBoundingClientRect(),
        );
        const current = rows.findIndex(
          (rect) => currentCoordinates.y >= rect.top - 1 && currentCoordinates.y < rect.bottom,
        );
        const target =
          rows[
            Math.min(rows.length - 1, Math.max(0, (current < 0 ? 0 : current) + (event.code === 'ArrowDown' ? 1 : -1)))
          ];
        return target ? { ...currentCoordinates, y: target.top + 8 } : currentCoordinates;
      }
      default:
        return undefined;
    }
  };
}
