import * as Y from 'yjs';
import { z } from 'zod';
import { BoardOperationError, OperationErrorReason } from '../errors';
import { ActionField, CardField, FactorField, LaneField, MetaField, boardRoots, readBoard } from '../schema/boardDoc';
import {
  ACTION_STATUSES,
  CARD_KINDS,
  CARD_SOURCES,
  LANE_KINDS,
  NOTE_KEYS,
  SCHEMA_VERSION,
  SEVERITIES,
  TIME_PRECISIONS,
  type BoardSnapshot,
} from '../schema/types';
import { idSchema, orderKeySchema, timeZoneSchema } from '../domain/validation';
import { isCalendarDate, isSafeUrl, sanitizeBoard } from './sanitize';

/**
 * The complete board as JSON (archival, re-importable). Import validates everything and
 * builds an equivalent board in one transaction; ids, times and authors are kept.
 */

export const BOARD_JSON_FORMAT = 'retrace-board';

const instant = z.number().finite();
const text = (max: number) => z.string().max(max);

const boardJsonSchema = z.object({
  format: z.literal(BOARD_JSON_FORMAT),
  schemaVersion: z.number().int().min(1).max(SCHEMA_VERSION),
  exportedAt: z.string().optional(),
  notes: z.array(z.string()).optional(),
  board: z.object({
    meta: z.object({
      schemaVersion: z.number().int(),
      title: text(200).min(1),
      summary: text(10_000),
      impact: text(10_000),
      severity: z.enum(SEVERITIES).nullable(),
      startedAt: instant.nullable(),
      detectedAt: instant.nullable(),
      mitigatedAt: instant.nullable().default(null),
      resolvedAt: instant.nullable(),
      timeZone: timeZoneSchema,
    }),
    lanes: z
      .array(
        z.object({
          id: idSchema,
          name: text(120).min(1),
          kind: z.enum(LANE_KINDS),
          owner: text(200).nullable(),
          timeZone: timeZoneSchema.nullable(),
          orderKey: orderKeySchema,
          importKeys: z.array(text(200)).max(20).default([]),
        }),
      )
      .max(500),
    cards: z
      .array(
        z.object({
          id: idSchema,
          text: text(2000),
          kind: z.enum(CARD_KINDS),
          place: z.object({
            laneId: idSchema,
            orderKey: orderKeySchema,
            occurredAt: instant.nullable(),
            precision: z.enum(TIME_PRECISIONS),
          }),
          author: z.object({ name: text(200), timeZone: text(64) }).nullable(),
          createdAt: instant,
          source: z.enum(CARD_SOURCES),
          misleading: z.boolean(),
          factorIds: z.array(idSchema).max(200),
          deletedAt: instant.nullable(),
          hintsDismissed: z.boolean().default(false),
          importedFrom: text(300).nullable().default(null),
        }),
      )
      .max(50_000),
    factors: z
      .array(
        z.object({
          id: idSchema,
          name: text(120).min(1),
          category: text(80),
          description: text(10_000),
          createdAt: instant,
          deletedAt: instant.nullable(),
        }),
      )
      .max(1_000),
    actions: z
      .array(
        z.object({
          id: idSchema,
          title: text(300).min(1),
          owner: text(200),
          dueDate: z.string().refine(isCalendarDate, 'must be a date as YYYY-MM-DD').nullable(),
          status: z.enum(ACTION_STATUSES),
          factorIds: z.array(idSchema).max(100),
          trackerUrl: z.string().refine(isSafeUrl, 'must be an http, https or mailto link').nullable(),
          createdAt: instant,
        }),
      )
      .max(1_000),
    notes: z.object(
      Object.fromEntries(NOTE_KEYS.map((key) => [key, text(100_000)])) as Record<
        (typeof NOTE_KEYS)[number],
        z.ZodString
      >,
    ),
  }),
});

export interface BoardJson {
  readonly format: typeof BOARD_JSON_FORMAT;
  readonly schemaVersion: number;
  readonly exportedAt?: string;
  /** What the export replaced because the import would refuse it. */
  readonly notes?: readonly string[];
  readonly board: BoardSnapshot;
}

/**
 * The board as JSON; values a hostile or old client wrote that the import would refuse
 * (an unknown zone, a date that is not one, a javascript: link) are replaced as the report
 * replaces them, so every export re-imports.
 */
export function exportBoardJson(doc: Y.Doc, now: number = Date.now()): BoardJson {
  const { board, notes } = sanitizeBoard(readBoard(doc));
  return {
    format: BOARD_JSON_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    exportedAt: new Date(now).toISOString(),
    ...(notes.length ? { notes } : {}),
    board,
  };
}

/** Validates an export; throws BoardOperationError naming the first problems. */
export function parseBoardJson(input: unknown): BoardJson {
  const result = boardJsonSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`)
      .join('; ');
    throw new BoardOperationError(OperationErrorReason.InvalidInput, `not a valid Retrace board export: ${problems}`);
  }
  const { board } = result.data;
  const laneIds = new Set(board.lanes.map((l) => l.id));
  const missingLane = board.cards.find((card) => !laneIds.has(card.place.laneId));
  if (missingLane)
    throw new BoardOperationError(
      OperationErrorReason.InvalidInput,
      `card ${missingLane.id} is in a lane the file does not contain`,
    );
  return result.data as BoardJson;
}

/** Writes a validated export into an empty document, in one transaction. */
export function importBoardJson(doc: Y.Doc, json: BoardJson): void {
  const roots = boardRoots(doc);
  const b: BoardSnapshot = json.board;
  doc.transact(() => {
    for (const [key, field] of Object.entries(MetaField))
      roots.meta.set(field, b.meta[key as keyof BoardSnapshot['meta']]);
    roots.meta.set(MetaField.schemaVersion, SCHEMA_VERSION);
    for (const lane of b.lanes) {
      const map = new Y.Map<unknown>();
      for (const [key, field] of Object.entries(LaneField)) {
        if (field === LaneField.importKeys) {
          const keys = new Y.Map<boolean>();
          for (const importKey of lane.importKeys) keys.set(importKey, true);
          map.set(field, keys);
        } else map.set(field, lane[key as keyof typeof lane]);
      }
      roots.lanes.set(lane.id, map);
    }
    for (const factor of b.factors) {
      const map = new Y.Map<unknown>();
      for (const [key, field] of Object.entries(FactorField)) map.set(field, factor[key as keyof typeof factor]);
      roots.factors.set(factor.id, map);
    }
    for (const card of b.cards) {
      const map = new Y.Map<unknown>();
      const tags = new Y.Map<boolean>();
      for (const id of card.factorIds) tags.set(id, true);
      map.set(CardField.id, card.id);
      map.set(CardField.text, card.text);
      map.set(CardField.kind, card.kind);
      map.set(CardField.place, { ...card.place });
      map.set(CardField.author, card.author ? { ...card.author } : null);
      map.set(CardField.createdAt, card.createdAt);
      map.set(CardField.source, card.source);
      map.set(CardField.misleading, card.misleading);
      map.set(CardField.factors, tags);
      map.set(CardField.deletedAt, card.deletedAt);
      map.set(CardField.hintsDismissed, card.hintsDismissed);
      if (card.importedFrom !== null) map.set(CardField.importedFrom, card.importedFrom);
      roots.cards.set(card.id, map);
    }
    for (const action of b.actions) {
      const map = new Y.Map<unknown>();
      const linked = new Y.Map<boolean>();
      for (const id of action.factorIds) linked.set(id, true);
      map.set(ActionField.id, action.id);
      map.set(ActionField.title, action.title);
      map.set(ActionField.owner, action.owner);
      map.set(ActionField.dueDate, action.dueDate);
      map.set(ActionField.status, action.status);
      map.set(ActionField.trackerUrl, action.trackerUrl);
      map.set(ActionField.factors, linked);
      map.set(ActionField.createdAt, action.createdAt);
      roots.actions.set(action.id, map);
    }
    for (const key of NOTE_KEYS) roots.note(key).insert(0, b.notes[key]);
  });
}
