import type { BoardStatus, Role, SearchDocument, Vote } from '@retrace/shared';

/**
 * Where boards live. Every implementation must pass `storageContract.ts`.
 *
 * The update log is append-only: each update the server accepted, with the server time and
 * the token (role + token id) that sent it. It is the meeting's objective record, so it is
 * never pruned; a snapshot only makes loading fast ("compaction" = a new snapshot that
 * covers every update up to a sequence number, written in one transaction).
 */

export interface TokenRecord {
  readonly role: Role;
  /** sha256 of the token, hex. Tokens themselves are never stored. */
  readonly tokenHash: string;
}

export interface NewBoard {
  readonly id: string;
  readonly createdAt: number;
  readonly tokens: readonly TokenRecord[];
  /** The board's first document state; stored as the first log entry. */
  readonly initialUpdate: Uint8Array;
  readonly actor: string;
}

export interface UpdateRecord {
  readonly boardId: string;
  readonly data: Uint8Array;
  /** Server time, epoch ms. */
  readonly receivedAt: number;
  /** Who sent it, e.g. "editor:3f9a1c2b" (role and token id); never the token itself. */
  readonly actor: string;
}

export interface LoggedUpdate extends UpdateRecord {
  readonly seq: number;
}

export interface LoadedBoard {
  readonly snapshot: Uint8Array | null;
  /** Sequence number the snapshot covers (0 without a snapshot). */
  readonly snapshotSeq: number;
  /** Updates after the snapshot, in sequence order. */
  readonly updates: readonly Uint8Array[];
  /** The sequence number of each of `updates`. */
  readonly updateSeqs: readonly number[];
  /** Highest sequence number stored for the board. */
  readonly lastSeq: number;
}

/**
 * A participant's private card during a silent writing round. Only the server reads it
 * until the facilitator reveals the round; then it becomes a card and is deleted.
 */
export interface DraftRecord {
  readonly boardId: string;
  readonly id: string;
  readonly round: number;
  /** The writer's seat (auth/seats.ts: from their browser's secret and link): only they can list, change or delete it. */
  readonly writerHash: string;
  /** The draft itself (text, place, kind, author) as JSON; opaque to storage. */
  readonly body: string;
  readonly updatedAt: number;
}

export interface BoardListing {
  readonly id: string;
  readonly createdAt: number;
  readonly status: BoardStatus;
  /** Highest sequence number stored: a board whose number did not move has not changed. */
  readonly lastSeq: number;
}

/** A board's summary for the library and insights, kept beside the board (boards/libraryIndex.ts). */
export interface StoredSummary {
  readonly boardId: string;
  /** The board's sequence number when it was summarised: a summary behind `lastSeq` is stale. */
  readonly coversSeq: number;
  readonly status: BoardStatus;
  /** The summary as JSON; opaque to storage. */
  readonly body: string;
}

export interface BoardStorage {
  readonly kind: string;
  /**
   * True when several server processes may share this storage (PostgreSQL): rooms then
   * catch up from it, since another process may have stored updates of an open board.
   */
  readonly shared: boolean;
  createBoard(board: NewBoard): Promise<void>;
  boardExists(boardId: string): Promise<boolean>;
  /**
   * Replaces a role's link: every current token of `role` is revoked and `newTokenHash`
   * becomes the only one. Returns the revoked hashes (their connections must be closed).
   */
  rotateToken(boardId: string, role: Role, newTokenHash: string, now: number): Promise<string[]>;
  /**
   * Adds another link for `role` without revoking the current ones (a co-host's facilitator
   * link). Rotating the role later revokes them all.
   */
  addToken(boardId: string, role: Role, tokenHash: string, now: number): Promise<void>;
  /** The role a token hash grants on a board, or null when it grants none. */
  findRole(boardId: string, tokenHash: string): Promise<Role | null>;
  /** null when the board does not exist. */
  loadBoard(boardId: string): Promise<LoadedBoard | null>;
  /** Appends updates in one transaction; returns their sequence numbers in input order. */
  appendUpdates(updates: readonly UpdateRecord[]): Promise<number[]>;
  /** Replaces the board's snapshot with one covering every update up to `coversSeq`. */
  writeSnapshot(boardId: string, snapshot: Uint8Array, coversSeq: number): Promise<void>;
  /** The stored update log in sequence order (history, reports, audits). */
  readUpdateLog(boardId: string, options?: { afterSeq?: number; limit?: number }): Promise<LoggedUpdate[]>;
  /** Draft → in review → published; kept by the server (editors cannot change it). */
  getBoardStatus(boardId: string): Promise<BoardStatus | null>;
  setBoardStatus(boardId: string, status: BoardStatus): Promise<void>;
  /** Every board, newest first. */
  listBoards(): Promise<BoardListing[]>;
  /**
   * Inserts a draft or replaces its writer's earlier version (same board and id). Returns
   * false, changing nothing, when the id belongs to another writer.
   */
  putDraft(draft: DraftRecord): Promise<boolean>;
  /** A round's drafts (only one writer's with `writerHash`), oldest change first. */
  listDrafts(boardId: string, round: number, writerHash?: string): Promise<DraftRecord[]>;
  /** Deletes one writer's draft; false when that writer has no draft with this id. */
  deleteDraft(boardId: string, id: string, writerHash: string): Promise<boolean>;
  /** Deletes every draft of rounds up to `round` (revealed or cancelled); returns how many. */
  deleteRoundDrafts(boardId: string, upToRound: number): Promise<number>;
  /**
   * Notes that a participant's seat (see auth/seats.ts) connected to the board: it may then
   * write drafts and spend dots. Keeps the first and latest time.
   */
  recordSeat(boardId: string, seatId: string, role: Role, now: number): Promise<void>;
  /** The role a seat connected to the board with, or null when it never connected. */
  findSeat(boardId: string, seatId: string): Promise<Role | null>;
  /**
   * Adds a dot unless its voter already has `budget` dots in the round (checked in the same
   * transaction, so two tabs clicking at once cannot overspend). Returns false when spent.
   */
  addVote(boardId: string, vote: Vote, budget: number): Promise<boolean>;
  /** Deletes the voter's latest dot on `target` in the round; false when there is none. */
  retractVote(boardId: string, round: string, voter: string, target: string): Promise<boolean>;
  /** A round's dots (only one voter's with `voter`), oldest first. */
  listVotes(boardId: string, round: string, voter?: string): Promise<Vote[]>;
  /**
   * Stores a board's summary and what search finds it by (words only: see
   * shared/insights/search.ts), replacing the earlier ones unless those cover a later
   * sequence number.
   */
  saveSummary(summary: StoredSummary, search: SearchDocument, now: number): Promise<void>;
  /** Stored summaries in board id order, `limit` at a time after `afterId`. */
  listSummaries(options: { readonly afterId?: string; readonly limit: number }): Promise<StoredSummary[]>;
  /**
   * Boards whose summary has a word starting with each of `words` (plain words, from
   * `queryWords`), best match first (title words weigh most), at most `limit`.
   */
  searchBoards(words: readonly string[], limit: number): Promise<string[]>;
  /** Workspace-level settings (the admin key's hash, initiatives). */
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  /** Throws when storage cannot take a write right now. */
  checkWritable(): Promise<void>;
  close(): Promise<void>;
}
