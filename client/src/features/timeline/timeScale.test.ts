import { describe, expect, it } from 'vitest';
import { fitZoom, instantAt, snapToMinute, ticksFor, timeWindowFor, xOf } from './timeScale';

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
