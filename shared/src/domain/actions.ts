import * as Y from 'yjs';
import { z } from 'zod';
import { BoardOperationError, OperationErrorReason } from '../errors';
import { newId } from '../ids';
import { ActionField, boardRoots } from '../schema/boardDoc';
import { ACTION_STATUSES } from '../schema/types';
import { nowOf, requireEntity, transact, type OperationContext } from './context';
import { idSchema, isoDateSchema, nameSchema, parseInput, urlSchema } from './validation';

const actionFields = {
  title: nameSchema.max(300),
  owner: z.string().trim().max(200),
  dueDate: isoDateSchema.nullable(),
  status: z.enum(ACTION_STATUSES),
  trackerUrl: urlSchema.nullable(),
};

const createActionSchema = z
  .object({
    id: idSchema.optional(),
    title: actionFields.title,
    owner: actionFields.owner.default(''),
    dueDate: actionFields.dueDate.default(null),
    status: actionFields.status.default('open'),
    trackerUrl: actionFields.trackerUrl.default(null),
    factorIds: z.array(idSchema).max(100).default([]),
  })
  .strict();
export type CreateActionInput = z.input<typeof createActionSchema>;

function requireFactors(doc: Y.Doc, factorIds: readonly string[]): void {
  const { factors } = boardRoots(doc);
  for (const id of factorIds) requireEntity(factors, id, 'factor');
}

export function createAction(doc: Y.Doc, input: CreateActionInput, ctx: OperationContext = {}): string {
  const parsed = parseInput('createAction', createActionSchema, input);
  requireFactors(doc, parsed.factorIds);
  const { actions } = boardRoots(doc);
  const id = parsed.id ?? newId();
  if (actions.has(id))
    throw new BoardOperationError(OperationErrorReason.InvalidInput, `createAction: action ${id} already exists`);
  transact(doc, ctx, () => {
    const action = new Y.Map<unknown>();
    const linked = new Y.Map<boolean>();
    for (const factorId of parsed.factorIds) linked.set(factorId, true);
    action.set(ActionField.id, id);
    action.set(ActionField.title, parsed.title);
    action.set(ActionField.owner, parsed.owner);
    action.set(ActionField.dueDate, parsed.dueDate);
    action.set(ActionField.status, parsed.status);
    action.set(ActionField.trackerUrl, parsed.trackerUrl);
    action.set(ActionField.factors, linked);
    action.set(ActionField.createdAt, nowOf(ctx));
    actions.set(id, action);
  });
  return id;
}

const editActionSchema = z
  .object({
    actionId: idSchema,
    title: actionFields.title.optional(),
    owner: actionFields.owner.optional(),
    dueDate: actionFields.dueDate.optional(),
    status: actionFields.status.optional(),
    trackerUrl: actionFields.trackerUrl.optional(),
    linkFactorIds: z.array(idSchema).max(100).optional(),
    unlinkFactorIds: z.array(idSchema).max(100).optional(),
  })
  .strict();
export type EditActionInput = z.input<typeof editActionSchema>;

export function editAction(doc: Y.Doc, input: EditActionInput, ctx: OperationContext = {}): void {
  const parsed = parseInput('editAction', editActionSchema, input);
  const action = requireEntity(boardRoots(doc).actions, parsed.actionId, 'action');
  requireFactors(doc, parsed.linkFactorIds ?? []);
  const linked = action.get(ActionField.factors);
  if (!(linked instanceof Y.Map)) {
    throw new BoardOperationError(OperationErrorReason.InvalidInput, `action ${parsed.actionId} has no factor set`);
  }
  transact(doc, ctx, () => {
    if (parsed.title !== undefined) action.set(ActionField.title, parsed.title);
    if (parsed.owner !== undefined) action.set(ActionField.owner, parsed.owner);
    if (parsed.dueDate !== undefined) action.set(ActionField.dueDate, parsed.dueDate);
    if (parsed.status !== undefined) action.set(ActionField.status, parsed.status);
    if (parsed.trackerUrl !== undefined) action.set(ActionField.trackerUrl, parsed.trackerUrl);
    for (const id of parsed.linkFactorIds ?? []) linked.set(id, true);
    for (const id of parsed.unlinkFactorIds ?? []) linked.delete(id);
  });
}
