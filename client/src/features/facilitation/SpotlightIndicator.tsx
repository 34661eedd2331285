import { setSpotlight } from '@retrace/shared';
import { useViewStore } from '../../stores/viewStore';
import { useBoardContext, useBoardSnapshot, useControl } from '../board/BoardContext';

/** What the facilitator spotlights, and whether my view follows it (anyone can opt out). */
export function SpotlightIndicator() {
  const { role, session } = useBoardContext();
  const { spotlight } = useControl();
  const board = useBoardSnapshot();
  const follow = useViewStore((s) => s.followSpotlight);
  const setFollow = useViewStore((s) => s.setFollowSpotlight);
  if (!spotlight) return null;
  const name =
    spotlight.kind === 'card'
      ? board.cards.find((card) => card.id === spotlight.id && card.deletedAt === null)?.text
      : board.lanes.find((lane) => lane.id === spotlight.id)?.name;
  if (name === undefined) return null; // deleted since
  const short = name.length > 40 ? `${name.slice(0, 39)}…` : name;
  return (
    <span className="spotlight-indicator" data-testid="spotlight">
      <span aria-hidden="true">◎</span> Spotlight: {spotlight.kind === 'lane' ? `lane ${short}` : `“${short}”`}
      {role === 'facilitator' ? (
        <button type="button" onClick={() => setSpotlight(session.control.doc, null)}>
          Clear
        </button>
      ) : (
        <button type="button" aria-pressed={follow} onClick={() => setFollow(!follow)}>
          {follow ? 'Following the spotlight' : 'Follow the spotlight'}
        </button>
      )}
    </span>
  );
}
