import { CARD_KINDS } from '../schema/types';
import { instantFromWallTime, parseLocalDateTime } from '../time/zones';
import type { ImportEntry, ImportError, ParsedImport } from './types';

/** RFC 4180 records (quoted fields may hold commas, quotes and newlines), with their line. */
export function parseCsvRecords(text: string): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.some((f) => f !== '')) records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += c;
  }
  fields.push(field);
  if (fields.some((f) => f !== '')) records.push({ line: recordLine, fields });
  return records;
}

/**
 * `time,lane,kind,text` with a header row (any column order, case-insensitive). Times are
 * ISO instants with an offset, "YYYY-MM-DD HH:MM[:SS]" or "HH:MM" in the chosen zone (on
 * `date`), or empty for "unknown". Kind defaults to event.
 */
export function parseCsvTimeline(text: string, options: { timeZone: string; date: string }): ParsedImport {
  const records = parseCsvRecords(text);
  const header = records.shift();
  if (!header) return { entries: [], errors: [{ line: 1, message: 'the file is empty' }] };
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const at = (name: string) => columns.indexOf(name);
  if (at('text') < 0 || at('time') < 0) {
    return {
      entries: [],
      errors: [
        { line: header.line, message: 'the header must name at least "time" and "text" (and usually "lane", "kind")' },
      ],
    };
  }
  const entries: ImportEntry[] = [];
  const errors: ImportError[] = [];
  for (const { line, fields } of records) {
    const get = (name: string) => (at(name) >= 0 ? (fields[at(name)] ?? '').trim() : '');
    const textValue = get('text').replace(/\r\n?/g, '\n');
    const rawTime = get('time');
    const kind = get('kind').toLowerCase() || 'event';
    if (!textValue) {
      errors.push({ line, message: 'the text is empty' });
      continue;
    }
    if (!(CARD_KINDS as readonly string[]).includes(kind)) {
      errors.push({ line, message: `"${kind}" is not a card kind (${CARD_KINDS.join(', ')})` });
      continue;
    }
    const occurredAt = parseTime(rawTime, options);
    if (occurredAt === undefined) {
      errors.push({ line, message: `"${rawTime}" is not a time (use 14:32, 2024-05-01 14:32 or an ISO time)` });
      continue;
    }
    entries.push({ line, occurredAt, speaker: get('lane') || 'Imported', text: textValue, kind });
  }
  return { entries, errors };
}

function parseTime(value: string, options: { timeZone: string; date: string }): number | null | undefined {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const instant = Date.parse(value);
    return Number.isNaN(instant) ? undefined : instant;
  }
  const local = parseLocalDateTime(
    /^\d{1,2}:\d{2}(:\d{2})?$/.test(value) ? `${options.date} ${value.replace(/^(\d):/, '0$1:')}` : value,
  );
  return local ? instantFromWallTime(local, options.timeZone) : undefined;
}
