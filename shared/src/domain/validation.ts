import { z } from 'zod';
import { BoardOperationError, OperationErrorReason } from '../errors';
import { ID_PATTERN } from '../ids';
import { isValidOrderKey } from '../ordering/orderKey';
import { CARD_KINDS, SEVERITIES, TIME_PRECISIONS } from '../schema/types';

/** Shared zod building blocks for operation inputs. */

export const MAX_CARD_TEXT = 2000;
export const MAX_NAME = 120;
export const MAX_LONG_TEXT = 10_000;

/** Zones already asked about (constructing a formatter to find out costs tens of microseconds). */
const zoneValidity = new Map<string, boolean>();

export function isValidTimeZone(zone: string): boolean {
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  if (zone.length <= 64) {
    if (zoneValidity.size >= 1_000) zoneValidity.clear();
    zoneValidity.set(zone, valid);
  }
  return valid;
}

export const idSchema = z.string().regex(ID_PATTERN, 'must be an id of letters, digits, - or _');
export const orderKeySchema = z.string().refine(isValidOrderKey, 'is not a valid order key');
export const timeZoneSchema = z.string().refine(isValidTimeZone, 'is not a known IANA time zone');
/** UTC epoch milliseconds between 1970 and 2200. */
export const instantSchema = z.number().int().min(0).max(7_258_118_400_000);
export const nameSchema = z.string().trim().min(1, 'must not be empty').max(MAX_NAME);
export const cardTextSchema = z.string().max(MAX_CARD_TEXT);
export const cardKindSchema = z.enum(CARD_KINDS);
export const precisionSchema = z.enum(TIME_PRECISIONS);
export const severitySchema = z.enum(SEVERITIES);
export const isoDateSchema = z.string().refine((value) => isCalendarDate(value), 'must be a date as YYYY-MM-DD');
/** http, https (with a host) or mailto, and no character that could end a link or start markup. */
export function isSafeUrl(value: string): boolean {
  if (value.length > 2000 || /[\s\p{C}<>"'`\\()[\]{}|^]/u.test(value)) return false;
  return /^https?:\/\/[^/?#@:]+(:\d{1,5})?([/?#]|$)/i.test(value) || /^mailto:[^/?#]+@[^/?#]+/i.test(value);
}

export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

export const urlSchema = z.string().max(2000).refine(isSafeUrl, 'must be an http, https or mailto link');

/** Parses `input` or throws a BoardOperationError naming the operation and each problem. */
export function parseInput<S extends z.ZodType>(operation: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'} ${issue.message}`)
    .join('; ');
  throw new BoardOperationError(OperationErrorReason.InvalidInput, `${operation}: ${problems}`);
}
