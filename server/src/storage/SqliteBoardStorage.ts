import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { isBoardStatus, isRole, type BoardStatus, type Role, type SearchDocument, type Vote } from '@retrace/shared';
import type {
  BoardListing,
  BoardStorage,
  DraftRecord,
  LoadedBoard,
  LoggedUpdate,
  NewBoard,
  StoredSummary,
  UpdateRecord,
} from './BoardStorage';
import { lockDataDir } from './dataDirLock';
import { SEARCH_SQL, ftsMatch } from './sqliteSearch';
import { SqliteSearchThread } from './SqliteSearchThread';

/** Schema migrations, applied in order; `PRAGMA user_version` records how many ran. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE board_tokens (
     board_id TEXT NOT NULL REFERENCES boards(id),
     role TEXT NOT NULL,
     token_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     revoked_at INTEGER,
     PRIMARY KEY (board_id, token_hash)
   );
   CREATE TABLE updates (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     board_id TEXT NOT NULL REFERENCES boards(id),
     data BLOB NOT NULL,
     received_at INTEGER NOT NULL,
     actor TEXT NOT NULL
   );
   CREATE INDEX updates_by_board ON updates (board_id, seq);
   CREATE TABLE snapshots (
     board_id TEXT PRIMARY KEY REFERENCES boards(id),
     covers_seq INTEGER NOT NULL,
     data BLOB NOT NULL,
     written_at INTEGER NOT NULL
   );
   CREATE TABLE health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at INTEGER NOT NULL);`,
  // One b-tree keyed by (board, seq): an append touches one page instead of three (table,
  // index and the AUTOINCREMENT counter), a third of the bytes written per edit.
  `CREATE TABLE update_log (
     board_id TEXT NOT NULL REFERENCES boards(id),
     seq INTEGER NOT NULL,
     data BLOB NOT NULL,
     received_at INTEGER NOT NULL,
     actor TEXT NOT NULL,
     PRIMARY KEY (board_id, seq)
   ) WITHOUT ROWID;
   INSERT INTO update_log (board_id, seq, data, received_at, actor)
     SELECT board_id, seq, data, received_at, actor FROM updates;
   DROP TABLE updates;`,
  `ALTER TABLE boards ADD COLUMN status TEXT NOT NULL DEFAULT 'draft';
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  `CREATE TABLE drafts (
     board_id TEXT NOT NULL REFERENCES boards(id),
     id TEXT NOT NULL,
     round INTEGER NOT NULL,
     writer_hash TEXT NOT NULL,
     body TEXT NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (board_id, id)
   ) WITHOUT ROWID;`,
  // Sequence numbers per board, as in PostgreSQL, allocated in the transaction that appends
  // (no counter in memory that a second connection could contradict). Existing boards
  // continue from their highest number.
  `ALTER TABLE boards ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;
   UPDATE boards SET last_seq = COALESCE((SELECT MAX(seq) FROM update_log WHERE update_log.board_id = boards.id), 0);`,
  // Seats the server vouches for, and dot votes held by the server (facilitation).
  `CREATE TABLE seats (
     board_id TEXT NOT NULL REFERENCES boards(id),
     seat_id TEXT NOT NULL,
     role TEXT NOT NULL,
     first_seen INTEGER NOT NULL,
     last_seen INTEGER NOT NULL,
     PRIMARY KEY (board_id, seat_id)
   ) WITHOUT ROWID;
   CREATE TABLE votes (
     board_id TEXT NOT NULL REFERENCES boards(id),
     round TEXT NOT NULL,
     id TEXT NOT NULL,
     voter TEXT NOT NULL,
     target TEXT NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (board_id, round, id)
   ) WITHOUT ROWID;
   CREATE INDEX votes_by_voter ON votes (board_id, round, voter);`,
  // Library summaries kept beside their boards, and their full-text index (FTS5, rows
  // matched by rowid). Existing boards are summarised by the server after this runs
  // (boards/libraryIndex.ts: every board whose summary is missing or behind).
  `CREATE TABLE board_summaries (
     board_id TEXT NOT NULL UNIQUE REFERENCES boards(id),
     covers_seq INTEGER NOT NULL,
     status TEXT NOT NULL,
     body TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE VIRTUAL TABLE board_search USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');`,
];

/** Opens the file: WAL, every commit synced to disk (synchronous=FULL), foreign keys on. */
function openSqlite(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

const appendStatements = new WeakMap<
  Database.Database,
  { bump: Database.Statement<[number, string], number>; insert: Database.Statement }
>();

/**
 * Appends updates in one transaction, numbering each board's updates after its last one
 * (allocated in the transaction, like PostgreSQL); returns the sequence numbers in input order.
 */
function appendToLog(db: Database.Database, updates: readonly UpdateRecord[]): number[] {
  let statements = appendStatements.get(db);
  if (!statements) {
    statements = {
      bump: db
        .prepare<[number, string], number>('UPDATE boards SET last_seq = last_seq + ? WHERE id = ? RETURNING last_seq')
        .pluck(),
      insert: db.prepare('INSERT INTO update_log (board_id, seq, data, received_at, actor) VALUES (?, ?, ?, ?, ?)'),
    };
    appendStatements.set(db, statements);
  }
  const { bump, insert } = statements;
  return db.transaction(() => {
    const byBoard = new Map<string, number[]>();
    updates.forEach((update, i) => byBoard.set(update.boardId, [...(byBoard.get(update.boardId) ?? []), i]));
    const seqs = new Array<number>(updates.length);
    for (const [boardId, indexes] of byBoard) {
      const last = bump.get(indexes.length, boardId);
      if (last === undefined) throw new Error(`board ${boardId} does not exist`);
      indexes.forEach((index, offset) => {
        const seq = last - indexes.length + 1 + offset;
        const update = updates[index]!;
        insert.run(boardId, seq, update.data, update.receivedAt, update.actor);
        seqs[index] = seq;
      });
    }
    return seqs;
  })();
}

function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export interface SqliteOptions {
  /** Directory that holds `retrace.sqlite`; created when missing. */
  readonly dataDir: string;
  /** The serving process: refuses to open a directory another live process serves (see dataDirLock). */
  readonly exclusive?: boolean;

  /** Injected clock, epoch ms. */
  readonly now?: () => number;
}

/** The embedded default: one SQLite file in WAL mode with synchronous=FULL. */
export class SqliteBoardStorage implements BoardStorage {
  readonly kind = 'sqlite';
  readonly shared = false;
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly statements;
  private readonly unlock: () => void;
  private readonly searchThread: SqliteSearchThread;

  constructor(options: SqliteOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.unlock = options.exclusive ? lockDataDir(options.dataDir) : () => undefined;
    this.now = options.now ?? Date.now;
    const file = path.join(options.dataDir, 'retrace.sqlite');
    this.db = openSqlite(file);
    this.migrate();
    this.searchThread = new SqliteSearchThread(file);
    this.statements = {
      insertBoard: this.db.prepare('INSERT INTO boards (id, created_at, last_seq) VALUES (?, ?, 1)'),
      insertToken: this.db.prepare(
        'INSERT INTO board_tokens (board_id, role, token_hash, created_at) VALUES (?, ?, ?, ?)',
      ),
      boardExists: this.db.prepare('SELECT 1 FROM boards WHERE id = ?').pluck(),
      findRole: this.db
        .prepare('SELECT role FROM board_tokens WHERE board_id = ? AND token_hash = ? AND revoked_at IS NULL')
        .pluck(),
      insertUpdate: this.db.prepare(
        'INSERT INTO update_log (board_id, seq, data, received_at, actor) VALUES (?, ?, ?, ?, ?)',
      ),
      snapshot: this.db.prepare('SELECT covers_seq AS coversSeq, data FROM snapshots WHERE board_id = ?'),
      updatesAfter: this.db.prepare('SELECT seq, data FROM update_log WHERE board_id = ? AND seq > ? ORDER BY seq'),
      lastSeq: this.db.prepare('SELECT last_seq FROM boards WHERE id = ?').pluck(),
      upsertSnapshot: this.db.prepare(
        `INSERT INTO snapshots (board_id, covers_seq, data, written_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (board_id) DO UPDATE SET covers_seq = excluded.covers_seq, data = excluded.data,
           written_at = excluded.written_at
         WHERE excluded.covers_seq >= snapshots.covers_seq`,
      ),
      log: this.db.prepare(
        `SELECT seq, board_id AS boardId, data, received_at AS receivedAt, actor FROM update_log
         WHERE board_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      ),
      activeTokens: this.db
        .prepare('SELECT token_hash FROM board_tokens WHERE board_id = ? AND role = ? AND revoked_at IS NULL')
        .pluck(),
      revokeRole: this.db.prepare(
        'UPDATE board_tokens SET revoked_at = ? WHERE board_id = ? AND role = ? AND revoked_at IS NULL',
      ),
      getStatus: this.db.prepare('SELECT status FROM boards WHERE id = ?').pluck(),
      setStatus: this.db.prepare('UPDATE boards SET status = ? WHERE id = ?'),
      listBoards: this.db.prepare(
        'SELECT id, created_at AS createdAt, status, last_seq AS lastSeq FROM boards ORDER BY created_at DESC, id',
      ),
      putDraft: this.db.prepare(
        `INSERT INTO drafts (board_id, id, round, writer_hash, body, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (board_id, id) DO UPDATE SET round = excluded.round, body = excluded.body, updated_at = excluded.updated_at
         WHERE drafts.writer_hash = excluded.writer_hash`,
      ),
      listDrafts: this.db.prepare(
        `SELECT board_id AS boardId, id, round, writer_hash AS writerHash, body, updated_at AS updatedAt FROM drafts
         WHERE board_id = ? AND round = ? AND (? IS NULL OR writer_hash = ?) ORDER BY updated_at, id`,
      ),
      deleteDraft: this.db.prepare('DELETE FROM drafts WHERE board_id = ? AND id = ? AND writer_hash = ?'),
      deleteRoundDrafts: this.db.prepare('DELETE FROM drafts WHERE board_id = ? AND round <= ?'),
      recordSeat: this.db.prepare(
        `INSERT INTO seats (board_id, seat_id, role, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (board_id, seat_id) DO UPDATE SET last_seen = excluded.last_seen`,
      ),
      findSeat: this.db.prepare('SELECT role FROM seats WHERE board_id = ? AND seat_id = ?').pluck(),
      countVotes: this.db.prepare('SELECT COUNT(*) FROM votes WHERE board_id = ? AND round = ? AND voter = ?').pluck(),
      insertVote: this.db.prepare(
        'INSERT INTO votes (board_id, round, id, voter, target, at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      latestVote: this.db
        .prepare(
          `SELECT id FROM votes WHERE board_id = ? AND round = ? AND voter = ? AND target = ?
           ORDER BY at DESC, id DESC LIMIT 1`,
        )
        .pluck(),
      deleteVote: this.db.prepare('DELETE FROM votes WHERE board_id = ? AND round = ? AND id = ?'),
      listVotes: this.db.prepare(
        `SELECT id, round, voter, target, at FROM votes
         WHERE board_id = ? AND round = ? AND (? IS NULL OR voter = ?) ORDER BY at, id`,
      ),
      getSetting: this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      setSetting: this.db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      summaryRow: this.db.prepare('SELECT rowid, covers_seq AS coversSeq FROM board_summaries WHERE board_id = ?'),
      insertSummary: this.db.prepare(
        'INSERT INTO board_summaries (board_id, covers_seq, status, body, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING rowid',
      ),
      updateSummary: this.db.prepare(
        'UPDATE board_summaries SET covers_seq = ?, status = ?, body = ?, updated_at = ? WHERE rowid = ?',
      ),
      unindex: this.db.prepare('DELETE FROM board_search WHERE rowid = ?'),
      index: this.db.prepare('INSERT INTO board_search (rowid, title, body) VALUES (?, ?, ?)'),
      listSummaries: this.db.prepare(
        `SELECT board_id AS boardId, covers_seq AS coversSeq, status, body FROM board_summaries
         WHERE board_id > ? ORDER BY board_id LIMIT ?`,
      ),
      search: this.db.prepare<[string, number], string>(SEARCH_SQL).pluck(),
      touchHealth: this.db.prepare(
        'INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at',
      ),
    };
  }

  private migrate(): void {
    const applied = this.db.pragma('user_version', { simple: true }) as number;
    for (let version = applied; version < MIGRATIONS.length; version++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[version]!);
        this.db.pragma(`user_version = ${version + 1}`);
      })();
    }
  }

  async createBoard(board: NewBoard): Promise<void> {
    this.db.transaction(() => {
      this.statements.insertBoard.run(board.id, board.createdAt);
      for (const token of board.tokens) {
        this.statements.insertToken.run(board.id, token.role, token.tokenHash, board.createdAt);
      }
      this.statements.insertUpdate.run(board.id, 1, board.initialUpdate, board.createdAt, board.actor);
    })();
  }

  async boardExists(boardId: string): Promise<boolean> {
    return this.statements.boardExists.get(boardId) === 1;
  }

  async rotateToken(boardId: string, role: Role, newTokenHash: string, now: number): Promise<string[]> {
    return this.db.transaction(() => {
      const revoked = this.statements.activeTokens.all(boardId, role) as string[];
      this.statements.revokeRole.run(now, boardId, role);
      this.statements.insertToken.run(boardId, role, newTokenHash, now);
      return revoked;
    })();
  }

  async addToken(boardId: string, role: Role, tokenHash: string, now: number): Promise<void> {
    this.statements.insertToken.run(boardId, role, tokenHash, now);
  }

  async findRole(boardId: string, tokenHash: string): Promise<Role | null> {
    const role = this.statements.findRole.get(boardId, tokenHash);
    return isRole(role) ? role : null;
  }

  async loadBoard(boardId: string): Promise<LoadedBoard | null> {
    return this.db.transaction(() => {
      if (this.statements.boardExists.get(boardId) !== 1) return null;
      const snapshot = this.statements.snapshot.get(boardId) as { coversSeq: number; data: Buffer } | undefined;
      const snapshotSeq = snapshot?.coversSeq ?? 0;
      const rows = this.statements.updatesAfter.all(boardId, snapshotSeq) as Array<{ seq: number; data: Buffer }>;
      const lastSeq = (this.statements.lastSeq.get(boardId) as number | null) ?? 0;
      return {
        snapshot: snapshot ? toBytes(snapshot.data) : null,
        snapshotSeq,
        updates: rows.map((row) => toBytes(row.data)),
        updateSeqs: rows.map((row) => row.seq),
        lastSeq,
      };
    })();
  }

  async appendUpdates(updates: readonly UpdateRecord[]): Promise<number[]> {
    if (updates.length === 0) return [];
    return appendToLog(this.db, updates);
  }

  async writeSnapshot(boardId: string, snapshot: Uint8Array, coversSeq: number): Promise<void> {
    this.statements.upsertSnapshot.run(boardId, coversSeq, snapshot, this.now());
  }

  async readUpdateLog(boardId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<LoggedUpdate[]> {
    const rows = this.statements.log.all(boardId, options.afterSeq ?? 0, options.limit ?? -1) as Array<
      Omit<LoggedUpdate, 'data'> & { data: Buffer }
    >;
    return rows.map((row) => ({ ...row, data: toBytes(row.data) }));
  }

  async getBoardStatus(boardId: string): Promise<BoardStatus | null> {
    const status = this.statements.getStatus.get(boardId);
    return typeof status === 'string' && isBoardStatus(status) ? status : null;
  }

  async setBoardStatus(boardId: string, status: BoardStatus): Promise<void> {
    this.statements.setStatus.run(status, boardId);
  }

  async listBoards(): Promise<BoardListing[]> {
    return (this.statements.listBoards.all() as Array<Omit<BoardListing, 'status'> & { status: string }>).map(
      (row) => ({
        ...row,
        status: isBoardStatus(row.status) ? row.status : 'draft',
      }),
    );
  }

  async putDraft(draft: DraftRecord): Promise<boolean> {
    const { boardId, id, round, writerHash, body, updatedAt } = draft;
    return this.statements.putDraft.run(boardId, id, round, writerHash, body, updatedAt).changes > 0;
  }

  async listDrafts(boardId: string, round: number, writerHash?: string): Promise<DraftRecord[]> {
    const writer = writerHash ?? null;
    return this.statements.listDrafts.all(boardId, round, writer, writer) as DraftRecord[];
  }

  async deleteDraft(boardId: string, id: string, writerHash: string): Promise<boolean> {
    return this.statements.deleteDraft.run(boardId, id, writerHash).changes > 0;
  }

  async deleteRoundDrafts(boardId: string, upToRound: number): Promise<number> {
    return this.statements.deleteRoundDrafts.run(boardId, upToRound).changes;
  }

  async recordSeat(boardId: string, seatId: string, role: Role, now: number): Promise<void> {
    this.statements.recordSeat.run(boardId, seatId, role, now, now);
  }

  async findSeat(boardId: string, seatId: string): Promise<Role | null> {
    const role = this.statements.findSeat.get(boardId, seatId);
    return isRole(role) ? role : null;
  }

  async addVote(boardId: string, vote: Vote, budget: number): Promise<boolean> {
    return this.db.transaction(() => {
      if ((this.statements.countVotes.get(boardId, vote.round, vote.voter) as number) >= budget) return false;
      this.statements.insertVote.run(boardId, vote.round, vote.id, vote.voter, vote.target, vote.at);
      return true;
    })();
  }

  async retractVote(boardId: string, round: string, voter: string, target: string): Promise<boolean> {
    return this.db.transaction(() => {
      const id = this.statements.latestVote.get(boardId, round, voter, target);
      return typeof id === 'string' && this.statements.deleteVote.run(boardId, round, id).changes > 0;
    })();
  }

  async listVotes(boardId: string, round: string, voter?: string): Promise<Vote[]> {
    const only = voter ?? null;
    return this.statements.listVotes.all(boardId, round, only, only) as Vote[];
  }

  async getSetting(key: string): Promise<string | null> {
    const value = this.statements.getSetting.get(key);
    return typeof value === 'string' ? value : null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.statements.setSetting.run(key, value);
  }

  async saveSummary(summary: StoredSummary, search: SearchDocument, now: number): Promise<void> {
    const { boardId, coversSeq, status, body } = summary;
    this.db.transaction(() => {
      const row = this.statements.summaryRow.get(boardId) as { rowid: number; coversSeq: number } | undefined;
      if (row && row.coversSeq > coversSeq) return; // a newer summary is already stored
      let rowid = row?.rowid;
      if (rowid === undefined)
        rowid = (this.statements.insertSummary.get(boardId, coversSeq, status, body, now) as { rowid: number }).rowid;
      else {
        this.statements.updateSummary.run(coversSeq, status, body, now, rowid);
        this.statements.unindex.run(rowid);
      }
      this.statements.index.run(rowid, search.title, search.body);
    })();
  }

  async listSummaries(options: { readonly afterId?: string; readonly limit: number }): Promise<StoredSummary[]> {
    const rows = this.statements.listSummaries.all(options.afterId ?? '', options.limit) as Array<
      Omit<StoredSummary, 'status'> & { status: string }
    >;
    return rows.map((row) => ({ ...row, status: isBoardStatus(row.status) ? row.status : 'draft' }));
  }

  async searchBoards(words: readonly string[], limit: number): Promise<string[]> {
    const match = ftsMatch(words);
    if (match === null) return [];
    try {
      return await this.searchThread.search(match, limit);
    } catch {
      return this.statements.search.all(match, limit); // the thread could not run it: answer anyway
    }
  }

  async checkWritable(): Promise<void> {
    this.statements.touchHealth.run(this.now());
  }

  async close(): Promise<void> {
    await this.searchThread.close();
    if (this.db.open) this.db.close();
    this.unlock();
  }
}
