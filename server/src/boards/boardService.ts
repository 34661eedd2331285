import {
  ROLES,
  boardRoots,
  createLane,
  initBoard,
  newId,
  importBoardJson,
  readMeta,
  seedLoginOutage,
  type BoardJson,
  type BoardMeta,
  type InitBoardInput,
  type Role,
} from '@retrace/shared';
import * as Y from 'yjs';
import { generateToken, hashToken } from '../auth/tokens';
import type { BoardStorage } from '../storage/BoardStorage';
import type { RoomRegistry } from '../sync/RoomRegistry';
import { replayStored } from '../sync/replayStored';
import type { HeavyWork } from '../workers/HeavyWork';
import { boardStateEntries, entriesSize, storedEntries } from './boardState';

/** Shared perspectives every board starts with (participants get their own lanes on joining). */
export const DEFAULT_SHARED_LANES = ['Alerts & monitoring', 'Deploy pipeline', 'Customers'] as const;

export interface CreatedBoard {
  readonly id: string;
  readonly tokens: Record<Role, string>;
}

/** Creates a board whose first document state `seed` writes, with three capability tokens (stored hashed). */
async function createBoardFrom(
  storage: BoardStorage,
  seed: (doc: Y.Doc) => void,
  now: () => number,
): Promise<CreatedBoard> {
  const doc = new Y.Doc();
  seed(doc); // validates; throws BoardOperationError on bad input
  const id = newId(16);
  const tokens = Object.fromEntries(ROLES.map((role) => [role, generateToken()])) as Record<Role, string>;
  await storage.createBoard({
    id,
    createdAt: now(),
    actor: 'facilitator:create',
    initialUpdate: Y.encodeStateAsUpdate(doc),
    tokens: ROLES.map((role) => ({ role, tokenHash: hashToken(tokens[role]) })),
  });
  doc.destroy();
  return { id, tokens };
}

/** A new, empty board with the default shared lanes. */
export function createBoard(
  storage: BoardStorage,
  input: InitBoardInput,
  now: () => number = Date.now,
): Promise<CreatedBoard> {
  return createBoardFrom(
    storage,
    (doc) => {
      initBoard(doc, input, { now });
      for (const name of DEFAULT_SHARED_LANES) createLane(doc, { name, kind: 'system' }, { now });
    },
    now,
  );
}

/** A new board seeded with the demo incident. */
export function createDemoBoard(storage: BoardStorage, now: () => number = Date.now): Promise<CreatedBoard> {
  return createBoardFrom(storage, (doc) => seedLoginOutage(doc, { now }), now);
}

/** A new board holding an imported JSON export (validated by the caller). */
export function createBoardFromJson(
  storage: BoardStorage,
  json: BoardJson,
  now: () => number = Date.now,
): Promise<CreatedBoard> {
  return createBoardFrom(storage, (doc) => importBoardJson(doc, json), now);
}

/**
 * A private copy of a board's current document: from its open room (which may hold edits
 * not yet stored) or from storage. The caller owns and destroys it.
 */
export async function loadBoardCopy(
  storage: BoardStorage,
  registry: RoomRegistry,
  boardId: string,
): Promise<Y.Doc | null> {
  const entries = await boardStateEntries(storage, registry, boardId);
  return entries ? replayStored(entries).doc : null;
}

/**
 * A board's meta: read in place from its open room, or replayed from storage off the event
 * loop. A room still loading (a page opens the board's socket as it checks the link) is
 * waited for rather than the board replayed a second time.
 */
export async function readBoardMeta(
  deps: { readonly storage: BoardStorage; readonly registry: RoomRegistry; readonly heavy: HeavyWork },
  boardId: string,
): Promise<BoardMeta | null> {
  const room = deps.registry.get(boardId);
  if (room?.state === 'loading') await room.loaded; // false (closed, failed): read from storage
  if (room?.state === 'ready') return readMeta(boardRoots(room.doc).meta);
  const stored = await deps.storage.loadBoard(boardId);
  if (!stored) return null;
  const state = storedEntries(stored);
  return deps.heavy.run('meta', { state }, entriesSize(state));
}
