import { useEffect } from 'react';
import { useViewStore } from '../../stores/viewStore';
import { useControl } from '../board/BoardContext';

/**
 * Scrolls this person's timeline to what the facilitator spotlights, unless they opted out.
 * Each new spotlight (a new `at`) scrolls once; the person may look elsewhere afterwards.
 */
export function useFollowSpotlight(): void {
  const { spotlight } = useControl();
  const follow = useViewStore((s) => s.followSpotlight);
  const onTimeline = useViewStore((s) => s.mode === 'timeline');
  const setMode = useViewStore((s) => s.setMode);
  const at = spotlight?.at ?? null;
  const selector = !spotlight
    ? null
    : spotlight.kind === 'card'
      ? `[data-card-id="${CSS.escape(spotlight.id)}"]`
      : `[data-lane-row="${CSS.escape(spotlight.id)}"]`;
  useEffect(() => {
    if (at === null || selector === null || !follow) return;
    if (!onTimeline) {
      setMode('timeline'); // runs again once the timeline is there
      return;
    }
    const frame = requestAnimationFrame(() =>
      document.querySelector(selector)?.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' }),
    );
    return () => cancelAnimationFrame(frame);
  }, [at, selector, follow, onTimeline, setMode]);
}
