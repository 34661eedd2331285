import { CloseCode, createAction, createCard, createFactor, createLane, readBoard } from '@retrace/shared';
import { describe, expect, it } from 'vitest';
import { createBoard } from '../helpers/api';
import { useServers } from '../helpers/fixtures';
import { startServer } from '../helpers/serverProcess';
import { connectClient } from '../helpers/syncClient';
import { sleep, waitFor } from '../helpers/waitFor';

const ADMIN = 'admin-key-for-tests-0123456789';

describe('library, insights, publishing and history', () => {
  const { start, track, onCleanup } = useServers();
  const admin = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

  it('generates an admin key on first start and shows it once; RETRACE_ADMIN_KEY sets it', async () => {
    const first = await start();
    const match = /Workspace admin key \(shown only now[^)]*\): ([A-Za-z0-9_-]{40,})/.exec(first.output());
    expect(match).not.toBeNull();
    const key = match![1]!;
    expect((await fetch(`${first.httpUrl}/api/library`, admin(key))).status).toBe(200);
    await first.stop('SIGTERM');
    const again = await startServer({ dataDir: first.dataDir, port: first.port });
    onCleanup(() => again.stop('SIGKILL'));
    expect(again.output()).not.toContain('Workspace admin key');
    expect((await fetch(`${again.httpUrl}/api/library`, admin(key))).status).toBe(200);

    const configured = await start({ RETRACE_ADMIN_KEY: ADMIN });
    expect(configured.output()).not.toContain('Workspace admin key');
    expect((await fetch(`${configured.httpUrl}/api/library`, admin(ADMIN))).status).toBe(200);
  });

  it('protects the library and insights: no key 401, wrong key 403, right key 200', async () => {
    const server = await start({ RETRACE_ADMIN_KEY: ADMIN });
    const board = await createBoard(server.httpUrl, { title: 'Login outage' });
    for (const path of ['/api/library', '/api/insights', '/api/insights.csv', '/api/insights.md', '/api/initiatives']) {
      expect((await fetch(`${server.httpUrl}${path}`)).status).toBe(401);
      expect((await fetch(`${server.httpUrl}${path}`, admin('not-the-admin-key-0000'))).status).toBe(403);
      expect((await fetch(`${server.httpUrl}${path}`, admin(board.tokens.facilitator))).status).toBe(403);
      expect((await fetch(`${server.httpUrl}${path}`, admin(ADMIN))).status).toBe(200);
    }
    expect((await fetch(`${server.httpUrl}/api/nope`)).status).toBe(404);
  });

  it('lists, searches and filters boards, ranks recurring factors and open actions, exports them', async () => {
    const server = await start({ RETRACE_ADMIN_KEY: ADMIN });
    const boards = [
      await createBoard(server.httpUrl, { title: 'Login outage' }),
      await createBoard(server.httpUrl, { title: 'Checkout errors' }),
    ];
    const actionIds: string[] = [];
    for (const [i, board] of boards.entries()) {
      const client = track(connectClient(server.wsUrl, board.id, board.tokens.facilitator));
      await client.whenSynced();
      const lane = createLane(client.doc, { name: i ? 'Bob (backend)' : 'Ana (support)', kind: 'person' });
      createCard(client.doc, { text: 'something happened', laneId: lane, occurredAt: null });
      const factor = createFactor(client.doc, { name: i ? 'No canary stage!' : 'No canary stage', category: 'change' });
      actionIds.push(
        createAction(client.doc, { title: `Add a canary (${i})`, owner: 'Platform', factorIds: [factor] }),
      );
      await sleep(200);
    }
    await fetch(`${server.httpUrl}/api/boards/${boards[0]!.id}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${boards[0]!.tokens.facilitator}` },
      body: JSON.stringify({ status: 'published' }),
    });
    const library = (await (await fetch(`${server.httpUrl}/api/library`, admin(ADMIN))).json()) as {
      boards: Array<{ title: string; status: string; participants: string[] }>;
      total: number;
    };
    expect(library.total).toBe(2);
    expect(library.boards.find((b) => b.title === 'Login outage')).toMatchObject({
      status: 'published',
      participants: ['Ana (support)'],
    });
    // The library may lag a board being edited by a few seconds (SUMMARY_REFRESH_MS): the
    // server summarised these boards when they were created, just before the edits.
    const found = async (q: string) =>
      (
        (await (await fetch(`${server.httpUrl}/api/library?q=${encodeURIComponent(q)}`, admin(ADMIN))).json()) as {
          boards: Array<{ title: string }>;
        }
      ).boards.map((b) => b.title);
    await waitFor(async () => (await found('bob')).length > 0, 'the search to reach the edits', 6_000);
    expect(await found('bob')).toEqual(['Checkout errors']);
    // Search reaches card text, action titles and owners too; card text is not sent back.
    const byText = async (q: string) =>
      (
        (await (await fetch(`${server.httpUrl}/api/library?q=${encodeURIComponent(q)}`, admin(ADMIN))).json()) as {
          boards: Array<{ title: string; searchText?: string }>;
        }
      ).boards;
    expect((await byText('something happened')).map((b) => b.title).sort()).toEqual([
      'Checkout errors',
      'Login outage',
    ]);
    expect((await byText('canary (1)')).map((b) => b.title)).toEqual(['Checkout errors']);
    expect((await byText('PLATFORM')).length).toBe(2);
    expect((await byText('something'))[0]!.searchText).toBeUndefined();
    const published = (await (await fetch(`${server.httpUrl}/api/library?status=published`, admin(ADMIN))).json()) as {
      boards: Array<{ title: string }>;
    };
    expect(published.boards.map((b) => b.title)).toEqual(['Login outage']);
    // Pages, sorted by any column; the server's time is in Server-Timing.
    const paged = await fetch(`${server.httpUrl}/api/library?sort=title&order=asc&offset=1&limit=1`, admin(ADMIN));
    expect(paged.headers.get('server-timing')).toMatch(/^app;dur=\d+(\.\d)?$/);
    expect(await paged.json()).toMatchObject({
      boards: [{ title: 'Login outage' }],
      total: 2,
      matched: 2,
      offset: 1,
      limit: 1,
    });

    const insights = (await (await fetch(`${server.httpUrl}/api/insights`, admin(ADMIN))).json()) as {
      factors: Array<{ name: string; incidents: unknown[] }>;
      openActions: Array<{ owner: string; actions: unknown[] }>;
    };
    expect(insights.factors[0]).toMatchObject({ incidents: [{}, {}] });
    expect(insights.openActions).toEqual([
      expect.objectContaining({ owner: 'Platform', actions: [expect.anything(), expect.anything()] }),
    ]);
    expect(await (await fetch(`${server.httpUrl}/api/insights.md`, admin(ADMIN))).text()).toContain(
      '# Insights across 2 incidents',
    );
    // A period: presets and custom ranges of dates; a malformed one is refused.
    const scoped = async (query: string) => {
      const response = await fetch(`${server.httpUrl}/api/insights?${query}`, admin(ADMIN));
      return {
        status: response.status,
        body: (await response.json()) as { boards: number; metrics: unknown[]; trends: unknown[] },
      };
    };
    expect((await scoped('scope=this-month')).body).toMatchObject({
      boards: 2,
      metrics: [{ severity: 'unset', incidents: 2 }],
      trends: [{ incidents: 2 }],
    });
    expect((await scoped('from=2099-01-01&to=2099-12-31')).body.boards).toBe(0);
    for (const bad of ['scope=forever', 'from=yesterday', 'from=2024-05-01&to=2024-04-01'])
      expect((await scoped(bad)).status).toBe(400);
    expect(await (await fetch(`${server.httpUrl}/api/insights.md?scope=this-year`, admin(ADMIN))).text()).toContain(
      '## Incident metrics',
    );
    expect(await (await fetch(`${server.httpUrl}/api/insights.csv`, admin(ADMIN))).text()).toMatch(
      /^section,name,category,incidents,detail/,
    );

    const created = await fetch(`${server.httpUrl}/api/initiatives`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin(ADMIN).headers },
      body: JSON.stringify({ name: 'Progressive deploys' }),
    });
    expect(created.status).toBe(201);
    const initiative = (await created.json()) as { id: string };
    const patch = (body: unknown) =>
      fetch(`${server.httpUrl}/api/initiatives/${initiative.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...admin(ADMIN).headers },
        body: JSON.stringify(body),
      });
    // Only actions that exist can join an initiative.
    expect((await patch({ addAction: { boardId: boards[0]!.id, actionId: 'no-such-action' } })).status).toBe(400);
    const updated = await patch({
      status: 'in-progress',
      addAction: { boardId: boards[0]!.id, actionId: actionIds[0] },
    });
    expect(await updated.json()).toMatchObject({
      name: 'Progressive deploys',
      status: 'in-progress',
      actions: [{ boardId: boards[0]!.id, actionId: actionIds[0] }],
    });
    // Insights and exports list the initiative's actions and how far it has got.
    const withInitiative = (await (await fetch(`${server.httpUrl}/api/insights`, admin(ADMIN))).json()) as {
      initiatives: Array<{
        items: Array<{ title: string; status: string; board: string }>;
        done: number;
        counted: number;
      }>;
    };
    expect(withInitiative.initiatives[0]).toMatchObject({
      done: 0,
      counted: 1,
      items: [{ title: 'Add a canary (0)', status: 'open', board: 'Login outage' }],
    });
    const markdown = await (await fetch(`${server.httpUrl}/api/insights.md`, admin(ADMIN))).text();
    expect(markdown).toContain('### Progressive deploys — in-progress, 0 of 1 action done');
    expect(markdown).toContain(`/library#board=${boards[0]!.id})`);
  });

  it('makes a published board read-only for editors until the facilitator reopens it', async () => {
    const server = await start({ RETRACE_ADMIN_KEY: ADMIN });
    const board = await createBoard(server.httpUrl, { title: 'Publish me' });
    const setStatus = (status: string, token: string) =>
      fetch(`${server.httpUrl}/api/boards/${board.id}/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ status }),
      });
    expect((await setStatus('published', board.tokens.editor)).status).toBe(403);
    expect((await setStatus('finished', board.tokens.facilitator)).status).toBe(400);

    const facilitator = track(connectClient(server.wsUrl, board.id, board.tokens.facilitator));
    const editor = track(connectClient(server.wsUrl, board.id, board.tokens.editor));
    await Promise.all([facilitator.whenSynced(), editor.whenSynced()]);
    const lane = readBoard(facilitator.doc).lanes[0]!.id;
    expect((await setStatus('published', board.tokens.facilitator)).status).toBe(200);
    await waitFor(
      () =>
        [...editor.provider.awareness.getStates().values()].some(
          (s) => (s as { retraceServer?: { status: string } }).retraceServer?.status === 'published',
        ),
      'clients to learn the board is published',
    );
    const refused: number[] = [];
    editor.provider.on('closed', (event: { code: number }) => refused.push(event.code));
    createCard(editor.doc, { text: 'editor after publish', laneId: lane, occurredAt: null });
    // The editor is told at once (a code stock providers do not retry), not left to believe
    // the card was shared while every later edit of theirs waits behind it.
    await waitFor(() => refused.includes(CloseCode.BoardPublished.code), 'the editor to be told');
    createCard(facilitator.doc, { text: 'facilitator after publish', laneId: lane, occurredAt: null });
    const reader = track(connectClient(server.wsUrl, board.id, board.tokens.viewer));
    await waitFor(
      () => readBoard(reader.doc).cards.some((c) => c.text === 'facilitator after publish'),
      'the facilitator’s edit',
    );
    await sleep(300);
    expect(readBoard(facilitator.doc).cards.map((c) => c.text)).toEqual(['facilitator after publish']);

    expect((await setStatus('in-review', board.tokens.facilitator)).status).toBe(200);
    const meta = (await (
      await fetch(`${server.httpUrl}/api/boards/${board.id}`, admin(board.tokens.viewer))
    ).json()) as { status: string };
    expect(meta.status).toBe('in-review');
    const late = track(connectClient(server.wsUrl, board.id, board.tokens.editor));
    await late.whenSynced();
    createCard(late.doc, { text: 'editor after reopening', laneId: lane, occurredAt: null });
    await waitFor(
      () => readBoard(facilitator.doc).cards.some((c) => c.text === 'editor after reopening'),
      'editors to write again',
    );
    // The refused editor reconnects once the board is reopened: nothing it wrote is held back.
    editor.provider.connect();
    await waitFor(
      () => readBoard(facilitator.doc).cards.some((c) => c.text === 'editor after publish'),
      'the refused editor to write again after reopening',
    );
  });

  it('lists changes with who and when, from the stored log', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl, { title: 'History' });
    const ana = track(connectClient(server.wsUrl, board.id, board.tokens.editor));
    await ana.whenSynced();
    ana.provider.awareness.setLocalState({ user: { name: 'Ana', color: '#000' } });
    await sleep(100);
    createCard(ana.doc, { text: 'restarted the pods', laneId: readBoard(ana.doc).lanes[0]!.id, occurredAt: null });
    const history = await waitFor(async () => {
      const body = (await (
        await fetch(`${server.httpUrl}/api/boards/${board.id}/history`, admin(board.tokens.viewer))
      ).json()) as {
        history: Array<{ actor: string; receivedAt: number; changes: string[] }>;
      };
      return body.history.find((h) => h.changes.some((c) => c.includes('restarted the pods')));
    }, 'the change in the history');
    expect(history.actor).toMatch(/^editor:[0-9a-f]{8} Ana$/);
    expect(history.receivedAt).toBeGreaterThan(Date.now() - 60_000);
    const log = (await (
      await fetch(`${server.httpUrl}/api/boards/${board.id}/log`, admin(board.tokens.viewer))
    ).json()) as { entries: Array<{ seq: number; data: string }> };
    expect(log.entries.length).toBeGreaterThanOrEqual(2);
    expect((await fetch(`${server.httpUrl}/api/boards/${board.id}/history`)).status).toBe(401);
  });
});
