import { instantFromWallTime, wallTimeAt } from '../time/zones';
import type { ImportEntry, ImportError, ParsedImport } from './types';

/**
 * Plain chat logs, one message per line:
 *   [14:32] alice: restarted the pods          (date chosen at import)
 *   [14:32:10] alice: restarted the pods
 *   2024-05-01 14:32:10 alice: restarted the pods
 * Times are wall-clock times in the zone chosen at import. A line without a time
 * continues the previous message. Bare times that jump back by more than 12 hours are
 * read as the next day (a log that runs past midnight).
 */
const BRACKETED = /^\[(\d{1,2}):(\d{2})(?::(\d{2}))?\]\s*([^:]{1,80}?):\s*(.*)$/;
const DATED = /^\[?(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\]?\s+([^:]{1,80}?):\s*(.*)$/;
/** ISO 8601 with its own offset ("2024-05-01T14:32:10Z", "…+02:00"): no zone needed. */
const ISO =
  /^\[?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)\]?\s+([^:]{1,80}?):\s*(.*)$/;
/** "name: message" without a time. */
const UNTIMED = /^([^\s:[\]][^:[\]]{0,60}?):\s+(\S.*)$/;

export interface ChatLogOptions {
  readonly timeZone: string;
  /** The calendar date of bare [HH:MM] times, as YYYY-MM-DD in `timeZone`. */
  readonly date: string;
}

export function parseChatLog(text: string, options: ChatLogOptions): ParsedImport {
  const entries: Array<ImportEntry & { text: string }> = [];
  const errors: ImportError[] = [];
  const [year, month, day] = options.date.split('-').map(Number) as [number, number, number];
  let dayOffset = 0;
  let lastBare: number | null = null;
  const lines = text.split(/\r\n|\r|\n/);
  // People who speak with a time somewhere in the log: "bob: …" without a time is bob
  // speaking (time unknown), never a continuation of someone else's message.
  const speakers = new Set<string>();
  for (const raw of lines) {
    const match = ISO.exec(raw.trim()) ?? DATED.exec(raw.trim()) ?? BRACKETED.exec(raw.trim());
    if (match) speakers.add(match[match.length - 2]!.trim().toLowerCase());
  }
  lines.forEach((raw, index) => {
    const line = index + 1;
    const content = raw.trimEnd();
    if (!content.trim()) return;
    const iso = ISO.exec(content.trim());
    if (iso) {
      const [, local, zone, speaker, message] = iso;
      const offset = zone === 'Z' ? 'Z' : zone!.length === 3 ? `${zone}:00` : `${zone!.slice(0, 3)}:${zone!.slice(-2)}`;
      const instant = Date.parse(`${local!.replace(',', '.').replace(/(\.\d{3})\d+/, '$1')}${offset}`);
      if (Number.isNaN(instant)) {
        errors.push({ line, message: `"${local}${zone}" is not a valid date and time` });
        return;
      }
      entries.push({ line, occurredAt: instant, speaker: speaker!.trim(), text: message!.trim() });
      return;
    }
    const dated = DATED.exec(content.trim());
    if (dated) {
      const [, y, mo, d, h, mi, s, speaker, message] = dated;
      const wall = {
        year: Number(y),
        month: Number(mo),
        day: Number(d),
        hour: Number(h),
        minute: Number(mi),
        second: Number(s ?? 0),
      };
      if (
        wall.hour > 23 ||
        wall.minute > 59 ||
        wall.second > 59 ||
        wall.month < 1 ||
        wall.month > 12 ||
        wall.day < 1 ||
        wall.day > 31
      ) {
        errors.push({ line, message: `"${content.slice(0, 19)}" is not a valid date and time` });
        return;
      }
      entries.push({
        line,
        occurredAt: instantFromWallTime(wall, options.timeZone),
        speaker: speaker!.trim(),
        text: message!.trim(),
      });
      return;
    }
    const bracketed = BRACKETED.exec(content.trim());
    if (bracketed) {
      const [, h, mi, s, speaker, message] = bracketed;
      const hour = Number(h);
      const minute = Number(mi);
      const second = Number(s ?? 0);
      if (hour > 23 || minute > 59 || second > 59) {
        errors.push({ line, message: `"${h}:${mi}" is not a valid time` });
        return;
      }
      const minutesOfDay = hour * 60 + minute;
      if (lastBare !== null && lastBare - minutesOfDay > 12 * 60) dayOffset++;
      lastBare = minutesOfDay;
      const base =
        instantFromWallTime({ year, month, day, hour: 12, minute: 0 }, options.timeZone) + dayOffset * 86_400_000;
      const date = wallTimeAt(base, options.timeZone);
      entries.push({
        line,
        occurredAt: instantFromWallTime(
          { year: date.year, month: date.month, day: date.day, hour, minute, second },
          options.timeZone,
        ),
        speaker: speaker!.trim(),
        text: message!.trim(),
      });
      return;
    }
    const untimed = UNTIMED.exec(content.trim());
    if (untimed && !/^\s/.test(raw) && speakers.has(untimed[1]!.trim().toLowerCase())) {
      entries.push({
        line,
        occurredAt: null,
        speaker: untimed[1]!.trim(),
        text: untimed[2]!.trim(),
        note: 'no time on this line: placed as time unknown',
      });
      return;
    }
    // A line without a time continues the previous message (multi-line messages), unless
    // it looks like a botched timestamp, which is reported.
    const previous = entries.at(-1);
    if (previous && (/^\s/.test(raw) || !/^\[?\d/.test(content.trim()))) {
      previous.text = previous.text ? `${previous.text}\n${content.trim()}` : content.trim();
      return;
    }
    errors.push({ line, message: 'expected "[HH:MM] name: message" or "YYYY-MM-DD HH:MM name: message"' });
  });
  for (const entry of entries) {
    if (!entry.text) errors.push({ line: entry.line, message: 'the message is empty' });
  }
  return { entries: entries.filter((entry) => entry.text), errors: errors.sort((a, b) => a.line - b.line) };
}
