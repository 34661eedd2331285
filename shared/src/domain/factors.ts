import * as Y from 'yjs';
import { z } from 'zod';
import { BoardOperationError, OperationErrorReason } from '../errors';
import { newId } from '../ids';
import { ActionField, CardField, FactorField, boardRoots, entities, type EntityMap } from '../schema/boardDoc';
import { nowOf, requireEntity, transact, type OperationContext } from './context';
import { MAX_LONG_TEXT, idSchema, nameSchema, parseInput } from './validation';

const categorySchema = z.string().trim().min(1).max(80);

const createFactorSchema = z
  .object({
    id: idSchema.optional(),
    name: nameSchema,
    category: categorySchema.default('custom'),
    description: z.string().max(MAX_LONG_TEXT).default(''),
  })
  .strict();
export type CreateFactorInput = z.input<typeof createFactorSchema>;

export function createFactor(doc: Y.Doc, input: CreateFactorInput, ctx: OperationContext = {}): string {
  const parsed = parseInput('createFactor', createFactorSchema, input);
  const { factors } = boardRoots(doc);
  const id = parsed.id ?? newId();
  if (factors.has(id))
    throw new BoardOperationError(OperationErrorReason.InvalidInput, `createFactor: factor ${id} already exists`);
  transact(doc, ctx, () => {
    const factor = new Y.Map<unknown>();
    factor.set(FactorField.id, id);
    factor.set(FactorField.name, parsed.name);
    factor.set(FactorField.category, parsed.category);
    factor.set(FactorField.description, parsed.description);
    factor.set(FactorField.createdAt, nowOf(ctx));
    factor.set(FactorField.deletedAt, null);
    factors.set(id, factor);
  });
  return id;
}

const editFactorSchema = z
  .object({
    factorId: idSchema,
    name: nameSchema.optional(),
    category: categorySchema.optional(),
    description: z.string().max(MAX_LONG_TEXT).optional(),
  })
  .strict();
export type EditFactorInput = z.input<typeof editFactorSchema>;

/** Renames, re-categorises or re-describes a factor. */
export function editFactor(doc: Y.Doc, input: EditFactorInput, ctx: OperationContext = {}): void {
  const parsed = parseInput('editFactor', editFactorSchema, input);
  const factor = requireEntity(boardRoots(doc).factors, parsed.factorId, 'factor');
  transact(doc, ctx, () => {
    if (parsed.name !== undefined) factor.set(FactorField.name, parsed.name);
    if (parsed.category !== undefined) factor.set(FactorField.category, parsed.category);
    if (parsed.description !== undefined) factor.set(FactorField.description, parsed.description);
  });
}

export function renameFactor(doc: Y.Doc, input: { factorId: string; name: string }, ctx: OperationContext = {}): void {
  editFactor(doc, input, ctx);
}

const tagSchema = z.object({ cardId: idSchema, factorId: idSchema }).strict();
export type TagInput = z.input<typeof tagSchema>;

function tagSet(card: EntityMap, cardId: string): Y.Map<boolean> {
  const set = card.get(CardField.factors);
  if (!(set instanceof Y.Map)) {
    throw new BoardOperationError(OperationErrorReason.InvalidInput, `card ${cardId} has no factor set`);
  }
  return set as Y.Map<boolean>;
}

/** Adds a factor to a card's tag set; concurrent tags of other factors merge. */
export function tagCard(doc: Y.Doc, input: TagInput, ctx: OperationContext = {}): void {
  const parsed = parseInput('tagCard', tagSchema, input);
  const { cards, factors } = boardRoots(doc);
  const card = requireEntity(cards, parsed.cardId, 'card');
  requireEntity(factors, parsed.factorId, 'factor');
  const tags = tagSet(card, parsed.cardId);
  transact(doc, ctx, () => tags.set(parsed.factorId, true));
}

export function untagCard(doc: Y.Doc, input: TagInput, ctx: OperationContext = {}): void {
  const parsed = parseInput('untagCard', tagSchema, input);
  const card = requireEntity(boardRoots(doc).cards, parsed.cardId, 'card');
  const tags = tagSet(card, parsed.cardId);
  transact(doc, ctx, () => tags.delete(parsed.factorId));
}

const factorRefSchema = z.object({ factorId: idSchema }).strict();

/** Soft delete: tags stay in the document (a concurrent tag is not lost) but views hide it. */
export function deleteFactor(doc: Y.Doc, input: z.input<typeof factorRefSchema>, ctx: OperationContext = {}): void {
  const parsed = parseInput('deleteFactor', factorRefSchema, input);
  const factor = requireEntity(boardRoots(doc).factors, parsed.factorId, 'factor');
  transact(doc, ctx, () => factor.set(FactorField.deletedAt, nowOf(ctx)));
}

export function restoreFactor(doc: Y.Doc, input: z.input<typeof factorRefSchema>, ctx: OperationContext = {}): void {
  const parsed = parseInput('restoreFactor', factorRefSchema, input);
  const factor = requireEntity(boardRoots(doc).factors, parsed.factorId, 'factor');
  transact(doc, ctx, () => factor.set(FactorField.deletedAt, null));
}

const mergeSchema = z
  .object({ sourceId: idSchema, targetId: idSchema })
  .strict()
  .refine((input) => input.sourceId !== input.targetId, 'a factor cannot be merged into itself');

/**
 * Merges `sourceId` into `targetId` in one transaction: every card and action that points
 * at the source points at the target instead (a card tagged with both keeps one tag), and
 * the source is soft-deleted. Undo restores all of it.
 */
export function mergeFactors(doc: Y.Doc, input: z.input<typeof mergeSchema>, ctx: OperationContext = {}): void {
  const parsed = parseInput('mergeFactors', mergeSchema, input);
  const { factors, cards, actions } = boardRoots(doc);
  const source = requireEntity(factors, parsed.sourceId, 'factor');
  requireEntity(factors, parsed.targetId, 'factor');
  transact(doc, ctx, () => {
    for (const [, card] of entities(cards)) {
      const tags = card.get(CardField.factors);
      if (tags instanceof Y.Map && tags.get(parsed.sourceId) === true) {
        tags.set(parsed.targetId, true);
        tags.delete(parsed.sourceId);
      }
    }
    for (const [, action] of entities(actions)) {
      const linked = action.get(ActionField.factors);
      if (linked instanceof Y.Map && linked.get(parsed.sourceId) === true) {
        linked.set(parsed.targetId, true);
        linked.delete(parsed.sourceId);
      }
    }
    source.set(FactorField.deletedAt, nowOf(ctx));
  });
}
