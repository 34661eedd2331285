import type * as Y from 'yjs';
import type { BoardStorage } from '../storage/BoardStorage';
import type { UpdateWriter } from '../storage/UpdateWriter';
import type { RoomRegistry } from '../sync/RoomRegistry';
import { ensureControlDoc } from './controlDocs';

/**
 * What the server's own calls on a board (silent rounds, voting) need: storage, the rooms
 * of this process, the update writer, a clock. Such calls run one at a time per board and
 * change documents through the board's room, like a client's update.
 */
export interface BoardCallDeps {
  readonly storage: BoardStorage;
  readonly registry: RoomRegistry;
  readonly writer: UpdateWriter;
  readonly now: () => number;
}

const queues = new WeakMap<BoardStorage, Map<string, Promise<unknown>>>();

/**
 * Runs `work` after every earlier call (silent round, voting) on the same board in this process has
 * finished. A draft save and the facilitator closing writing therefore cannot interleave:
 * a draft is either saved before writing closes (and is in the review) or refused.
 */
export function oneAtATime<T>(deps: BoardCallDeps, boardId: string, work: () => Promise<T>): Promise<T> {
  const boards = queues.get(deps.storage) ?? new Map<string, Promise<unknown>>();
  queues.set(deps.storage, boards);
  const previous = boards.get(boardId) ?? Promise.resolve();
  const result = previous.then(work, work);
  const settled = result.catch(() => undefined);
  boards.set(boardId, settled);
  void settled.then(() => {
    if (boards.get(boardId) === settled) boards.delete(boardId);
  });
  return result;
}

/** Runs `change` on a board's document (or its control document) in this process's room. */
export async function inRoom<T>(deps: BoardCallDeps, roomId: string, change: (doc: Y.Doc) => T): Promise<T> {
  const room = await deps.registry.acquire(roomId);
  if (!(await room.loaded)) throw new Error(`board ${roomId} could not be loaded`);
  try {
    return change(room.doc);
  } finally {
    room.releaseIfIdle();
  }
}

export async function inControl<T>(deps: BoardCallDeps, boardId: string, change: (doc: Y.Doc) => T): Promise<T> {
  return inRoom(deps, await ensureControlDoc(deps.storage, boardId, deps.now), change);
}

/** Waits (a bounded time) until every queued update is stored; false when it took longer. */
export function storedWithin(writer: UpdateWriter, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([writer.whenIdle().then(() => true), timeout]).finally(() => clearTimeout(timer));
}
