import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatUtcOffset,
  instantFromWallTime,
  parseLocalDateTime,
  toLocalDateTimeValue,
  utcOffsetMinutes,
  wallTimeAt,
} from './zones';

describe('time zones', () => {
  it('knows offsets on both sides of a DST change', () => {
    expect(utcOffsetMinutes(Date.UTC(2024, 0, 15, 12), 'Europe/Berlin')).toBe(60);
    expect(utcOffsetMinutes(Date.UTC(2024, 6, 15, 12), 'Europe/Berlin')).toBe(120);
    expect(utcOffsetMinutes(Date.UTC(2024, 6, 15, 12), 'America/New_York')).toBe(-240);
    expect(utcOffsetMinutes(Date.UTC(2024, 6, 15, 12), 'Asia/Kolkata')).toBe(330);
  });

  it('converts wall time to an instant and back', () => {
    const wall = { year: 2024, month: 5, day: 1, hour: 14, minute: 32 };
    const instant = instantFromWallTime(wall, 'Europe/Berlin');
    expect(instant).toBe(Date.UTC(2024, 4, 1, 12, 32));
    expect(wallTimeAt(instant, 'Europe/Berlin')).toMatchObject(wall);
    expect(formatClock(instant, 'America/New_York')).toBe('08:32');
  });

  it('handles the spring-forward gap and the autumn overlap', () => {
    // 2024-03-31 02:30 does not exist in Berlin: shifted forward to 03:30 CEST (01:30 UTC).
    expect(instantFromWallTime({ year: 2024, month: 3, day: 31, hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(
      Date.UTC(2024, 2, 31, 1, 30),
    );
    // 2024-10-27 02:30 happens twice in Berlin: the earlier (CEST, 00:30 UTC) wins.
    expect(instantFromWallTime({ year: 2024, month: 10, day: 27, hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(
      Date.UTC(2024, 9, 27, 0, 30),
    );
  });

  it('formats offsets and datetime-local values', () => {
    expect(formatUtcOffset(120)).toBe('UTC+02:00');
    expect(formatUtcOffset(-330)).toBe('UTC−05:30');
    expect(formatUtcOffset(0)).toBe('UTC');
    expect(parseLocalDateTime('2024-05-01T14:32')).toEqual({
      year: 2024,
      month: 5,
      day: 1,
      hour: 14,
      minute: 32,
      second: 0,
    });
    expect(parseLocalDateTime('2024-13-01T14:32')).toBeNull();
    expect(parseLocalDateTime('yesterday')).toBeNull();
    expect(toLocalDateTimeValue(Date.UTC(2024, 4, 1, 12, 32), 'Europe/Berlin')).toBe('2024-05-01T14:32');
  });
});

describe('wall times from cached offsets', () => {
  it('agree with Intl at every minute around DST changes and in zones with odd offsets', () => {
    const check = (zone: string, from: number, minutes: number) => {
      const intl = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
      for (let i = 0; i < minutes; i++) {
        const instant = from + i * 60_000 + 17_000;
        const parts = Object.fromEntries(intl.formatToParts(new Date(instant)).map((p) => [p.type, Number(p.value)]));
        expect(wallTimeAt(instant, zone)).toEqual({
          year: parts['year'],
          month: parts['month'],
          day: parts['day'],
          hour: parts['hour']! % 24,
          minute: parts['minute'],
          second: parts['second'],
        });
      }
    };
    check('Europe/Berlin', Date.UTC(2024, 2, 31, 0, 0), 180);
    check('Europe/Berlin', Date.UTC(2024, 9, 27, 0, 0), 180);
    check('America/New_York', Date.UTC(2024, 10, 3, 5, 0), 120);
    check('Australia/Lord_Howe', Date.UTC(2024, 3, 6, 14, 0), 120); // a 30-minute DST change
    check('Asia/Kathmandu', Date.UTC(2024, 0, 1), 60); // UTC+05:45
    check('Africa/Monrovia', Date.UTC(1972, 0, 7, 0, 0), 120); // −00:44:30 until 1972
  });
});
