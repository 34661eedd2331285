import { setGather } from '@retrace/shared';
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { announce } from '../../stores/announcer';
import { useViewStore } from '../../stores/viewStore';
import { serverNow } from '../../sync/serverClock';
import { useBoardContext, useControl } from '../board/BoardContext';
import { useFollowableFacilitators } from './viewportSharing';

/** A request to gather older than this when the board opens is history, not a request. */
const GATHER_FRESH_MS = 60_000;

/** The facilitator's "Bring everyone to me": participants then follow their view. */
export function GatherButton() {
  const { session } = useBoardContext();
  const seat = useStore(session.seat);
  if (!seat) return null;
  return (
    <button
      type="button"
      onClick={() => {
        setGather(session.control.doc, { seat: seat.id, at: serverNow() });
        announce('Everyone now follows your view');
      }}
    >
      Bring everyone to me
    </button>
  );
}

/** Follows the facilitator who asked everyone to gather (each new request once; stopping is up to the person). */
function useGather(facilitators: ReturnType<typeof useFollowableFacilitators>): void {
  const { gather } = useControl();
  const setFollowing = useViewStore((s) => s.setFollowing);
  const handled = useRef<number | null>(null);
  const asking = gather ? facilitators.find((f) => f.seat === gather.seat) : undefined;
  useEffect(() => {
    if (!gather || handled.current === gather.at) return;
    if (serverNow() - gather.at > GATHER_FRESH_MS) {
      handled.current = gather.at;
      return;
    }
    if (!asking) return; // their view arrives with their presence: try again then
    handled.current = gather.at;
    setFollowing(asking.clientId);
    announce(`${asking.name} brought everyone to their view`);
  }, [gather, asking, setFollowing]);
}

/** "Follow Fay's view" for participants, and a clear note of whom they follow. */
export function FollowControl() {
  const facilitators = useFollowableFacilitators();
  useGather(facilitators);
  const following = useViewStore((s) => s.following);
  const setFollowing = useViewStore((s) => s.setFollowing);
  const followed = facilitators.find((f) => f.clientId === following);
  // The facilitator left (or stopped sharing): nothing to follow any more.
  useEffect(() => {
    if (following !== null && !followed) setFollowing(null);
  }, [following, followed, setFollowing]);

  if (followed) {
    return (
      <span className="follow-indicator" role="status" data-testid="following">
        Following {followed.name}’s view
        <button type="button" onClick={() => setFollowing(null)}>
          Stop following
        </button>
      </span>
    );
  }
  return (
    <>
      {facilitators.map((f) => (
        <button key={f.clientId} type="button" onClick={() => setFollowing(f.clientId)}>
          Follow {f.name}’s view
        </button>
      ))}
    </>
  );
}
