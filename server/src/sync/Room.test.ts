import { createCard, createLane, readBoard } from '@retrace/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { FaultyStorage } from '../testing/FaultyStorage';
import { startTestServer, until, type TestServer } from '../testing/inProcessServer';

describe('room lifecycle', () => {
  let t: TestServer | null = null;
  afterEach(async () => {
    await t?.stop();
    t = null;
  });

  async function start(env: Record<string, string> = {}) {
    let hooks!: FaultyStorage;
    t = await startTestServer({
      env: { RETRACE_UNLOAD_GRACE_MS: '100', ...env },
      wrapStorage: (storage) => (hooks = new FaultyStorage(storage)),
    });
    return { t, hooks };
  }

  it('loads a board once for clients that arrive together, before answering any of them', async () => {
    const { t, hooks } = await start();
    const board = await t.createBoard('Loaded once');
    hooks.loadDelayMs = 200;
    const clients = [
      t.connect(board.id, board.tokens.editor),
      t.connect(board.id, board.tokens.editor),
      t.connect(board.id, board.tokens.viewer),
    ];
    await until(() => clients.every((c) => c.provider.synced), 'all clients to sync');
    expect(hooks.loadCalls).toBe(1);
    for (const client of clients) expect(readBoard(client.doc).meta.title).toBe('Loaded once');
  });

  it('answers a link check from the room its socket is loading, without loading the board again', async () => {
    // A page opens the board's socket and checks its link at the same moment: on a large
    // board, replaying it from storage a second time for the title cost the load its CPU.
    const { t, hooks } = await start();
    const board = await t.createBoard('Checked while loading');
    hooks.loadDelayMs = 200;
    const client = t.connect(board.id, board.tokens.editor);
    await until(() => hooks.loadCalls === 1, 'the room to start loading');
    const response = await fetch(`${t.httpUrl}/api/boards/${board.id}`, {
      headers: { authorization: `Bearer ${board.tokens.viewer}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { meta: { title: string } }).meta.title).toBe('Checked while loading');
    await until(() => client.provider.synced, 'sync');
    expect(hooks.loadCalls).toBe(1);
  });

  it('on a load error closes the connections with a named code and persists nothing', async () => {
    const { t, hooks } = await start();
    const board = await t.createBoard('Flaky disk');
    const logBefore = await t.server.storage.readUpdateLog(board.id);
    hooks.failLoads = 1;
    const ws = new WebSocket(`${t.wsUrl}/${board.id}?token=${board.tokens.editor}`);
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(4500);
    expect(t.server.registry.openCount).toBe(0);
    expect(await t.server.storage.readUpdateLog(board.id)).toHaveLength(logBefore.length);
    // The next attempt loads normally.
    const client = t.connect(board.id, board.tokens.editor);
    await until(() => client.provider.synced, 'client to sync after the failed load');
    expect(readBoard(client.doc).meta.title).toBe('Flaky disk');
  });

  it('unloads an empty board after the grace period and reloads it intact', async () => {
    const { t } = await start();
    const board = await t.createBoard('Unload me');
    const first = t.connect(board.id, board.tokens.editor);
    await until(() => first.provider.synced, 'sync');
    const lane = createLane(first.doc, { name: 'Ops' });
    createCard(first.doc, { text: 'kept', laneId: lane, occurredAt: null });
    await until(() => t.server.writer.pendingFor(board.id) === 0 && t.server.writer.pendingCount === 0, 'writes');
    first.provider.destroy();
    await until(() => t.server.registry.openCount === 0, 'room to unload', 3_000);
    const second = t.connect(board.id, board.tokens.viewer);
    await until(() => second.provider.synced, 'resync');
    expect(readBoard(second.doc).cards.map((c) => c.text)).toEqual(['kept']);
  });

  it('a client arriving while the board unloads waits and then gets every edit', async () => {
    const { t, hooks } = await start({ RETRACE_COMPACT_AFTER_UPDATES: '1000' });
    const board = await t.createBoard('Race');
    const first = t.connect(board.id, board.tokens.editor);
    await until(() => first.provider.synced, 'sync');
    const lane = createLane(first.doc, { name: 'Ops' });
    for (let i = 0; i < 5; i++) createCard(first.doc, { text: `c${i}`, laneId: lane, occurredAt: i });
    await until(() => t.server.writer.pendingCount === 0, 'writes');
    hooks.snapshotDelayMs = 300; // the final snapshot during unload is slow
    first.provider.destroy();
    await until(() => t.server.registry.get(board.id)?.state === 'unloading', 'unloading to start', 3_000);
    const second = t.connect(board.id, board.tokens.editor);
    await until(() => second.provider.synced, 'client during unload to sync', 5_000);
    expect(readBoard(second.doc).cards).toHaveLength(5);
    expect(t.server.registry.get(board.id)?.state).toBe('ready');
  });

  it('compacts into a snapshot past the threshold, keeping the full update log', async () => {
    const { t } = await start({ RETRACE_COMPACT_AFTER_UPDATES: '10' });
    const board = await t.createBoard('Compaction');
    const client = t.connect(board.id, board.tokens.editor);
    await until(() => client.provider.synced, 'sync');
    const lane = createLane(client.doc, { name: 'Ops' });
    for (let i = 0; i < 30; i++) {
      createCard(client.doc, { text: `c${i}`, laneId: lane, occurredAt: i });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => t.server.writer.pendingCount === 0, 'writes');
    const stored = await until2(async () => {
      const loaded = await t.server.storage.loadBoard(board.id);
      // Compaction settles with at most `threshold` updates after the latest snapshot.
      return loaded && loaded.snapshotSeq > 0 && loaded.updates.length <= 10 ? loaded : null;
    });
    expect((await t.server.storage.readUpdateLog(board.id)).length).toBeGreaterThanOrEqual(31);
    const rebuilt = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(rebuilt, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(rebuilt, update);
    expect(readBoard(rebuilt)).toEqual(readBoard(client.doc));
  });

  it('keeps editing working while storage fails, reports it, and stores everything on recovery', async () => {
    const { t, hooks } = await start();
    const board = await t.createBoard('Full disk');
    const a = t.connect(board.id, board.tokens.editor);
    const b = t.connect(board.id, board.tokens.editor);
    await until(() => a.provider.synced && b.provider.synced, 'sync');
    const lane = createLane(a.doc, { name: 'Ops' });
    await until(() => readBoard(b.doc).lanes.some((l) => l.id === lane), 'lane to reach b');
    hooks.failAppends = true;
    createCard(a.doc, { text: 'written while the disk is full', laneId: lane, occurredAt: null });
    await until(() => readBoard(b.doc).cards.length === 1, 'edit to reach b despite storage failure');
    expect((await fetch(`${t.httpUrl}/healthz`)).status).toBe(503);
    // Clients are told, through the server's own awareness state.
    const serverSaysNotSaving = (client: typeof a) =>
      [...client.provider.awareness.getStates().values()].some(
        (state) => (state as { retraceServer?: { saving: boolean } }).retraceServer?.saving === false,
      );
    await until(
      () => serverSaysNotSaving(a) && serverSaysNotSaving(b),
      'clients to be told the board is not being saved',
    );
    hooks.failAppends = false;
    await until(() => t.server.writer.healthy && t.server.writer.pendingCount === 0, 'recovery', 8_000);
    expect((await fetch(`${t.httpUrl}/healthz`)).status).toBe(200);
    await until(() => !serverSaysNotSaving(a), 'the notice to clear once storage recovers');
    const loaded = (await t.server.storage.loadBoard(board.id))!;
    const rebuilt = new Y.Doc();
    if (loaded.snapshot) Y.applyUpdate(rebuilt, loaded.snapshot);
    for (const update of loaded.updates) Y.applyUpdate(rebuilt, update);
    expect(readBoard(rebuilt).cards.map((c) => c.text)).toEqual(['written while the disk is full']);
  });
});

async function until2<T>(check: () => Promise<T | null>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
