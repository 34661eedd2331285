import type { Role, SearchDocument, Vote } from '@retrace/shared';
import type {
  BoardStorage,
  DraftRecord,
  LoadedBoard,
  LoggedUpdate,
  NewBoard,
  StoredSummary,
  UpdateRecord,
} from '../storage/BoardStorage';

/**
 * Real storage with switchable faults, for tests of what the server does when storage is
 * slow or failing (a full or read-only disk, a load error). Every call goes to `inner`.
 */
export class FaultyStorage implements BoardStorage {
  readonly kind: string;
  readonly shared: boolean;
  loadCalls = 0;
  loadDelayMs = 0;
  /** The next N loads fail. */
  failLoads = 0;
  snapshotDelayMs = 0;
  /** Slows every draft write (to race it against the facilitator closing the round). */
  putDraftDelayMs = 0;
  failAppends = false;
  /** Slows every append (a busy disk or a hung database). */
  appendDelayMs = 0;
  appendCalls = 0;
  readonly batchSizes: number[] = [];

  constructor(private readonly inner: BoardStorage) {
    this.kind = inner.kind;
    this.shared = inner.shared;
  }

  async loadBoard(boardId: string): Promise<LoadedBoard | null> {
    this.loadCalls++;
    if (this.loadDelayMs) await sleep(this.loadDelayMs);
    if (this.failLoads > 0) {
      this.failLoads--;
      throw new Error('disk I/O error');
    }
    return this.inner.loadBoard(boardId);
  }

  async appendUpdates(updates: readonly UpdateRecord[]): Promise<number[]> {
    this.appendCalls++;
    if (this.appendDelayMs) await sleep(this.appendDelayMs);
    if (this.failAppends) throw new Error('SQLITE_FULL: database or disk is full');
    this.batchSizes.push(updates.length);
    return this.inner.appendUpdates(updates);
  }

  async writeSnapshot(boardId: string, snapshot: Uint8Array, coversSeq: number): Promise<void> {
    if (this.snapshotDelayMs) await sleep(this.snapshotDelayMs);
    return this.inner.writeSnapshot(boardId, snapshot, coversSeq);
  }

  createBoard(board: NewBoard): Promise<void> {
    return this.inner.createBoard(board);
  }
  boardExists(boardId: string): Promise<boolean> {
    return this.inner.boardExists(boardId);
  }
  rotateToken(boardId: string, role: Role, newTokenHash: string, now: number): Promise<string[]> {
    return this.inner.rotateToken(boardId, role, newTokenHash, now);
  }
  addToken(boardId: string, role: Role, tokenHash: string, now: number): Promise<void> {
    return this.inner.addToken(boardId, role, tokenHash, now);
  }
  async putDraft(draft: DraftRecord): Promise<boolean> {
    if (this.putDraftDelayMs) await sleep(this.putDraftDelayMs);
    return this.inner.putDraft(draft);
  }
  listDrafts(boardId: string, round: number, writerHash?: string): Promise<DraftRecord[]> {
    return this.inner.listDrafts(boardId, round, writerHash);
  }
  deleteDraft(boardId: string, id: string, writerHash: string): Promise<boolean> {
    return this.inner.deleteDraft(boardId, id, writerHash);
  }
  deleteRoundDrafts(boardId: string, upToRound: number): Promise<number> {
    return this.inner.deleteRoundDrafts(boardId, upToRound);
  }
  recordSeat(boardId: string, seatId: string, role: Role, now: number): Promise<void> {
    return this.inner.recordSeat(boardId, seatId, role, now);
  }
  findSeat(boardId: string, seatId: string): Promise<Role | null> {
    return this.inner.findSeat(boardId, seatId);
  }
  addVote(boardId: string, vote: Vote, budget: number): Promise<boolean> {
    return this.inner.addVote(boardId, vote, budget);
  }
  retractVote(boardId: string, round: string, voter: string, target: string): Promise<boolean> {
    return this.inner.retractVote(boardId, round, voter, target);
  }
  listVotes(boardId: string, round: string, voter?: string): Promise<Vote[]> {
    return this.inner.listVotes(boardId, round, voter);
  }
  findRole(boardId: string, tokenHash: string): Promise<Role | null> {
    return this.inner.findRole(boardId, tokenHash);
  }
  readUpdateLog(boardId: string, options?: { afterSeq?: number; limit?: number }): Promise<LoggedUpdate[]> {
    return this.inner.readUpdateLog(boardId, options);
  }
  getBoardStatus(boardId: string) {
    return this.inner.getBoardStatus(boardId);
  }
  setBoardStatus(boardId: string, status: Parameters<BoardStorage['setBoardStatus']>[1]) {
    return this.inner.setBoardStatus(boardId, status);
  }
  listBoards() {
    return this.inner.listBoards();
  }
  saveSummary(summary: StoredSummary, search: SearchDocument, now: number) {
    return this.inner.saveSummary(summary, search, now);
  }
  listSummaries(options: { readonly afterId?: string; readonly limit: number }) {
    return this.inner.listSummaries(options);
  }
  searchBoards(words: readonly string[], limit: number) {
    return this.inner.searchBoards(words, limit);
  }
  getSetting(key: string) {
    return this.inner.getSetting(key);
  }
  setSetting(key: string, value: string) {
    return this.inner.setSetting(key, value);
  }
  checkWritable(): Promise<void> {
    if (this.failAppends) return Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
    return this.inner.checkWritable();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
