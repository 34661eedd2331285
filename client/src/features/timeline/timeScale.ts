import { instantFromWallTime, wallTimeAt, type Card } from '@retrace/shared';

/** Mapping between instants and horizontal pixels on the timeline, plus axis ticks. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

const MINUTE = 60_000;
const PADDING = 10 * MINUTE;

/** The incident window, widened to every card with a known time, with some air. */
export function timeWindowFor(
  meta: { startedAt: number | null; resolvedAt: number | null },
  cards: readonly Pick<Card, 'place' | 'deletedAt'>[],
  now: number = Date.now(),
): TimeWindow {
  let start = meta.startedAt ?? Number.POSITIVE_INFINITY;
  let end = meta.resolvedAt ?? Number.NEGATIVE_INFINITY;
  for (const card of cards) {
    const at = card.place.occurredAt;
    if (at === null || card.deletedAt !== null) continue;
    if (at < start) start = at;
    if (at > end) end = at;
  }
  if (!Number.isFinite(start) && !Number.isFinite(end)) return { start: now - 60 * MINUTE, end: now + 60 * MINUTE };
  if (!Number.isFinite(start)) start = end - 60 * MINUTE;
  if (!Number.isFinite(end)) end = start + 60 * MINUTE;
  return { start: floorToMinute(start - PADDING), end: floorToMinute(end + PADDING) + MINUTE };
}

export function floorToMinute(instant: number): number {
  return Math.floor(instant / MINUTE) * MINUTE;
}

export function snapToMinute(instant: number): number {
  return Math.round(instant / MINUTE) * MINUTE;
}

export function xOf(instant: number, window: TimeWindow, pxPerMinute: number): number {
  return ((instant - window.start) / MINUTE) * pxPerMinute;
}

export function instantAt(x: number, window: TimeWindow, pxPerMinute: number): number {
  return window.start + (x / pxPerMinute) * MINUTE;
}

export function widthOf(window: TimeWindow, pxPerMinute: number): number {
  return xOf(window.end, window, pxPerMinute);
}

/** Zoom that makes the whole window fit `available` pixels. */
export function fitZoom(window: TimeWindow, available: number): number {
  const minutes = Math.max(1, (window.end - window.start) / MINUTE);
  return Math.max(0.5, available / minutes);
}

/**
 * "Fit": the zoom that shows `window` (the incident) across a time area `viewportWidth`
 * pixels wide, leaving room for most of a card that starts at its very end, and the scroll offset
 * that puts the window's start at the area's left edge (the board may reach further out).
 */
export function fitView(
  window: TimeWindow,
  span: TimeWindow,
  viewportWidth: number,
  cardWidth: number,
  limits: { min: number; max: number },
): { pxPerMinute: number; scrollLeft: number } {
  // Half a card of room: a card at the very end shows its time and the start of its text.
  const available = Math.max(60, viewportWidth - cardWidth / 2 - 8);
  const pxPerMinute = Math.min(limits.max, Math.max(limits.min, fitZoom(window, available)));
  return { pxPerMinute, scrollLeft: Math.max(0, xOf(window.start, span, pxPerMinute)) };
}

const STEPS_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];

/** Axis ticks at round wall-clock times in `zone`, at least `minGapPx` apart. */
export function ticksFor(window: TimeWindow, pxPerMinute: number, zone: string, minGapPx = 70): number[] {
  const step = STEPS_MINUTES.find((minutes) => minutes * pxPerMinute >= minGapPx) ?? 1440;
  const ticks: number[] = [];
  const first = wallTimeAt(window.start, zone);
  // Start at the round step at or before the window start, in local wall time.
  const minuteOfDay = first.hour * 60 + first.minute;
  const roundedMinute = step >= 1440 ? 0 : Math.floor(minuteOfDay / step) * step;
  let tick = instantFromWallTime(
    {
      year: first.year,
      month: first.month,
      day: first.day,
      hour: Math.floor(roundedMinute / 60),
      minute: roundedMinute % 60,
    },
    zone,
  );
  for (let guard = 0; tick <= window.end && guard < 2000; guard++) {
    if (tick >= window.start) ticks.push(tick);
    tick += step * MINUTE;
  }
  return ticks;
}
