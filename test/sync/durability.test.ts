import { createCard, createLane, readBoard } from '@retrace/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createBoard } from '../helpers/api';
import { startServer, tempDataDir, type ServerProcess } from '../helpers/serverProcess';
import { loadStoredBoard } from '../helpers/storedBoard';
import { connectClient, waitForConvergence, type SyncClient } from '../helpers/syncClient';
import { sleep, waitFor } from '../helpers/waitFor';

const T = Date.UTC(2024, 4, 1, 9, 0);

describe('durability across restarts', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function track(client: SyncClient): SyncClient {
    cleanups.push(() => client.destroy());
    return client;
  }

  async function start(dataDir: string, port?: number): Promise<ServerProcess> {
    const server = await startServer(port === undefined ? { dataDir } : { dataDir, port });
    cleanups.push(() => server.stop('SIGKILL'));
    return server;
  }

  it('SIGTERM stores everything and a restart on the same data loses nothing', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const server = await start(data.dir);
    const board = await createBoard(server.httpUrl, { title: 'Query updated 300K rows' });
    const alice = track(connectClient(server.wsUrl, board.id, board.tokens.editor));
    await alice.whenSynced();
    const lane = createLane(alice.doc, { name: 'Database' });
    for (let i = 0; i < 50; i++) createCard(alice.doc, { text: `step ${i}`, laneId: lane, occurredAt: T + i * 60_000 });
    const bob = track(connectClient(server.wsUrl, board.id, board.tokens.editor));
    await bob.whenSynced();
    await waitForConvergence([alice, bob]);

    expect(await server.stop('SIGTERM')).toBe(0);
    const stored = readBoard(await loadStoredBoard(data.dir, board.id));
    expect(stored.cards).toHaveLength(50);

    const restarted = await start(data.dir, server.port);
    const carol = track(connectClient(restarted.wsUrl, board.id, board.tokens.viewer));
    await carol.whenSynced();
    expect(readBoard(carol.doc)).toEqual(readBoard(alice.doc));
    // The original clients reconnect by themselves to the restarted server.
    createCard(bob.doc, { text: 'after restart', laneId: lane, occurredAt: null });
    await waitFor(() => readBoard(carol.doc).cards.some((card) => card.text === 'after restart'), 'edit after restart');
  });

  it('kill -9 while clients edit: after restart and reconnect every edit is on every client and in storage', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    let server = await start(data.dir);
    const board = await createBoard(server.httpUrl, { title: 'Mobile clients broke on unversioned API' });
    const clients = Array.from({ length: 4 }, () => track(connectClient(server.wsUrl, board.id, board.tokens.editor)));
    await Promise.all(clients.map((client) => client.whenSynced()));
    const lane = createLane(clients[0]!.doc, { name: 'API' });
    await waitFor(
      () => clients.every((client) => readBoard(client.doc).lanes.some((l) => l.id === lane)),
      'lane everywhere',
    );

    const created = new Set<string>();
    let editing = true;
    const editors = clients.map(async (client, c) => {
      for (let i = 0; editing; i++) {
        created.add(createCard(client.doc, { text: `client ${c} edit ${i}`, laneId: lane, occurredAt: T + i * 1000 }));
        await sleep(15 + c * 3);
      }
    });

    await sleep(600);
    expect(await server.stop('SIGKILL')).toBe('SIGKILL');
    await sleep(300); // clients keep editing while the server is down
    server = await start(data.dir, server.port);
    await sleep(600);
    editing = false;
    await Promise.all(editors);

    await waitForConvergence(clients, 20_000);
    for (const client of clients) {
      const ids = new Set(readBoard(client.doc).cards.map((card) => card.id));
      for (const id of created) expect(ids.has(id)).toBe(true);
    }
    expect(await server.stop('SIGTERM')).toBe(0);
    const storedIds = new Set(readBoard(await loadStoredBoard(data.dir, board.id)).cards.map((card) => card.id));
    expect(storedIds.size).toBe(created.size);
    for (const id of created) expect(storedIds.has(id)).toBe(true);
  });
});
