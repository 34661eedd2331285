import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { SqliteBoardStorage } from './SqliteBoardStorage';
import { describeStorageContract } from './storageContract';

describeStorageContract('sqlite', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'retrace-sqlite-'));
  return {
    open: async () => new SqliteBoardStorage({ dataDir }),
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});

describe('SqliteBoardStorage', () => {
  it('migrates a version-1 file, keeping its update log and continuing its sequence', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'retrace-sqlite-'));
    const v1 = new Database(path.join(dataDir, 'retrace.sqlite'));
    v1.exec(`CREATE TABLE boards (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
      CREATE TABLE board_tokens (board_id TEXT NOT NULL REFERENCES boards(id), role TEXT NOT NULL, token_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL, revoked_at INTEGER, PRIMARY KEY (board_id, token_hash));
      CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, board_id TEXT NOT NULL REFERENCES boards(id),
        data BLOB NOT NULL, received_at INTEGER NOT NULL, actor TEXT NOT NULL);
      CREATE INDEX updates_by_board ON updates (board_id, seq);
      CREATE TABLE snapshots (board_id TEXT PRIMARY KEY REFERENCES boards(id), covers_seq INTEGER NOT NULL, data BLOB NOT NULL, written_at INTEGER NOT NULL);
      CREATE TABLE health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at INTEGER NOT NULL);
      INSERT INTO boards VALUES ('b1', 1);
      INSERT INTO updates (board_id, data, received_at, actor) VALUES ('b1', x'0000', 1, 'facilitator:create'), ('b1', x'0000', 2, 'editor:1');
      PRAGMA user_version = 1;`);
    v1.close();
    const storage = new SqliteBoardStorage({ dataDir });
    const log = await storage.readUpdateLog('b1');
    expect(log.map((entry) => [entry.seq, entry.actor])).toEqual([
      [1, 'facilitator:create'],
      [2, 'editor:1'],
    ]);
    expect(
      await storage.appendUpdates([{ boardId: 'b1', data: new Uint8Array([0, 0]), receivedAt: 3, actor: 'editor:2' }]),
    ).toEqual([3]);
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs in WAL mode with synchronous=FULL', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'retrace-sqlite-'));
    const storage = new SqliteBoardStorage({ dataDir });
    await storage.close();
    const db = new Database(path.join(dataDir, 'retrace.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('numbers each board’s updates on its own, in order', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'retrace-sqlite-'));
    const storage = new SqliteBoardStorage({ dataDir });
    for (const id of ['b1', 'b2'])
      await storage.createBoard({ id, createdAt: 0, actor: 'x', initialUpdate: new Uint8Array([0, 0]), tokens: [] });
    const record = (boardId: string, n: number) => ({
      boardId,
      data: new Uint8Array([n]),
      receivedAt: n,
      actor: 'editor:x',
    });
    const seqs = await Promise.all([
      storage.appendUpdates([record('b1', 1), record('b2', 2), record('b1', 3)]),
      storage.appendUpdates([record('b2', 4)]),
    ]);
    expect(seqs).toEqual([[2, 2, 3], [3]]);
    expect((await storage.readUpdateLog('b1')).map((entry) => [entry.seq, entry.data[0]])).toEqual([
      [1, 0],
      [2, 1],
      [3, 3],
    ]);
    expect((await storage.loadBoard('b2'))?.lastSeq).toBe(3);
    await expect(storage.appendUpdates([record('nope', 1)])).rejects.toThrow(/does not exist/);
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
