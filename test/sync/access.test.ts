import { CloseCode, createCard, createLane, readBoard } from '@retrace/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard, type CreatedBoard } from '../helpers/api';
import { openRaw } from '../helpers/rawSocket';
import { startServer, tempDataDir, type ServerProcess } from '../helpers/serverProcess';
import { loadStoredBoard } from '../helpers/storedBoard';
import { connectClient, type SyncClient } from '../helpers/syncClient';
import { sleep, waitFor } from '../helpers/waitFor';

describe('access by capability token', () => {
  const data = tempDataDir();
  let server: ServerProcess;
  let board: CreatedBoard;
  const clients: SyncClient[] = [];

  beforeAll(async () => {
    server = await startServer({ dataDir: data.dir });
    board = await createBoard(server.httpUrl, { title: 'Missing config after manual migration' });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server.stop('SIGKILL');
    data.remove();
  });

  it('refuses a missing or wrong token with 401 and an unknown board with 404, before upgrading', async () => {
    expect((await openRaw(`${server.wsUrl}/${board.id}`)).outcome).toEqual({ opened: false, status: 401 });
    expect((await openRaw(`${server.wsUrl}/${board.id}?token=${'x'.repeat(43)}`)).outcome).toEqual({
      opened: false,
      status: 401,
    });
    const other = await createBoard(server.httpUrl, { title: 'Other' });
    expect((await openRaw(`${server.wsUrl}/${board.id}?token=${other.tokens.editor}`)).outcome.status).toBe(401);
    expect((await openRaw(`${server.wsUrl}/nosuchboard123?token=${board.tokens.editor}`)).outcome).toEqual({
      opened: false,
      status: 404,
    });
    expect((await openRaw(`${server.wsUrl}/../../etc?token=${board.tokens.editor}`)).outcome.status).toBe(404);
    const { ws, outcome } = await openRaw(`${server.wsUrl}/${board.id}?token=${board.tokens.viewer}`);
    expect(outcome.opened).toBe(true);
    ws.close();
  });

  it('answers the REST API by token and role', async () => {
    const get = (token?: string) =>
      fetch(`${server.httpUrl}/api/boards/${board.id}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect((await get()).status).toBe(401);
    expect((await get('wrong-token-wrong-token')).status).toBe(401);
    const viewer = await get(board.tokens.viewer);
    expect(viewer.status).toBe(200);
    expect(await viewer.json()).toMatchObject({
      id: board.id,
      role: 'viewer',
      meta: { title: 'Missing config after manual migration' },
    });
    expect(
      (
        await fetch(`${server.httpUrl}/api/boards/nosuchboard123`, {
          headers: { authorization: `Bearer ${board.tokens.editor}` },
        })
      ).status,
    ).toBe(404);
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
  });

  it("refuses a viewer's document writes, tells the viewer why, and stores nothing of them", async () => {
    const editor = connectClient(server.wsUrl, board.id, board.tokens.editor);
    const viewer = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    const witness = connectClient(server.wsUrl, board.id, board.tokens.editor);
    clients.push(editor, viewer, witness);
    await Promise.all([editor.whenSynced(), viewer.whenSynced(), witness.whenSynced()]);
    const closed: Array<{ code: number; reason: string }> = [];
    viewer.provider.on('closed', (event: { code: number; reason: string }) => closed.push(event));
    const lane = createLane(editor.doc, { name: 'Ops' });
    await waitFor(() => readBoard(viewer.doc).lanes.some((l) => l.id === lane), 'viewer to receive the lane');

    // A stock provider's sync step 2 repeats what the board has: that is not a write.
    await sleep(200);
    expect(closed).toEqual([]);
    createCard(viewer.doc, { text: 'viewer was here', laneId: lane, occurredAt: null });
    // Closed with a code stock providers do not retry, and the reason in words.
    await waitFor(() => closed.length > 0, 'the viewer to be told');
    expect(closed[0]).toEqual({ code: CloseCode.ViewOnly.code, reason: CloseCode.ViewOnly.reason });
    createCard(editor.doc, { text: 'editor marker', laneId: lane, occurredAt: null });
    await waitFor(() => readBoard(witness.doc).cards.some((c) => c.text === 'editor marker'), 'marker to arrive');
    await sleep(300);
    expect(readBoard(witness.doc).cards.map((c) => c.text)).toEqual(['editor marker']);
    expect(readBoard(editor.doc).cards.map((c) => c.text)).toEqual(['editor marker']);

    await server.stop('SIGTERM');
    const stored = readBoard(await loadStoredBoard(data.dir, board.id));
    expect(stored.cards.map((c) => c.text)).toEqual(['editor marker']);
    server = await startServer({ dataDir: data.dir, port: server.port });
  });
});
