import { SqliteBoardStorage } from '@retrace/server';
import * as Y from 'yjs';

/** Reads a board straight from a stopped server's SQLite file. */
export async function loadStoredBoard(dataDir: string, boardId: string): Promise<Y.Doc> {
  const storage = new SqliteBoardStorage({ dataDir });
  try {
    const stored = await storage.loadBoard(boardId);
    if (!stored) throw new Error(`board ${boardId} is not in storage`);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    return doc;
  } finally {
    await storage.close();
  }
}
