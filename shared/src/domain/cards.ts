import * as Y from 'yjs';
import { z } from 'zod';
import { BoardOperationError, OperationErrorReason } from '../errors';
import { newId } from '../ids';
import { compareStrings, keyBetween } from '../ordering/orderKey';
import { CardField, boardRoots, entities, readPlace, type EntityMap } from '../schema/boardDoc';
import { CARD_SOURCES, type CardPlace } from '../schema/types';
import { nowOf, requireEntity, transact, type OperationContext } from './context';
import {
  cardKindSchema,
  cardTextSchema,
  idSchema,
  instantSchema,
  orderKeySchema,
  parseInput,
  precisionSchema,
} from './validation';

/**
 * An order key that puts a card last among the cards that share its lane and time.
 * The key only orders cards of the same instant (or of unknown time); time sorts first.
 */
function keyAtEndOfSlot(cards: Y.Map<EntityMap>, laneId: string, occurredAt: number | null, skipId?: string): string {
  let last: string | null = null;
  for (const [id, card] of entities(cards)) {
    if (id === skipId) continue;
    const place = readPlace(card.get(CardField.place));
    if (place.laneId !== laneId || place.occurredAt !== occurredAt) continue;
    if (last === null || compareStrings(place.orderKey, last) > 0) last = place.orderKey;
  }
  return keyBetween(last, null);
}

const placeInput = {
  laneId: idSchema,
  occurredAt: instantSchema.nullable(),
  precision: precisionSchema.default('minute'),
  /** An explicit position among same-time cards; computed (last) when omitted. */
  orderKey: orderKeySchema.optional(),
};

const createCardSchema = z
  .object({
    id: idSchema.optional(),
    text: cardTextSchema,
    kind: cardKindSchema.default('event'),
    source: z.enum(CARD_SOURCES).default('typed'),
    misleading: z.boolean().default(false),
    /** The source an imported card came from (tool, channel, file and message). */
    importedFrom: z.string().max(300).nullable().default(null),
    ...placeInput,
  })
  .strict();
export type CreateCardInput = z.input<typeof createCardSchema>;

function requireLane(doc: Y.Doc, laneId: string, operation: string): void {
  if (!boardRoots(doc).lanes.has(laneId)) {
    throw new BoardOperationError(OperationErrorReason.NotFound, `${operation}: lane ${laneId} does not exist`);
  }
}

export function createCard(doc: Y.Doc, input: CreateCardInput, ctx: OperationContext = {}): string {
  const parsed = parseInput('createCard', createCardSchema, input);
  requireLane(doc, parsed.laneId, 'createCard');
  const { cards } = boardRoots(doc);
  const id = parsed.id ?? newId();
  if (cards.has(id))
    throw new BoardOperationError(OperationErrorReason.InvalidInput, `createCard: card ${id} already exists`);
  const place: CardPlace = {
    laneId: parsed.laneId,
    occurredAt: parsed.occurredAt,
    precision: parsed.precision,
    orderKey: parsed.orderKey ?? keyAtEndOfSlot(cards, parsed.laneId, parsed.occurredAt),
  };
  transact(doc, ctx, () => {
    const card = new Y.Map<unknown>();
    card.set(CardField.id, id);
    card.set(CardField.text, parsed.text);
    card.set(CardField.kind, parsed.kind);
    card.set(CardField.place, place);
    card.set(CardField.author, ctx.author ? { ...ctx.author } : null);
    card.set(CardField.createdAt, nowOf(ctx));
    card.set(CardField.source, parsed.source);
    card.set(CardField.misleading, parsed.misleading);
    card.set(CardField.factors, new Y.Map<boolean>());
    card.set(CardField.deletedAt, null);
    if (parsed.importedFrom !== null) card.set(CardField.importedFrom, parsed.importedFrom);
    cards.set(id, card);
  });
  return id;
}

const editCardSchema = z
  .object({
    cardId: idSchema,
    text: cardTextSchema.optional(),
    kind: cardKindSchema.optional(),
    misleading: z.boolean().optional(),
    hintsDismissed: z.boolean().optional(),
  })
  .strict();
export type EditCardInput = z.input<typeof editCardSchema>;

/** Edits text, kind or the misleading-signal flag. Works on soft-deleted cards too, so a
 * concurrent edit and delete both survive and a restore brings the edit back. */
export function editCard(doc: Y.Doc, input: EditCardInput, ctx: OperationContext = {}): void {
  const parsed = parseInput('editCard', editCardSchema, input);
  const card = requireEntity(boardRoots(doc).cards, parsed.cardId, 'card');
  transact(doc, ctx, () => {
    if (parsed.text !== undefined) card.set(CardField.text, parsed.text);
    if (parsed.kind !== undefined) card.set(CardField.kind, parsed.kind);
    if (parsed.misleading !== undefined) card.set(CardField.misleading, parsed.misleading);
    if (parsed.hintsDismissed !== undefined) card.set(CardField.hintsDismissed, parsed.hintsDismissed);
  });
}

const moveCardSchema = z.object({ cardId: idSchema, ...placeInput }).strict();
export type MoveCardInput = z.input<typeof moveCardSchema>;

/** Moves a card in lane and time with ONE write of its place. */
export function moveCard(doc: Y.Doc, input: MoveCardInput, ctx: OperationContext = {}): void {
  const parsed = parseInput('moveCard', moveCardSchema, input);
  requireLane(doc, parsed.laneId, 'moveCard');
  const { cards } = boardRoots(doc);
  const card = requireEntity(cards, parsed.cardId, 'card');
  const current = readPlace(card.get(CardField.place));
  const sameSlot = current.laneId === parsed.laneId && current.occurredAt === parsed.occurredAt;
  const place: CardPlace = {
    laneId: parsed.laneId,
    occurredAt: parsed.occurredAt,
    precision: parsed.precision,
    orderKey:
      parsed.orderKey ??
      (sameSlot ? current.orderKey : keyAtEndOfSlot(cards, parsed.laneId, parsed.occurredAt, parsed.cardId)),
  };
  transact(doc, ctx, () => card.set(CardField.place, place));
}

const cardRefSchema = z.object({ cardId: idSchema }).strict();

export function deleteCard(doc: Y.Doc, input: z.input<typeof cardRefSchema>, ctx: OperationContext = {}): void {
  const parsed = parseInput('deleteCard', cardRefSchema, input);
  const card = requireEntity(boardRoots(doc).cards, parsed.cardId, 'card');
  transact(doc, ctx, () => card.set(CardField.deletedAt, nowOf(ctx)));
}

export function restoreCard(doc: Y.Doc, input: z.input<typeof cardRefSchema>, ctx: OperationContext = {}): void {
  const parsed = parseInput('restoreCard', cardRefSchema, input);
  const card = requireEntity(boardRoots(doc).cards, parsed.cardId, 'card');
  transact(doc, ctx, () => card.set(CardField.deletedAt, null));
}
