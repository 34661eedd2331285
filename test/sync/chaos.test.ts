import { createCard, createLane, readBoard } from '@retrace/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { createBoard } from '../helpers/api';
import { startServer, tempDataDir, type ServerProcess } from '../helpers/serverProcess';
import { loadStoredBoard } from '../helpers/storedBoard';
import { connectClient, waitForConvergence, type SyncClient } from '../helpers/syncClient';
import { sleep } from '../helpers/waitFor';

describe('chaos: kill -9 at random moments while twenty clients edit', () => {
  const data = tempDataDir();
  const clients: SyncClient[] = [];
  let server: ServerProcess | null = null;
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop('SIGKILL');
    data.remove();
  });

  it('ends with every edit on every client and in storage', async () => {
    let seed = 2024;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    server = await startServer({ dataDir: data.dir });
    const port = server.port;
    const board = await createBoard(server.httpUrl, { title: 'Chaos' });
    for (let i = 0; i < 20; i++) clients.push(connectClient(server.wsUrl, board.id, board.tokens.editor));
    await Promise.all(clients.map((client) => client.whenSynced()));
    const lane = createLane(clients[0]!.doc, { name: 'Everyone' });
    await waitForConvergence(clients);

    const created = new Set<string>();
    let editing = true;
    const editors = clients.map(async (client, c) => {
      for (let i = 0; editing; i++) {
        created.add(createCard(client.doc, { text: `c${c}-${i}`, laneId: lane, occurredAt: null }));
        await sleep(40 + Math.floor(random() * 60));
      }
    });
    for (let kill = 0; kill < 3; kill++) {
      await sleep(400 + Math.floor(random() * 800));
      await server.stop('SIGKILL');
      await sleep(100 + Math.floor(random() * 400));
      server = await startServer({ dataDir: data.dir, port });
    }
    await sleep(800);
    editing = false;
    await Promise.all(editors);

    await waitForConvergence(clients, 30_000);
    const onClient = new Set(readBoard(clients[0]!.doc).cards.map((card) => card.id));
    expect(onClient.size).toBe(created.size);
    for (const id of created) expect(onClient.has(id)).toBe(true);
    expect(await server.stop('SIGTERM')).toBe(0);
    server = null;
    const stored = new Set(readBoard(await loadStoredBoard(data.dir, board.id)).cards.map((card) => card.id));
    for (const id of created) expect(stored.has(id)).toBe(true);
  });
});
