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
  it('runs in WAL mode with synchronous=FULL', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'retrace-sqlite-'));
    const storage = new SqliteBoardStorage({ dataDir });
    await storage.close();
    const db = new Database(path.join(dataDir, 'retrace.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
