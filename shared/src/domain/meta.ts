import type * as Y from 'yjs';
import { z } from 'zod';
import { BoardOperationError, OperationErrorReason } from '../errors';
import { MetaField, boardRoots } from '../schema/boardDoc';
import { SCHEMA_VERSION } from '../schema/types';
import { transact, type OperationContext } from './context';
import { MAX_LONG_TEXT, instantSchema, nameSchema, parseInput, severitySchema, timeZoneSchema } from './validation';

const metaPatchSchema = z
  .object({
    title: nameSchema.max(200),
    summary: z.string().max(MAX_LONG_TEXT),
    impact: z.string().max(MAX_LONG_TEXT),
    severity: severitySchema.nullable(),
    startedAt: instantSchema.nullable(),
    detectedAt: instantSchema.nullable(),
    mitigatedAt: instantSchema.nullable(),
    resolvedAt: instantSchema.nullable(),
    timeZone: timeZoneSchema,
  })
  .partial()
  .strict();

export type MetaPatch = z.input<typeof metaPatchSchema>;

const initSchema = metaPatchSchema.required({ title: true });
export type InitBoardInput = z.input<typeof initSchema>;

function writeMeta(meta: Y.Map<unknown>, patch: z.output<typeof metaPatchSchema>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) meta.set(MetaField[key as keyof typeof MetaField], value);
  }
}

function checkWindow(patch: z.output<typeof metaPatchSchema>, current: Y.Map<unknown>): void {
  const at = (key: 'startedAt' | 'resolvedAt'): number | null => {
    const value = key in patch ? patch[key] : current.get(MetaField[key]);
    return typeof value === 'number' ? value : null;
  };
  const start = at('startedAt');
  const end = at('resolvedAt');
  if (start !== null && end !== null && end < start) {
    throw new BoardOperationError(
      OperationErrorReason.InvalidInput,
      'updateMeta: resolvedAt must not be before startedAt',
    );
  }
}

/** Writes the schema version and initial meta of a fresh board. */
export function initBoard(doc: Y.Doc, input: InitBoardInput, ctx: OperationContext = {}): void {
  const parsed = parseInput('initBoard', initSchema, input);
  const { meta } = boardRoots(doc);
  checkWindow(parsed, meta);
  transact(doc, ctx, () => {
    meta.set(MetaField.schemaVersion, SCHEMA_VERSION);
    if (parsed.timeZone === undefined) meta.set(MetaField.timeZone, 'UTC');
    writeMeta(meta, parsed);
  });
}

export function updateMeta(doc: Y.Doc, patch: MetaPatch, ctx: OperationContext = {}): void {
  const parsed = parseInput('updateMeta', metaPatchSchema, patch);
  const { meta } = boardRoots(doc);
  checkWindow(parsed, meta);
  transact(doc, ctx, () => writeMeta(meta, parsed));
}
