import { isBoardStatus, isRole, type BoardStatus, type Role, type SearchDocument, type Vote } from '@retrace/shared';
import type pg from 'pg';
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

/**
 * PostgreSQL storage for several server processes (DATABASE_URL).
 *
 * Sequence numbers are per board and assigned under the board row's lock, inside the
 * transaction that inserts the updates: per board they are gap-free and in commit order.
 * That lets every process catch up with "everything after seq N" and lets any process
 * write a snapshot that covers a prefix of the log it has applied.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     created_at BIGINT NOT NULL,
     last_seq BIGINT NOT NULL DEFAULT 0
   );
   CREATE TABLE board_tokens (
     board_id TEXT NOT NULL REFERENCES boards(id),
     role TEXT NOT NULL,
     token_hash TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     revoked_at BIGINT,
     PRIMARY KEY (board_id, token_hash)
   );
   CREATE TABLE update_log (
     board_id TEXT NOT NULL REFERENCES boards(id),
     seq BIGINT NOT NULL,
     data BYTEA NOT NULL,
     received_at BIGINT NOT NULL,
     actor TEXT NOT NULL,
     PRIMARY KEY (board_id, seq)
   );
   CREATE TABLE snapshots (
     board_id TEXT PRIMARY KEY REFERENCES boards(id),
     covers_seq BIGINT NOT NULL,
     data BYTEA NOT NULL,
     written_at BIGINT NOT NULL
   );
   CREATE TABLE health (id INT PRIMARY KEY, checked_at BIGINT NOT NULL);`,
  `ALTER TABLE boards ADD COLUMN status TEXT NOT NULL DEFAULT 'draft';
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  `CREATE TABLE drafts (
     board_id TEXT NOT NULL REFERENCES boards(id),
     id TEXT NOT NULL,
     round INT NOT NULL,
     writer_hash TEXT NOT NULL,
     body TEXT NOT NULL,
     updated_at BIGINT NOT NULL,
     PRIMARY KEY (board_id, id)
   );`,
  // Seats the server vouches for, and dot votes held by the server (facilitation).
  `CREATE TABLE seats (
     board_id TEXT NOT NULL REFERENCES boards(id),
     seat_id TEXT NOT NULL,
     role TEXT NOT NULL,
     first_seen BIGINT NOT NULL,
     last_seen BIGINT NOT NULL,
     PRIMARY KEY (board_id, seat_id)
   );
   CREATE TABLE votes (
     board_id TEXT NOT NULL REFERENCES boards(id),
     round TEXT NOT NULL,
     id TEXT NOT NULL,
     voter TEXT NOT NULL,
     target TEXT NOT NULL,
     at BIGINT NOT NULL,
     PRIMARY KEY (board_id, round, id)
   );
   CREATE INDEX votes_by_voter ON votes (board_id, round, voter);`,
  // Library summaries kept beside their boards, with their words for full-text search
  // (title weighted A). Existing boards are summarised by the server after this runs
  // (boards/libraryIndex.ts: every board whose summary is missing or behind).
  `CREATE TABLE board_summaries (
     board_id TEXT PRIMARY KEY REFERENCES boards(id),
     covers_seq BIGINT NOT NULL,
     status TEXT NOT NULL,
     body TEXT NOT NULL,
     search TSVECTOR NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE INDEX board_summaries_search ON board_summaries USING GIN (search);`,
];

/** An arbitrary, fixed advisory-lock key so concurrent starts migrate one at a time. */
const MIGRATION_LOCK = 7_265_746_162;

export type PgSslMode = 'default' | 'disable' | 'require' | 'verify-full';

export interface PgOptions {
  readonly now?: () => number;
  readonly poolSize?: number;
  readonly connectTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
  /** `default`: whatever the URL says (`?sslmode=`); otherwise overrides it. */
  readonly ssl?: PgSslMode;
  /** Connection errors (logged by the caller); they never end the process. */
  readonly onError?: (error: Error) => void;
}

export const DEFAULT_PG_OPTIONS = {
  poolSize: 10,
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 15_000,
  idleTimeoutMs: 30_000,
  ssl: 'default' as PgSslMode,
};

function sslOption(mode: PgSslMode): false | { rejectUnauthorized: boolean } {
  if (mode === 'disable') return false;
  return { rejectUnauthorized: mode === 'verify-full' };
}

/** An error PostgreSQL reported (SQLSTATE), as opposed to a lost connection or a timeout. */
function isSqlError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  // Class 08: connection exceptions; 57P: the server shutting down or restarting.
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57P');
}

const toBytes = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
export class PgBoardStorage implements BoardStorage {
  readonly kind = 'postgres';
  readonly shared = true;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => number,
  ) {}

  /**
   * Connects and runs pending migrations. Every connection of the pool has an error
   * listener for its whole life (idle or checked out): a database restart, failover or
   * network cut surfaces as a failed query that the caller retries, never as an uncaught
   * exception that ends the process.
   */
  static async open(url: string, options: PgOptions = {}): Promise<PgBoardStorage> {
    // Loaded here, not at start-up: a server on SQLite never pays for pg (several MiB resident).
    const { default: pgModule } = await import('pg');
    const settings = { ...DEFAULT_PG_OPTIONS, ...options };
    const onError = options.onError ?? (() => undefined);
    const pool = new pgModule.Pool({
      connectionString: url,
      max: settings.poolSize,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      idleTimeoutMillis: settings.idleTimeoutMs,
      // Server side: a statement (and a transaction left idle) is cancelled past these.
      statement_timeout: settings.statementTimeoutMs,
      idle_in_transaction_session_timeout: settings.statementTimeoutMs * 2,
      // Client side: a database that stopped answering (frozen, or a dead network path).
      query_timeout: settings.statementTimeoutMs + 5_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      ...(settings.ssl === 'default' ? {} : { ssl: sslOption(settings.ssl) }),
      application_name: 'retrace',
    });
    pool.on('error', (error) => onError(error)); // an idle client lost its connection
    pool.on('connect', (client) => client.on('error', (error) => onError(error)));
    const storage = new PgBoardStorage(pool, options.now ?? Date.now);
    await storage.migrate();
    return storage;
  }

  private async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS retrace_migrations (version INT PRIMARY KEY, applied_at BIGINT NOT NULL)',
      );
      const { rows } = await client.query<{ max: number | null }>('SELECT MAX(version) AS max FROM retrace_migrations');
      for (let version = rows[0]?.max ?? 0; version < MIGRATIONS.length; version++) {
        await client.query(MIGRATIONS[version]!);
        await client.query('INSERT INTO retrace_migrations (version, applied_at) VALUES ($1, $2)', [
          version + 1,
          this.now(),
        ]);
      }
    });
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>, isolation = 'READ COMMITTED'): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // An SQL error leaves a usable connection; a lost or timed-out one must not go back to the pool.
      if (!isSqlError(error)) broken = error as Error;
      else await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async createBoard(board: NewBoard): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('INSERT INTO boards (id, created_at, last_seq) VALUES ($1, $2, 1)', [
        board.id,
        board.createdAt,
      ]);
      for (const token of board.tokens) {
        await client.query(
          'INSERT INTO board_tokens (board_id, role, token_hash, created_at) VALUES ($1, $2, $3, $4)',
          [board.id, token.role, token.tokenHash, board.createdAt],
        );
      }
      await client.query(
        'INSERT INTO update_log (board_id, seq, data, received_at, actor) VALUES ($1, 1, $2, $3, $4)',
        [board.id, Buffer.from(board.initialUpdate), board.createdAt, board.actor],
      );
    });
  }

  async boardExists(boardId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM boards WHERE id = $1', [boardId]);
    return (rowCount ?? 0) > 0;
  }

  async findRole(boardId: string, tokenHash: string): Promise<Role | null> {
    const { rows } = await this.pool.query<{ role: string }>(
      'SELECT role FROM board_tokens WHERE board_id = $1 AND token_hash = $2 AND revoked_at IS NULL',
      [boardId, tokenHash],
    );
    const role = rows[0]?.role;
    return isRole(role) ? role : null;
  }

  async rotateToken(boardId: string, role: Role, newTokenHash: string, now: number): Promise<string[]> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ token_hash: string }>(
        'UPDATE board_tokens SET revoked_at = $3 WHERE board_id = $1 AND role = $2 AND revoked_at IS NULL RETURNING token_hash',
        [boardId, role, now],
      );
      await client.query('INSERT INTO board_tokens (board_id, role, token_hash, created_at) VALUES ($1, $2, $3, $4)', [
        boardId,
        role,
        newTokenHash,
        now,
      ]);
      return rows.map((row) => row.token_hash);
    });
  }

  async addToken(boardId: string, role: Role, tokenHash: string, now: number): Promise<void> {
    await this.pool.query('INSERT INTO board_tokens (board_id, role, token_hash, created_at) VALUES ($1, $2, $3, $4)', [
      boardId,
      role,
      tokenHash,
      now,
    ]);
  }

  async loadBoard(boardId: string): Promise<LoadedBoard | null> {
    return this.transaction(async (client) => {
      const board = await client.query<{ last_seq: string }>('SELECT last_seq FROM boards WHERE id = $1', [boardId]);
      if (board.rowCount === 0) return null;
      const snapshot = await client.query<{ covers_seq: string; data: Buffer }>(
        'SELECT covers_seq, data FROM snapshots WHERE board_id = $1',
        [boardId],
      );
      const snapshotSeq = Number(snapshot.rows[0]?.covers_seq ?? 0);
      const updates = await client.query<{ seq: string; data: Buffer }>(
        'SELECT seq, data FROM update_log WHERE board_id = $1 AND seq > $2 ORDER BY seq',
        [boardId, snapshotSeq],
      );
      return {
        snapshot: snapshot.rows[0] ? toBytes(snapshot.rows[0].data) : null,
        snapshotSeq,
        updates: updates.rows.map((row) => toBytes(row.data)),
        updateSeqs: updates.rows.map((row) => Number(row.seq)),
        lastSeq: Number(board.rows[0]!.last_seq),
      };
    }, 'REPEATABLE READ');
  }

  async appendUpdates(updates: readonly UpdateRecord[]): Promise<number[]> {
    if (updates.length === 0) return [];
    const byBoard = new Map<string, number[]>();
    updates.forEach((update, i) => byBoard.set(update.boardId, [...(byBoard.get(update.boardId) ?? []), i]));
    const seqs = new Array<number>(updates.length);
    await this.transaction(async (client) => {
      // Lock boards in a fixed order: two processes writing the same boards cannot deadlock.
      for (const boardId of [...byBoard.keys()].sort()) {
        const indexes = byBoard.get(boardId)!;
        const { rows } = await client.query<{ last_seq: string }>(
          'UPDATE boards SET last_seq = last_seq + $2 WHERE id = $1 RETURNING last_seq',
          [boardId, indexes.length],
        );
        if (rows.length === 0) throw new Error(`board ${boardId} does not exist`);
        const first = Number(rows[0]!.last_seq) - indexes.length + 1;
        indexes.forEach((index, offset) => (seqs[index] = first + offset));
        await client.query(
          `INSERT INTO update_log (board_id, seq, data, received_at, actor)
           SELECT $1, * FROM UNNEST($2::bigint[], $3::bytea[], $4::bigint[], $5::text[])`,
          [
            boardId,
            indexes.map((index) => seqs[index]),
            indexes.map((index) => Buffer.from(updates[index]!.data)),
            indexes.map((index) => updates[index]!.receivedAt),
            indexes.map((index) => updates[index]!.actor),
          ],
        );
      }
    });
    return seqs;
  }

  async writeSnapshot(boardId: string, snapshot: Uint8Array, coversSeq: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO snapshots (board_id, covers_seq, data, written_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (board_id) DO UPDATE SET covers_seq = EXCLUDED.covers_seq, data = EXCLUDED.data, written_at = EXCLUDED.written_at
       WHERE EXCLUDED.covers_seq >= snapshots.covers_seq`,
      [boardId, coversSeq, Buffer.from(snapshot), this.now()],
    );
  }

  async readUpdateLog(boardId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<LoggedUpdate[]> {
    const { rows } = await this.pool.query<{ seq: string; data: Buffer; received_at: string; actor: string }>(
      'SELECT seq, data, received_at, actor FROM update_log WHERE board_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [boardId, options.afterSeq ?? 0, options.limit ?? null],
    );
    return rows.map((row) => ({
      boardId,
      seq: Number(row.seq),
      data: toBytes(row.data),
      receivedAt: Number(row.received_at),
      actor: row.actor,
    }));
  }

  async getBoardStatus(boardId: string): Promise<BoardStatus | null> {
    const { rows } = await this.pool.query<{ status: string }>('SELECT status FROM boards WHERE id = $1', [boardId]);
    const status = rows[0]?.status;
    return status && isBoardStatus(status) ? status : null;
  }

  async setBoardStatus(boardId: string, status: BoardStatus): Promise<void> {
    await this.pool.query('UPDATE boards SET status = $2 WHERE id = $1', [boardId, status]);
  }

  async listBoards(): Promise<BoardListing[]> {
    const { rows } = await this.pool.query<{ id: string; created_at: string; status: string; last_seq: string }>(
      'SELECT id, created_at, status, last_seq FROM boards ORDER BY created_at DESC, id',
    );
    return rows.map((row) => ({
      id: row.id,
      createdAt: Number(row.created_at),
      status: isBoardStatus(row.status) ? row.status : 'draft',
      lastSeq: Number(row.last_seq),
    }));
  }

  async putDraft(draft: DraftRecord): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO drafts (board_id, id, round, writer_hash, body, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (board_id, id) DO UPDATE SET round = EXCLUDED.round, body = EXCLUDED.body, updated_at = EXCLUDED.updated_at
       WHERE drafts.writer_hash = EXCLUDED.writer_hash`,
      [draft.boardId, draft.id, draft.round, draft.writerHash, draft.body, draft.updatedAt],
    );
    return (rowCount ?? 0) > 0;
  }

  async listDrafts(boardId: string, round: number, writerHash?: string): Promise<DraftRecord[]> {
    const { rows } = await this.pool.query<{
      id: string;
      round: number;
      writer_hash: string;
      body: string;
      updated_at: string;
    }>(
      `SELECT id, round, writer_hash, body, updated_at FROM drafts
       WHERE board_id = $1 AND round = $2 AND ($3::text IS NULL OR writer_hash = $3) ORDER BY updated_at, id`,
      [boardId, round, writerHash ?? null],
    );
    return rows.map((row) => ({
      boardId,
      id: row.id,
      round: row.round,
      writerHash: row.writer_hash,
      body: row.body,
      updatedAt: Number(row.updated_at),
    }));
  }

  async deleteDraft(boardId: string, id: string, writerHash: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM drafts WHERE board_id = $1 AND id = $2 AND writer_hash = $3',
      [boardId, id, writerHash],
    );
    return (rowCount ?? 0) > 0;
  }

  async deleteRoundDrafts(boardId: string, upToRound: number): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM drafts WHERE board_id = $1 AND round <= $2', [
      boardId,
      upToRound,
    ]);
    return rowCount ?? 0;
  }

  async recordSeat(boardId: string, seatId: string, role: Role, now: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO seats (board_id, seat_id, role, first_seen, last_seen) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (board_id, seat_id) DO UPDATE SET last_seen = EXCLUDED.last_seen`,
      [boardId, seatId, role, now],
    );
  }

  async findSeat(boardId: string, seatId: string): Promise<Role | null> {
    const { rows } = await this.pool.query<{ role: string }>(
      'SELECT role FROM seats WHERE board_id = $1 AND seat_id = $2',
      [boardId, seatId],
    );
    const role = rows[0]?.role;
    return isRole(role) ? role : null;
  }

  async addVote(boardId: string, vote: Vote, budget: number): Promise<boolean> {
    return this.transaction(async (client) => {
      // One voter's dots are counted and added one transaction at a time (two tabs at once).
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`vote:${boardId}:${vote.round}:${vote.voter}`]);
      const { rows } = await client.query<{ n: string }>(
        'SELECT COUNT(*) AS n FROM votes WHERE board_id = $1 AND round = $2 AND voter = $3',
        [boardId, vote.round, vote.voter],
      );
      if (Number(rows[0]?.n ?? 0) >= budget) return false;
      await client.query('INSERT INTO votes (board_id, round, id, voter, target, at) VALUES ($1, $2, $3, $4, $5, $6)', [
        boardId,
        vote.round,
        vote.id,
        vote.voter,
        vote.target,
        vote.at,
      ]);
      return true;
    });
  }

  async retractVote(boardId: string, round: string, voter: string, target: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM votes WHERE board_id = $1 AND round = $2 AND id = (
         SELECT id FROM votes WHERE board_id = $1 AND round = $2 AND voter = $3 AND target = $4
         ORDER BY at DESC, id DESC LIMIT 1)`,
      [boardId, round, voter, target],
    );
    return (rowCount ?? 0) > 0;
  }

  async listVotes(boardId: string, round: string, voter?: string): Promise<Vote[]> {
    const { rows } = await this.pool.query<{ id: string; round: string; voter: string; target: string; at: string }>(
      `SELECT id, round, voter, target, at FROM votes
       WHERE board_id = $1 AND round = $2 AND ($3::text IS NULL OR voter = $3) ORDER BY at, id`,
      [boardId, round, voter ?? null],
    );
    return rows.map((row) => ({ ...row, at: Number(row.at) }));
  }

  async getSetting(key: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
    return rows[0]?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
      [key, value],
    );
  }

  async saveSummary(summary: StoredSummary, search: SearchDocument, now: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO board_summaries (board_id, covers_seq, status, body, search, updated_at)
       VALUES ($1, $2, $3, $4, setweight(to_tsvector('simple', $5), 'A') || to_tsvector('simple', $6), $7)
       ON CONFLICT (board_id) DO UPDATE SET covers_seq = EXCLUDED.covers_seq, status = EXCLUDED.status,
         body = EXCLUDED.body, search = EXCLUDED.search, updated_at = EXCLUDED.updated_at
       WHERE board_summaries.covers_seq <= EXCLUDED.covers_seq`,
      [summary.boardId, summary.coversSeq, summary.status, summary.body, search.title, search.body, now],
    );
  }

  async listSummaries(options: { readonly afterId?: string; readonly limit: number }): Promise<StoredSummary[]> {
    const { rows } = await this.pool.query<{ board_id: string; covers_seq: string; status: string; body: string }>(
      `SELECT board_id, covers_seq, status, body FROM board_summaries
       WHERE board_id COLLATE "C" > $1 ORDER BY board_id COLLATE "C" LIMIT $2`,
      [options.afterId ?? '', options.limit],
    );
    return rows.map((row) => ({
      boardId: row.board_id,
      coversSeq: Number(row.covers_seq),
      status: isBoardStatus(row.status) ? row.status : 'draft',
      body: row.body,
    }));
  }

  async searchBoards(words: readonly string[], limit: number): Promise<string[]> {
    const terms = words.filter((word) => /^[\p{L}\p{N}]+$/u.test(word));
    if (terms.length === 0) return [];
    // Each word a prefix (migrat:*), all of them required.
    const { rows } = await this.pool.query<{ board_id: string }>(
      `SELECT board_id FROM board_summaries, to_tsquery('simple', $1) AS query
       WHERE search @@ query ORDER BY ts_rank(search, query) DESC, board_id LIMIT $2`,
      [terms.map((word) => `${word}:*`).join(' & '), limit],
    );
    return rows.map((row) => row.board_id);
  }

  async checkWritable(): Promise<void> {
    await this.pool.query(
      'INSERT INTO health (id, checked_at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET checked_at = EXCLUDED.checked_at',
      [this.now()],
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
