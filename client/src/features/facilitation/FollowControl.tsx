import { useEffect } from 'react';
import { useViewStore } from '../../stores/viewStore';
import { useFollowableFacilitators } from './viewportSharing';

/** "Follow Fay's view" for participants, and a clear note of whom they follow. */
export function FollowControl() {
  const facilitators = useFollowableFacilitators();
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
