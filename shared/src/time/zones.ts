/**
 * Time-zone arithmetic on top of Intl (no DOM, no Node APIs). Instants are UTC epoch ms;
 * "wall time" is what a clock in a given IANA zone shows.
 */

export interface WallTime {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The wall time at `instant`, read from Intl (exact, and costly: tens of microseconds). */
function wallTimeFromIntl(instant: number, zone: string): Required<WallTime> {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year']!,
    month: parts['month']!,
    day: parts['day']!,
    hour: parts['hour']! % 24,
    minute: parts['minute']!,
    second: parts['second']!,
  };
}

/** Milliseconds east of UTC at a whole-second instant, from Intl. */
function offsetFromIntl(instant: number, zone: string): number {
  const wall = wallTimeFromIntl(instant, zone);
  return (
    Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) -
    Math.floor(instant / 1000) * 1000
  );
}

/**
 * Offsets per zone and quarter hour of UTC. Zones change offset at most once in any quarter
 * hour, so when the offsets at both ends of a quarter agree, every instant inside has it;
 * when they differ (a transition inside), Intl answers for each instant.
 */
const QUARTER = 900_000;
const offsets = new Map<string, number | null>();

function offsetAt(instant: number, zone: string): number | null {
  const start = Math.floor(instant / QUARTER) * QUARTER;
  const key = `${zone}\u0000${start}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const first = offsetFromIntl(start, zone);
    offset = first === offsetFromIntl(start + QUARTER - 1000, zone) ? first : null;
    if (offsets.size >= 20_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The wall time a clock in `zone` shows at `instant`. */
export function wallTimeAt(instant: number, zone: string): Required<WallTime> {
  const offset = offsetAt(instant, zone);
  if (offset === null) return wallTimeFromIntl(instant, zone);
  const wall = new Date(Math.floor(instant / 1000) * 1000 + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** Minutes east of UTC in `zone` at `instant` (e.g. +120 for CEST). */
export function utcOffsetMinutes(instant: number, zone: string): number {
  const wall = wallTimeAt(instant, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The instant at which a clock in `zone` shows `wall`. In a DST gap (a wall time that never
 * happens) the result is shifted forward by the gap; in an overlap the earlier instant wins.
 */
export function instantFromWallTime(wall: WallTime, zone: string): number {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);
  const DAY = 86_400_000;
  // The offsets in force a day before and a day after bracket any single transition.
  const before = naive - utcOffsetMinutes(naive - DAY, zone) * 60_000;
  const after = naive - utcOffsetMinutes(naive + DAY, zone) * 60_000;
  const roundTrips = (candidate: number) => {
    const back = wallTimeAt(candidate, zone);
    return Date.UTC(back.year, back.month - 1, back.day, back.hour, back.minute, back.second) === naive;
  };
  const valid = [before, after].filter(roundTrips);
  if (valid.length > 0) return Math.min(...valid);
  return before; // in a gap: read with the offset before the change, i.e. shifted forward
}

/** "UTC+02:00", "UTC−05:30", "UTC". */
export function formatUtcOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes > 0 ? '+' : '−';
  const abs = Math.abs(offsetMinutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "14:32" in `zone`. */
export function formatClock(instant: number, zone: string, withSeconds = false): string {
  const wall = wallTimeAt(instant, zone);
  return `${pad(wall.hour)}:${pad(wall.minute)}${withSeconds ? `:${pad(wall.second)}` : ''}`;
}

/** "2024-05-01 14:32" in `zone`. */
export function formatDateTime(instant: number, zone: string): string {
  const wall = wallTimeAt(instant, zone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}`;
}

/** Parses "YYYY-MM-DDTHH:MM" (an <input type="datetime-local"> value) as wall time. */
export function parseLocalDateTime(value: string): WallTime | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || second! > 59) return null;
  return { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! };
}

/** An instant as "YYYY-MM-DDTHH:MM" wall time in `zone` (for datetime-local inputs). */
export function toLocalDateTimeValue(instant: number, zone: string): string {
  const wall = wallTimeAt(instant, zone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}
