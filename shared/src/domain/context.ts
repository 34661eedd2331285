import * as Y from 'yjs';
import { BoardOperationError, OperationErrorReason } from '../errors';
import type { EntityMap } from '../schema/boardDoc';
import type { Author } from '../schema/types';

/** What an operation needs from its caller besides the input: who, when, and the origin. */
export interface OperationContext {
  /** Transaction origin, so observers (undo managers, servers) can tell whose change it is. */
  readonly origin?: unknown;
  /** Injected clock (epoch ms) so tests are deterministic. */
  readonly now?: () => number;
  readonly author?: Author;
}

export function nowOf(ctx: OperationContext): number {
  return ctx.now ? ctx.now() : Date.now();
}

export function transact(doc: Y.Doc, ctx: OperationContext, change: () => void): void {
  doc.transact(change, ctx.origin ?? null);
}

export function requireEntity(map: Y.Map<EntityMap>, id: string, what: string): EntityMap {
  const entity: unknown = map.get(id);
  if (!(entity instanceof Y.Map))
    throw new BoardOperationError(OperationErrorReason.NotFound, `${what} ${id} does not exist`);
  return entity as EntityMap;
}
