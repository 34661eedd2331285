import { controlRoomOf, seedControl } from '@retrace/shared';
import * as Y from 'yjs';
import type { BoardStorage } from '../storage/BoardStorage';

const creating = new WeakMap<BoardStorage, Map<string, Promise<void>>>();

/**
 * The storage id of a board's control document (phase, timer, kick-off script), created
 * with its first state on first use. It has no tokens of its own: access goes through the
 * board's links, and only facilitator links may write it (see Room).
 */
export async function ensureControlDoc(storage: BoardStorage, boardId: string, now: () => number): Promise<string> {
  const id = controlRoomOf(boardId);
  if (await storage.boardExists(id)) return id;
  const inFlight = creating.get(storage) ?? new Map<string, Promise<void>>();
  creating.set(storage, inFlight);
  let creation = inFlight.get(id);
  if (!creation) {
    creation = createControlDoc(storage, id, now).finally(() => inFlight.delete(id));
    inFlight.set(id, creation);
  }
  await creation;
  return id;
}

async function createControlDoc(storage: BoardStorage, id: string, now: () => number): Promise<void> {
  const doc = new Y.Doc();
  seedControl(doc);
  try {
    await storage.createBoard({
      id,
      createdAt: now(),
      actor: 'server:control',
      initialUpdate: Y.encodeStateAsUpdate(doc),
      tokens: [],
    });
  } catch (error) {
    // Another server process created it first (shared storage); theirs is the one.
    if (!(await storage.boardExists(id))) throw error;
  } finally {
    doc.destroy();
  }
}
