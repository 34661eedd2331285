import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { readSeat } from '@retrace/shared';
import { useViewStore } from '../../stores/viewStore';
import type { Peer } from '../../stores/presence';
import { useBoardContext, usePeers } from '../board/BoardContext';
import { useTimelineMetrics } from '../timeline/layout';
import { instantAt, xOf, type TimeWindow } from '../timeline/timeScale';

/** A facilitator's timeline view, in awareness: the instant at its centre, the zoom, the vertical scroll. */
export interface SharedViewport {
  readonly center: number;
  readonly pxPerMinute: number;
  readonly top: number;
}

const PUBLISH_INTERVAL_MS = 100;

function viewportOf(peer: Peer): SharedViewport | null {
  const v = (peer as unknown as { viewport?: Partial<SharedViewport> }).viewport;
  return v && typeof v.center === 'number' && typeof v.pxPerMinute === 'number' && typeof v.top === 'number'
    ? { center: v.center, pxPerMinute: v.pxPerMinute, top: v.top }
    : null;
}

/** Facilitators present who share their view (anyone else can follow them). */
export function useFollowableFacilitators(): Array<{
  clientId: number;
  seat: string;
  name: string;
  viewport: SharedViewport;
}> {
  return usePeers().flatMap((peer) => {
    // Only a facilitator link, as the server stamped it, is offered: a state claiming a view is not enough.
    const seat = readSeat(peer);
    if (seat?.role !== 'facilitator') return [];
    const viewport = viewportOf(peer);
    return viewport ? [{ clientId: peer.clientId, seat: seat.id, name: peer.user.name, viewport }] : [];
  });
}

/**
 * The timeline's side of "follow the facilitator": a facilitator publishes their view;
 * someone following mirrors it until they pan, scroll or zoom themselves.
 */
export function useViewportSharing(scrollRef: RefObject<HTMLDivElement | null>, span: TimeWindow): void {
  const { role, session } = useBoardContext();
  const pxPerMinute = useViewStore((s) => s.pxPerMinute);
  const following = useViewStore((s) => s.following);
  const followed = useFollowableFacilitators().find((f) => f.clientId === following)?.viewport ?? null;
  const awareness = session.provider.awareness;
  const { timeAreaLeft } = useTimelineMetrics();

  // The window is a new object on every board change (a note typed, a card added): read it
  // when publishing, so those renders do not publish (and force a layout) each time.
  const spanRef = useRef(span);
  useLayoutEffect(() => {
    spanRef.current = span;
  });
  const spanKey = `${span.start}:${span.end}`;

  // Facilitator: publish (throttled) on scroll and on zoom.
  useEffect(() => {
    const scroller = scrollRef.current;
    if (role !== 'facilitator' || !scroller) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const publish = () => {
      timer = null;
      const center = instantAt(
        scroller.scrollLeft + scroller.clientWidth / 2 - timeAreaLeft,
        spanRef.current,
        pxPerMinute,
      );
      awareness.setLocalStateField('viewport', { center, pxPerMinute, top: scroller.scrollTop });
    };
    const schedule = () => {
      timer ??= setTimeout(publish, PUBLISH_INTERVAL_MS);
    };
    publish();
    scroller.addEventListener('scroll', schedule);
    return () => {
      scroller.removeEventListener('scroll', schedule);
      if (timer) clearTimeout(timer);
    };
  }, [role, scrollRef, spanKey, pxPerMinute, awareness, timeAreaLeft]);

  // Follower: mirror the zoom, then the position.
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!followed || !scroller) return;
    if (Math.abs(followed.pxPerMinute - pxPerMinute) > 1e-6) {
      useViewStore.getState().mirrorZoom(followed.pxPerMinute);
      return; // runs again with the new zoom
    }
    scroller.scrollTo({
      left: timeAreaLeft + xOf(followed.center, span, pxPerMinute) - scroller.clientWidth / 2,
      top: followed.top,
    });
  }, [followed, pxPerMinute, span, scrollRef, timeAreaLeft]);

  // Following ends as soon as this person moves the view themselves.
  useEffect(() => {
    const scroller = scrollRef.current;
    if (following === null || !scroller) return;
    const stop = () => useViewStore.getState().setFollowing(null);
    const onKey = (event: KeyboardEvent) => {
      if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'].includes(event.key))
        stop();
    };
    scroller.addEventListener('wheel', stop, { passive: true });
    scroller.addEventListener('pointerdown', stop);
    scroller.addEventListener('keydown', onKey);
    return () => {
      scroller.removeEventListener('wheel', stop);
      scroller.removeEventListener('pointerdown', stop);
      scroller.removeEventListener('keydown', onKey);
    };
  }, [following, scrollRef]);
}
