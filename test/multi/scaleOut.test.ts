import {
  controlRoomOf,
  createCard,
  createLane,
  moveCard,
  readBoard,
  readControl,
  type BoardSnapshot,
} from '@retrace/shared';
import { describe, expect, it } from 'vitest';
import { createBoard } from '../helpers/api';
import { startNginx } from '../helpers/nginxProxy';
import { storedDoc } from '../helpers/storedPostgres';
import { usePostgresAndRedis } from '../helpers/postgresAndRedis';
import { startServer, type ServerProcess } from '../helpers/serverProcess';
import { connectClient, waitForConvergence, type SyncClient } from '../helpers/syncClient';
import { sleep, waitFor } from '../helpers/waitFor';

/** What PostgreSQL holds for a board, read without any server. */
async function storedBoard(url: string, boardId: string): Promise<BoardSnapshot> {
  const doc = await storedDoc(url, boardId);
  const board = readBoard(doc);
  doc.destroy();
  return board;
}

describe('several server processes sharing boards through PostgreSQL and Redis', () => {
  const backends = usePostgresAndRedis();
  const { data, cleanups } = backends;

  /** `resyncMs`: how often each process catches up from PostgreSQL (long = relay only). */
  async function processes(count: number, resyncMs = 300): Promise<ServerProcess[]> {
    const started = await Promise.all(
      Array.from({ length: count }, () =>
        startServer({
          dataDir: data.dir,
          env: {
            DATABASE_URL: backends.postgres.url,
            REDIS_URL: backends.redis.url,
            RETRACE_RESYNC_MS: String(resyncMs),
            RETRACE_COMPACT_AFTER_UPDATES: '50',
          },
        }),
      ),
    );
    for (const server of started) cleanups.push(() => server.stop('SIGKILL'));
    return started;
  }
  function client(wsUrl: string, boardId: string, token: string, writer?: string): SyncClient {
    const c = connectClient(wsUrl, boardId, token, undefined, writer ? { writer } : {});
    cleanups.push(() => c.destroy());
    return c;
  }

  it('clients on two processes edit one board and converge through the relay, presence included', async () => {
    const [p1, p2] = await processes(2, 60_000); // no catch-up within the test: the relay alone
    const board = await createBoard(p1!.httpUrl, { title: 'Two processes' });
    const a = client(p1!.wsUrl, board.id, board.tokens.editor);
    const b = client(p2!.wsUrl, board.id, board.tokens.editor);
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    const lane = createLane(a.doc, { name: 'Ops' });
    await waitFor(() => readBoard(b.doc).lanes.some((l) => l.id === lane), 'lane from process 1 on process 2');
    createCard(b.doc, { text: 'from process 2', laneId: lane, occurredAt: null });
    createCard(a.doc, { text: 'from process 1', laneId: lane, occurredAt: null });
    await waitForConvergence([a, b]);
    expect(
      readBoard(a.doc)
        .cards.map((c) => c.text)
        .sort(),
    ).toEqual(['from process 1', 'from process 2']);
    a.provider.awareness.setLocalState({ user: { name: 'Ana', color: '#000' } });
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID), 'presence across processes');
  });

  it('converges when Redis restarts (messages lost meanwhile) thanks to the catch-up from storage', async () => {
    const [p1, p2] = await processes(2);
    const board = await createBoard(p1!.httpUrl, { title: 'Redis restart' });
    const a = client(p1!.wsUrl, board.id, board.tokens.editor);
    const b = client(p2!.wsUrl, board.id, board.tokens.editor);
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    const lane = createLane(a.doc, { name: 'Ops' });
    await waitForConvergence([a, b]);
    await backends.redis.kill();
    for (let i = 0; i < 10; i++)
      createCard(i % 2 ? a.doc : b.doc, { text: `while redis is down ${i}`, laneId: lane, occurredAt: null });
    await waitForConvergence([a, b], 10_000); // storage catch-up alone
    await backends.redis.restart();
    for (let i = 0; i < 10; i++)
      createCard(i % 2 ? a.doc : b.doc, { text: `after restart ${i}`, laneId: lane, occurredAt: null });
    await waitForConvergence([a, b], 10_000);
    expect(readBoard(a.doc).cards).toHaveLength(20);
  });

  it('kill -9 of one process behind nginx: its clients reconnect to the other and nothing is lost', async () => {
    const [p1, p2] = await processes(2);
    const proxy = await startNginx([p1!.port, p2!.port]);
    cleanups.push(() => proxy.stop());
    const board = await createBoard(p1!.httpUrl, { title: 'Failover' });
    const viaProxy = proxy.wsUrl;
    const onFirst = [client(viaProxy, board.id, board.tokens.editor), client(viaProxy, board.id, board.tokens.editor)];
    const onSecond = client(p2!.wsUrl, board.id, board.tokens.editor);
    const all = [...onFirst, onSecond];
    await Promise.all(all.map((c) => c.whenSynced()));
    const lane = createLane(onSecond.doc, { name: 'Everyone' });
    await waitForConvergence(all);

    const created = new Set<string>();
    let editing = true;
    const editors = all.map(async (c, i) => {
      for (let n = 0; editing; n++) {
        created.add(createCard(c.doc, { text: `c${i}-${n}`, laneId: lane, occurredAt: null }));
        await sleep(30);
      }
    });
    await sleep(500);
    await p1!.stop('SIGKILL');
    await sleep(1_500);
    editing = false;
    await Promise.all(editors);
    await waitForConvergence(all, 20_000);
    for (const c of all) expect(new Set(readBoard(c.doc).cards.map((card) => card.id))).toEqual(created);
    await waitFor(
      async () => (await storedBoard(backends.postgres.url, board.id)).cards.length === created.size,
      'every edit in PostgreSQL',
      15_000,
    );
  });

  it('three processes, twenty clients, random edits: every client and the database end identical', async () => {
    const servers = await processes(3);
    const board = await createBoard(servers[0]!.httpUrl, { title: 'Twenty clients' });
    const clients = Array.from({ length: 20 }, (_, i) => client(servers[i % 3]!.wsUrl, board.id, board.tokens.editor));
    await Promise.all(clients.map((c) => c.whenSynced()));
    const lanes = [createLane(clients[0]!.doc, { name: 'A' }), createLane(clients[0]!.doc, { name: 'B' })];
    await waitForConvergence(clients);

    let seed = 17;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const deadline = Date.now() + 3_000;
    await Promise.all(
      clients.map(async (c) => {
        while (Date.now() < deadline) {
          const cards = readBoard(c.doc).cards;
          const laneId = lanes[Math.floor(random() * 2)]!;
          if (cards.length === 0 || random() < 0.5)
            createCard(c.doc, {
              text: `r${Math.floor(random() * 1e6)}`,
              laneId,
              occurredAt: Math.floor(random() * 60) * 60_000,
            });
          if (cards.length > 0 && random() < 0.3) {
            moveCard(c.doc, {
              cardId: cards[Math.floor(random() * cards.length)]!.id,
              laneId,
              occurredAt: Math.floor(random() * 60) * 60_000,
            });
          }
          await sleep(20 + Math.floor(random() * 60));
        }
      }),
    );
    await waitForConvergence(clients, 20_000);
    const expected = readBoard(clients[0]!.doc);
    for (const c of clients.slice(1)) expect(readBoard(c.doc)).toEqual(expected);
    await waitFor(
      async () => JSON.stringify(await storedBoard(backends.postgres.url, board.id)) === JSON.stringify(expected),
      'the database to hold the same board',
      15_000,
    );
  });

  it('runs a silent round across processes: drafts written through one, revealed through the other', async () => {
    const [p1, p2] = await processes(2, 60_000);
    const board = await createBoard(p1!.httpUrl, { title: 'Silent round, two processes' });
    const watchers = [p1!, p2!].map((p) => client(p.wsUrl, controlRoomOf(board.id), board.tokens.viewer));
    const boardOnP2 = client(p2!.wsUrl, board.id, board.tokens.viewer);
    await Promise.all([...watchers, boardOnP2].map((c) => c.whenSynced()));
    const lane = readBoard(boardOnP2.doc).lanes[0]!.id;
    const call = (p: ServerProcess, method: string, path: string, token: string, body?: unknown, writer?: string) =>
      fetch(`${p.httpUrl}/api/boards/${board.id}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(writer ? { 'x-retrace-writer': writer } : {}),
        },
        body: body === undefined ? null : JSON.stringify(body),
      });
    const stage = (watcher: SyncClient) => readControl(watcher.doc).silentRound;

    expect((await call(p1!, 'POST', '/silent-round', board.tokens.facilitator, { action: 'start' })).status).toBe(200);
    await waitFor(() => stage(watchers[1]!).stage === 'writing', 'the round open on process 2');
    const [ana, ben] = ['ana-writer-secret-000000001', 'ben-writer-secret-000000002'];
    // Each is on the board through one process and writes through the other: their seats are in shared storage.
    const seated = [
      client(p1!.wsUrl, board.id, board.tokens.editor, ana),
      client(p2!.wsUrl, board.id, board.tokens.editor, ben),
    ];
    await Promise.all(seated.map((c) => c.whenSynced()));
    const draft = (text: string) => ({ text, laneId: lane, occurredAt: null });
    for (const [p, writer, id, text] of [
      [p2!, ana, 'multi1', 'Alert fired in the wrong channel'],
      [p2!, ana, 'multi2', 'Runbook link was dead'],
      [p1!, ben, 'multi3', 'Deploy went to every region at once'],
    ] as const) {
      expect((await call(p, 'PUT', `/drafts/${id}`, board.tokens.editor, draft(text), writer)).status).toBe(200);
    }
    await waitFor(() => stage(watchers[1]!).drafts === 3, 'three drafts counted on process 2');
    expect(stage(watchers[1]!)).toMatchObject({ drafts: 3, writers: 2 });
    expect(readBoard(boardOnP2.doc).cards).toHaveLength(0);

    expect((await call(p2!, 'POST', '/silent-round', board.tokens.facilitator, { action: 'review' })).status).toBe(200);
    await waitFor(() => stage(watchers[0]!).stage === 'reviewing', 'process 1 to know writing is closed');
    const reveal = await call(p1!, 'POST', '/silent-round/reveal', board.tokens.facilitator, { round: 1 });
    expect(await reveal.json()).toMatchObject({ revealed: 3 });
    await waitFor(() => readBoard(boardOnP2.doc).cards.length === 3, 'the cards on process 2');
    await waitFor(() => stage(watchers[1]!).stage === 'idle', 'the round over on process 2');
    expect((await (await call(p2!, 'GET', '/drafts', board.tokens.editor, undefined, ana)).json()).drafts).toEqual([]);
  });

  it("keeps someone's presence when another process's client that echoed it leaves", async () => {
    const [p1, p2] = await processes(2, 60_000);
    const board = await createBoard(p1!.httpUrl, { title: 'Presence echoes' });
    const ana = client(p1!.wsUrl, board.id, board.tokens.editor);
    const ben = client(p2!.wsUrl, board.id, board.tokens.editor);
    const cy = client(p2!.wsUrl, board.id, board.tokens.editor);
    await Promise.all([ana, ben, cy].map((c) => c.whenSynced()));
    ana.provider.awareness.setLocalState({ user: { name: 'Ana', color: '#000' } });
    await waitFor(() => ben.provider.awareness.getStates().has(ana.doc.clientID), "Ana's presence on process 2");
    await sleep(300); // Ben's and Cy's providers echo Ana's state back to process 2
    ben.destroy();
    await sleep(800);
    expect(cy.provider.awareness.getStates().get(ana.doc.clientID)).toMatchObject({ user: { name: 'Ana' } });
  });

  it('stays up when a client that never set its presence leaves (nothing to relay for it)', async () => {
    const [p1, p2] = await processes(2, 60_000);
    const board = await createBoard(p1!.httpUrl, { title: 'Quiet clients' });
    const watcher = client(p1!.wsUrl, board.id, board.tokens.viewer);
    const quiet = client(p2!.wsUrl, board.id, board.tokens.editor); // its only awareness: {} at clock 0
    await Promise.all([watcher.whenSynced(), quiet.whenSynced()]);
    await sleep(200);
    quiet.destroy();
    await sleep(500);
    expect((await fetch(`${p2!.httpUrl}/healthz`)).status).toBe(200);
    const again = client(p2!.wsUrl, board.id, board.tokens.editor);
    await again.whenSynced();
  });

  it('replacing a link through one process disconnects its holders on every process', async () => {
    const [p1, p2] = await processes(2, 60_000);
    const board = await createBoard(p1!.httpUrl, { title: 'Leaked link' });
    const leaked = [board.id, controlRoomOf(board.id)].map((room) => client(p2!.wsUrl, room, board.tokens.editor));
    const bystander = client(p2!.wsUrl, board.id, board.tokens.viewer);
    await Promise.all([...leaked, bystander].map((c) => c.whenSynced()));
    const codes: number[] = [];
    for (const c of leaked)
      c.provider.on('connection-close', (event: CloseEvent | null) => event && codes.push(event.code));
    const rotated = await fetch(`${p1!.httpUrl}/api/boards/${board.id}/links/editor/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.facilitator}` },
    });
    expect(rotated.status).toBe(200);
    await waitFor(() => codes.length === 2, 'both connections of the old link on process 2 to close');
    expect(codes).toEqual([4403, 4403]);
    await sleep(300);
    expect(bystander.provider.wsconnected).toBe(true);
  });
});
