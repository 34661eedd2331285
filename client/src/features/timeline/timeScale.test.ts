import { describe, expect, it } from 'vitest';
import { fitView, fitZoom, instantAt, snapToMinute, ticksFor, timeWindowFor, xOf } from './timeScale';

const T = Date.UTC(2024, 4, 1, 12, 0);
const card = (occurredAt: number | null, deletedAt: number | null = null) => ({
  place: { laneId: 'l', orderKey: 'a0', occurredAt, precision: 'minute' as const },
  deletedAt,
});

describe('time scale', () => {
  it('covers the incident window and every placed card, with padding', () => {
    const window = timeWindowFor({ startedAt: T, resolvedAt: T + 3_600_000 }, [
      card(T - 1_800_000),
      card(null),
      card(T + 99e6, 1),
    ]);
    expect(window.start).toBe(T - 1_800_000 - 600_000);
    expect(window.end).toBe(T + 3_600_000 + 600_000 + 60_000);
    expect(timeWindowFor({ startedAt: null, resolvedAt: null }, [], T)).toEqual({
      start: T - 3_600_000,
      end: T + 3_600_000,
    });
  });

  it('maps instants to pixels and back, snapping to the minute', () => {
    const window = { start: T, end: T + 3_600_000 };
    expect(xOf(T + 90_000, window, 10)).toBe(15);
    expect(instantAt(15, window, 10)).toBe(T + 90_000);
    expect(snapToMinute(T + 89_000)).toBe(T + 60_000);
    expect(snapToMinute(T + 91_000)).toBe(T + 120_000);
    expect(fitZoom(window, 600)).toBe(10);
  });

  it('places ticks on round wall-clock times of the viewer’s zone', () => {
    const window = { start: Date.UTC(2024, 4, 1, 12, 7), end: Date.UTC(2024, 4, 1, 13, 7) };
    const ticks = ticksFor(window, 5, 'Asia/Kolkata'); // UTC+05:30, 15-minute steps at 5 px/min
    expect(ticks.length).toBeGreaterThan(2);
    for (const tick of ticks) expect(new Date(tick + 5.5 * 3_600_000).getUTCMinutes() % 15).toBe(0);
    expect(ticks.every((t) => t >= window.start && t <= window.end)).toBe(true);
  });
});

describe('fitView', () => {
  const MINUTE = 60_000;
  const incident = { start: 60 * MINUTE, end: 120 * MINUTE };
  const span = { start: 40 * MINUTE, end: 140 * MINUTE };
  const limits = { min: 0.5, max: 120 };

  it('shows the whole incident, with room for half a card that starts at its end', () => {
    const fit = fitView(incident, span, 708, 200, limits);
    expect(fit.pxPerMinute).toBe(10); // (708 - 100 - 8) px over 60 minutes
    expect(fit.pxPerMinute * 60 + 100).toBeLessThanOrEqual(708);
  });

  it('scrolls so the incident starts at the left of the time area', () => {
    const fit = fitView(incident, span, 708, 200, limits);
    expect(fit.scrollLeft).toBe(200); // 20 minutes of board before the incident, at 10 px a minute
    expect(fitView(span, span, 708, 200, limits).scrollLeft).toBe(0);
  });

  it('keeps to the zoom limits on a very long incident or a tiny window', () => {
    expect(fitView({ start: 0, end: 14 * 24 * 60 * MINUTE }, span, 500, 150, limits).pxPerMinute).toBe(0.5);
    expect(fitView({ start: 0, end: MINUTE }, span, 2000, 150, limits).pxPerMinute).toBe(120);
  });
});
