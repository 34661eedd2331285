import type { LogEntry } from '@retrace/shared';
import type { BoardStorage, LoadedBoard } from '../storage/BoardStorage';
import type { RoomRegistry } from '../sync/RoomRegistry';
import type { StoredEntry } from '../sync/replayStored';

/**
 * A board's state as bytes to replay (off the event loop, see workers/): from its open
 * room, which may hold edits not yet stored, or from storage.
 */
export async function boardStateEntries(
  storage: BoardStorage,
  registry: RoomRegistry,
  boardId: string,
): Promise<StoredEntry[] | null> {
  const room = registry.get(boardId);
  if (room?.state === 'ready') return room.stateEntries();
  const stored = await storage.loadBoard(boardId);
  return stored ? storedEntries(stored) : null;
}

/** A stored board as replay entries: the snapshot, then the updates after it. */
export function storedEntries(stored: LoadedBoard): StoredEntry[] {
  const entries: StoredEntry[] = [];
  if (stored.snapshot) entries.push({ data: stored.snapshot, seq: stored.snapshotSeq, snapshot: true });
  stored.updates.forEach((data, i) => entries.push({ data, seq: stored.updateSeqs[i] ?? 0 }));
  return entries;
}

export function entriesSize(entries: readonly { readonly data: Uint8Array }[]): number {
  return entries.reduce((sum, entry) => sum + entry.data.byteLength, 0);
}

/** Rows per read of a long log: each read is short, and the event loop runs between reads. */
const LOG_PAGE = 2_000;

/** A board's whole update log, read a page at a time so that no single read holds the event loop. */
export async function readWholeLog(storage: BoardStorage, boardId: string): Promise<LogEntry[]> {
  const log: LogEntry[] = [];
  for (let after = 0; ;) {
    const page = await storage.readUpdateLog(boardId, { afterSeq: after, limit: LOG_PAGE });
    log.push(...page);
    if (page.length < LOG_PAGE) return log;
    after = page[page.length - 1]!.seq;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
