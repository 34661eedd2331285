import type { KeyboardCoordinateGetter } from '@dnd-kit/core';

/**
 * Keyboard moves for a picked-up card (dnd-kit keyboard sensor): ←/→ move one minute
 * (Shift: ten), ↑/↓ move to the previous/next lane. Each step is also reported to `onStep`
 * (minutes, lanes), because near the edge the sensor scrolls the board instead of moving
 * the card and the screen position alone would lose that press.
 */
export function timelineKeyboardCoordinates(
  pxPerMinute: () => number,
  onStep: (minutes: number, lanes: number) => void,
): KeyboardCoordinateGetter {
  return (event, { currentCoordinates }) => {
    const minutes = event.shiftKey ? 10 : 1;
    const step = pxPerMinute() * minutes;
    switch (event.code) {
      case 'ArrowRight':
        event.preventDefault();
        onStep(minutes, 0);
        return { ...currentCoordinates, x: currentCoordinates.x + step };
      case 'ArrowLeft':
        event.preventDefault();
        onStep(-minutes, 0);
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
        const from = current < 0 ? 0 : current;
        const index = Math.min(rows.length - 1, Math.max(0, from + (event.code === 'ArrowDown' ? 1 : -1)));
        const target = rows[index];
        if (target) onStep(0, index - from);
        return target ? { ...currentCoordinates, y: target.top + 8 } : currentCoordinates;
      }
      default:
        return undefined;
    }
  };
}
