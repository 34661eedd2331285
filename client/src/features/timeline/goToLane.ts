import { useViewStore } from '../../stores/viewStore';

const FLASH_MS = 2_000;

/**
 * Scrolls the timeline to a lane and marks it for a moment (switching to the timeline view
 * first if needed). A newcomer's lane is the last one, often far below the fold.
 */
export function goToLane(laneId: string, options: { focus?: boolean } = {}): void {
  const view = useViewStore.getState();
  if (view.mode !== 'timeline') view.setMode('timeline');
  // After the timeline has rendered (it may have just been switched to).
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const row = document.querySelector<HTMLElement>(`[data-lane-row="${CSS.escape(laneId)}"]`);
      if (!row) return;
      row.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
      row.classList.add('lane-flash');
      setTimeout(() => row.classList.remove('lane-flash'), FLASH_MS);
      if (options.focus) row.querySelector<HTMLElement>('.lane-name')?.focus({ preventScroll: true });
    }),
  );
}
