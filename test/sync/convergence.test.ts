import { createCard, createLane, readBoard } from '@retrace/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard } from '../helpers/api';
import { startServer, tempDataDir, type ServerProcess } from '../helpers/serverProcess';
import { connectClient, waitForConvergence, type SyncClient } from '../helpers/syncClient';
import { waitFor } from '../helpers/waitFor';

describe('sync with stock y-websocket providers', () => {
  const data = tempDataDir();
  let server: ServerProcess;
  const clients: SyncClient[] = [];

  beforeAll(async () => {
    server = await startServer({ dataDir: data.dir });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server.stop();
    data.remove();
  });

  it('two clients converge, and a client joining later receives the full state', async () => {
    const board = await createBoard(server.httpUrl, { title: 'Login broke after library upgrade' });
    const alice = connectClient(server.wsUrl, board.id, board.tokens.facilitator);
    const bob = connectClient(server.wsUrl, board.id, board.tokens.editor);
    clients.push(alice, bob);
    await Promise.all([alice.whenSynced(), bob.whenSynced()]);
    expect(readBoard(alice.doc).meta.title).toBe('Login broke after library upgrade');
    expect(readBoard(bob.doc).lanes.map((lane) => lane.name)).toContain('Alerts & monitoring');

    const lane = createLane(alice.doc, { name: 'Alice', kind: 'person' });
    const t = Date.UTC(2024, 4, 1, 14, 32);
    createCard(alice.doc, { text: 'upgraded auth library', laneId: lane, occurredAt: t });
    await waitFor(() => readBoard(bob.doc).cards.length === 1, 'bob to see alice’s card');
    createCard(bob.doc, { text: 'login error rate alert', laneId: lane, occurredAt: t + 60_000, kind: 'signal' });
    await waitForConvergence([alice, bob]);
    expect(readBoard(alice.doc)).toEqual(readBoard(bob.doc));

    const carol = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    clients.push(carol);
    await carol.whenSynced();
    await waitForConvergence([alice, bob, carol]);
    expect(readBoard(carol.doc).cards.map((card) => card.text)).toEqual([
      'upgraded auth library',
      'login error rate alert',
    ]);
  });

  it('keeps boards apart', async () => {
    const one = await createBoard(server.httpUrl, { title: 'One' });
    const two = await createBoard(server.httpUrl, { title: 'Two' });
    const a = connectClient(server.wsUrl, one.id, one.tokens.editor);
    const b = connectClient(server.wsUrl, two.id, two.tokens.editor);
    clients.push(a, b);
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    expect(readBoard(a.doc).meta.title).toBe('One');
    expect(readBoard(b.doc).meta.title).toBe('Two');
  });
});
