import { z } from 'zod';
import { BoardOperationError, OperationErrorReason } from '../errors';
import { ID_PATTERN } from '../ids';
import { isValidOrderKey } from '../ordering/orderKey';
import { CARD_KINDS, SEVERITIES, TIME_PRECISIONS } from '../schema/types';

/** Shared zod building blocks for operation inputs. */

export const MAX_CARD_TEXT = 2000;
export const MAX_NAME = 120;
export const MAX_LONG_TEXT = 10_000;

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
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
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');
export const urlSchema = z
  .string()
  .max(2000)
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL');

/** Parses `input` or throws a BoardOperationError naming the operation and each problem. */
export function parseInput<S extends z.ZodType>(operation: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'} ${issue.message}`)
    .join('; ');
  throw new BoardOperationError(OperationErrorReason.InvalidInput, `${operation}: ${problems}`);
}
