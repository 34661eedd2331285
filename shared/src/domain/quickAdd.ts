import { instantFromWallTime, wallTimeAt } from '../time/zones';
import type { TimePrecision } from '../schema/types';

/**
 * Parses a quick-add line such as "14:32 restarted the pods", "[14:32:10] alert fired",
 * "2024-05-01 14:32 rollback started" or "~14:30 someone noticed". The time is read in
 * `timeZone` (the typist's); a bare clock time goes on the day that puts it closest to the
 * incident (`near`), so "00:10" after a late-evening start lands on the next day.
 */
export interface QuickAdd {
  readonly text: string;
  readonly occurredAt: number | null;
  readonly precision: TimePrecision;
}

const DATE_TIME = /^\[?(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\]?\s+/;
const CLOCK = /^(~|≈|ca\.?\s*)?\[?(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\]?\s*[-–—:]?\s+/i;
const DAY = 86_400_000;

export function parseQuickAdd(input: string, options: { timeZone: string; near: number }): QuickAdd {
  const line = input.trim();
  const dated = DATE_TIME.exec(line);
  if (dated) {
    const [, y, mo, d, h, mi, s] = dated.map((part) => (part === undefined ? undefined : Number(part)));
    if (validClock(h!, mi!, s ?? 0) && mo! >= 1 && mo! <= 12 && d! >= 1 && d! <= 31) {
      return {
        text: line.slice(dated[0].length).trim(),
        occurredAt: instantFromWallTime(
          { year: y!, month: mo!, day: d!, hour: h!, minute: mi!, second: s ?? 0 },
          options.timeZone,
        ),
        precision: s === undefined ? 'minute' : 'second',
      };
    }
  }
  const clock = CLOCK.exec(line);
  if (clock) {
    const approximate = clock[1] !== undefined;
    const hour = Number(clock[2]);
    const minute = Number(clock[3]);
    const second = clock[4] === undefined ? undefined : Number(clock[4]);
    if (validClock(hour, minute, second ?? 0)) {
      const base = wallTimeAt(options.near, options.timeZone);
      const sameDay = instantFromWallTime({ ...base, hour, minute, second: second ?? 0 }, options.timeZone);
      const candidates = [sameDay - DAY, sameDay, sameDay + DAY];
      const occurredAt = candidates.reduce((best, c) =>
        Math.abs(c - options.near) < Math.abs(best - options.near) ? c : best,
      );
      return {
        text: line.slice(clock[0].length).trim(),
        occurredAt,
        precision: approximate ? 'approximate' : second === undefined ? 'minute' : 'second',
      };
    }
  }
  return { text: line, occurredAt: null, precision: 'minute' };
}

function validClock(hour: number, minute: number, second: number): boolean {
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}
