import { PgBoardStorage } from '@retrace/server';
import { BOARD_ROOTS, documentFingerprint } from '@retrace/shared';
import * as Y from 'yjs';

/** What PostgreSQL holds for a board, replayed without any server. */
export async function storedDoc(url: string, boardId: string): Promise<Y.Doc> {
  const storage = await PgBoardStorage.open(url);
  try {
    const loaded = await storage.loadBoard(boardId);
    if (!loaded) throw new Error(`board ${boardId} is not in PostgreSQL`);
    const doc = new Y.Doc();
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    return doc;
  } finally {
    await storage.close();
  }
}

/** Whether the stored log replays to exactly what `doc` (a client's copy) shows. */
export async function storedMatches(url: string, boardId: string, doc: Y.Doc): Promise<boolean> {
  const stored = await storedDoc(url, boardId).catch(() => null);
  if (!stored) return false;
  // Nothing in the log may wait for an update the log lacks.
  const complete = stored.store.pendingStructs === null && stored.store.pendingDs === null;
  const same = complete && documentFingerprint(stored, BOARD_ROOTS) === documentFingerprint(doc, BOARD_ROOTS);
  stored.destroy();
  return same;
}
