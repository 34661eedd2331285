import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { serverClockOffset, serverNow } from '../../sync/serverClock';

/**
 * The current time on the server's clock, re-read every `intervalMs` while `active` (a
 * ticking clock for the shared timer).
 */
export function useNow(active: boolean, intervalMs = 500): number {
  const [now, setNow] = useState(() => serverNow());
  const offset = useStore(serverClockOffset);
  useEffect(() => {
    if (!active) return;
    const tick = () => setNow(serverNow());
    const first = setTimeout(tick, 0); // the clock may be stale from before it was active
    const id = setInterval(tick, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(id);
    };
  }, [active, intervalMs, offset]);
  return now;
}
