import { isControlRoom, readBoard, summarizeBoard, type BoardSummary } from '@retrace/shared';
import type { BoardStorage } from '../storage/BoardStorage';
import type { RoomRegistry } from '../sync/RoomRegistry';
import { loadBoardCopy } from './boardService';

/** A summary of every board (open boards read live from their rooms). */
export async function summarizeAllBoards(storage: BoardStorage, registry: RoomRegistry): Promise<BoardSummary[]> {
  const summaries: BoardSummary[] = [];
  for (const { id, createdAt, status } of await storage.listBoards()) {
    if (isControlRoom(id)) continue; // a board's facilitation state, not a board
    const doc = await loadBoardCopy(storage, registry, id);
    if (!doc) continue;
    summaries.push(summarizeBoard(id, status, createdAt, readBoard(doc)));
    doc.destroy();
  }
  return summaries;
}
