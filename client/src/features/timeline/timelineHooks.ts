import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import { useViewStore } from '../../stores/viewStore';
import { floorToMinute, type TimeWindow } from './timeScale';

const MINUTE = 60_000;
/** How long a card this person added stays highlighted. */
export const HIGHLIGHT_MS = 2_500;

/** The incident window from the board's start and resolution, with a little air; null unless both are known. */
export function incidentWindow(meta: { startedAt: number | null; resolvedAt: number | null }): TimeWindow | null {
  if (meta.startedAt === null || meta.resolvedAt === null || meta.resolvedAt <= meta.startedAt) return null;
  const air = Math.max(2 * MINUTE, (meta.resolvedAt - meta.startedAt) * 0.04);
  return { start: floorToMinute(meta.startedAt - air), end: floorToMinute(meta.resolvedAt + air) + MINUTE };
}

/** The element's inner size, kept current as the window or the layout around it changes. */
export function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState(() => ({
    width: typeof window === 'undefined' ? 1200 : window.innerWidth,
    height: typeof window === 'undefined' ? 800 : window.innerHeight,
  }));
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () =>
      setSize((current) =>
        current.width === element.clientWidth && current.height === element.clientHeight
          ? current
          : { width: element.clientWidth, height: element.clientHeight },
      );
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/**
 * Brings the cards this person just added or moved into view (once they are on screen: the
 * document update renders a moment after the request) and ends their highlight after a while.
 * People retyped cards that had landed off-screen without a sign.
 */
export function useRevealCards(
  scrollRef: RefObject<HTMLElement | null>,
  revealed: { readonly ids: readonly string[]; readonly request: number },
  renderedCards: number,
): void {
  const [done, setDone] = useState(0);
  useEffect(() => {
    if (revealed.request === 0 || revealed.request === done) return;
    const scroller = scrollRef.current;
    const first = revealed.ids
      .map((id) =>
        scroller?.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(id)}"], [data-draft-id="${CSS.escape(id)}"]`),
      )
      .find((element): element is HTMLElement => element !== null && element !== undefined);
    if (!first) return; // not rendered yet: the next render of the cards tries again
    first.scrollIntoView({ block: 'nearest', inline: 'center', behavior: 'smooth' });
    setDone(revealed.request);
  }, [revealed, done, scrollRef, renderedCards]);
  useEffect(() => {
    if (revealed.request === 0) return;
    const timer = setTimeout(() => useViewStore.getState().clearHighlight(), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [revealed]);
}
