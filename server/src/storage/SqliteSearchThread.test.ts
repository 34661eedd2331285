import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteBoardStorage } from './SqliteBoardStorage';
import { SqliteSearchThread } from './SqliteSearchThread';
import { ftsMatch } from './sqliteSearch';

describe('SQLite search thread', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('finds what the main connection stored, from a read-only connection in its own thread', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'retrace-search-'));
    const storage = new SqliteBoardStorage({ dataDir });
    const thread = new SqliteSearchThread(path.join(dataDir, 'retrace.sqlite'), 50);
    cleanups.push(
      () => rmSync(dataDir, { recursive: true, force: true }),
      () => storage.close(),
      () => thread.close(),
    );
    const save = async (id: string, title: string) => {
      if (!(await storage.boardExists(id)))
        await storage.createBoard({
          id,
          createdAt: 1,
          actor: 't',
          initialUpdate: Y.encodeStateAsUpdate(new Y.Doc()),
          tokens: [],
        });
      await storage.saveSummary({ boardId: id, coversSeq: 1, status: 'draft', body: '{}' }, { title, body: '' }, 1);
    };
    await save('a', 'login outage');
    await save('b', 'checkout latency');
    expect(await thread.search(ftsMatch(['login'])!, 10)).toEqual(['a']);
    // A write after the thread opened its connection is seen by the next search.
    await save('b', 'login page slow');
    expect((await thread.search(ftsMatch(['login'])!, 10)).sort()).toEqual(['a', 'b']);
    // Idle, the thread stops; the next search starts it again.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await thread.search(ftsMatch(['checkout'])!, 10)).toEqual([]);
    expect(await thread.search(ftsMatch(['page'])!, 10)).toEqual(['b']);
    await expect(thread.search('"unclosed', 10)).rejects.toThrow(/fts5|syntax|unterminated/i);
  });
});
