import * as Y from 'yjs';
import { z } from 'zod';
import { BoardOperationError, OperationErrorReason } from '../errors';
import { newId } from '../ids';
import { compareByOrderKey, keyBetween } from '../ordering/orderKey';
import { LaneField, boardRoots, entities, readLane, type EntityMap } from '../schema/boardDoc';
import { LANE_KINDS, type Lane } from '../schema/types';
import { requireEntity, transact, type OperationContext } from './context';
import { idSchema, nameSchema, parseInput, timeZoneSchema } from './validation';

function sortedLanes(lanes: Y.Map<EntityMap>): Lane[] {
  return entities(lanes)
    .map(([id, map]) => readLane(id, map))
    .sort(compareByOrderKey);
}

/** An order key placing a lane directly after `afterId` (null = first), or last if undefined. */
function laneKeyAfter(lanes: Y.Map<EntityMap>, afterId: string | null | undefined, skipId?: string): string {
  const ordered = sortedLanes(lanes).filter((lane) => lane.id !== skipId);
  if (afterId === undefined) return keyBetween(ordered.at(-1)?.orderKey ?? null, null);
  if (afterId === null) return keyBetween(null, ordered[0]?.orderKey ?? null);
  const index = ordered.findIndex((lane) => lane.id === afterId);
  if (index < 0) throw new BoardOperationError(OperationErrorReason.NotFound, `lane ${afterId} does not exist`);
  return keyBetween(ordered[index]?.orderKey ?? null, ordered[index + 1]?.orderKey ?? null);
}

const createLaneSchema = z
  .object({
    id: idSchema.optional(),
    name: nameSchema,
    kind: z.enum(LANE_KINDS).default('system'),
    owner: z.string().max(200).nullable().default(null),
    timeZone: timeZoneSchema.nullable().default(null),
    importKeys: z.array(z.string().min(1).max(200)).max(20).default([]),
    /** Place after this lane; null = first; omitted = last. */
    afterLaneId: idSchema.nullable().optional(),
  })
  .strict();
export type CreateLaneInput = z.input<typeof createLaneSchema>;

export function createLane(doc: Y.Doc, input: CreateLaneInput, ctx: OperationContext = {}): string {
  const parsed = parseInput('createLane', createLaneSchema, input);
  const { lanes } = boardRoots(doc);
  const id = parsed.id ?? newId();
  if (lanes.has(id))
    throw new BoardOperationError(OperationErrorReason.InvalidInput, `createLane: lane ${id} already exists`);
  const orderKey = laneKeyAfter(lanes, parsed.afterLaneId);
  transact(doc, ctx, () => {
    const lane = new Y.Map<unknown>();
    lane.set(LaneField.id, id);
    lane.set(LaneField.name, parsed.name);
    lane.set(LaneField.kind, parsed.kind);
    lane.set(LaneField.owner, parsed.owner);
    lane.set(LaneField.timeZone, parsed.timeZone);
    lane.set(LaneField.orderKey, orderKey);
    if (parsed.importKeys.length > 0) {
      const keys = new Y.Map<boolean>();
      for (const key of parsed.importKeys) keys.set(key, true);
      lane.set(LaneField.importKeys, keys);
    }
    lanes.set(id, lane);
  });
  return id;
}

const renameLaneSchema = z.object({ laneId: idSchema, name: nameSchema }).strict();

export function renameLane(doc: Y.Doc, input: z.input<typeof renameLaneSchema>, ctx: OperationContext = {}): void {
  const parsed = parseInput('renameLane', renameLaneSchema, input);
  const lane = requireEntity(boardRoots(doc).lanes, parsed.laneId, 'lane');
  transact(doc, ctx, () => lane.set(LaneField.name, parsed.name));
}

const moveLaneSchema = z
  .object({ laneId: idSchema, afterLaneId: idSchema.nullable() })
  .strict()
  .refine((input) => input.laneId !== input.afterLaneId, 'a lane cannot be placed after itself');

/** Reorders a lane to sit directly after `afterLaneId` (null = first). One key write. */
export function moveLane(doc: Y.Doc, input: z.input<typeof moveLaneSchema>, ctx: OperationContext = {}): void {
  const parsed = parseInput('moveLane', moveLaneSchema, input);
  const { lanes } = boardRoots(doc);
  const lane = requireEntity(lanes, parsed.laneId, 'lane');
  const orderKey = laneKeyAfter(lanes, parsed.afterLaneId, parsed.laneId);
  transact(doc, ctx, () => lane.set(LaneField.orderKey, orderKey));
}

/** Remembers that imports from `key` ("slack:U0BMYT2FL") belong in this lane. */
export function addLaneImportKey(doc: Y.Doc, laneId: string, key: string, ctx: OperationContext = {}): void {
  const lane = requireEntity(boardRoots(doc).lanes, laneId, 'lane');
  transact(doc, ctx, () => {
    let keys = lane.get(LaneField.importKeys);
    if (!(keys instanceof Y.Map)) {
      keys = new Y.Map<boolean>();
      lane.set(LaneField.importKeys, keys);
    }
    (keys as Y.Map<boolean>).set(key.slice(0, 200), true);
  });
}
