import { controlRoomOf, readBoard, readControl } from '@retrace/shared';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoard, type CreatedBoard } from '../helpers/api';
import { boardRest } from '../helpers/boardRest';
import { useServers } from '../helpers/fixtures';
import { startServer } from '../helpers/serverProcess';
import { loadStoredBoard } from '../helpers/storedBoard';
import { connectClient, type SyncClient } from '../helpers/syncClient';
import { waitFor } from '../helpers/waitFor';

interface DraftJson {
  readonly id: string;
  readonly text: string;
  readonly author: { readonly name: string } | null;
}
/** The answers these endpoints give (each has some of these fields). */
interface Answer {
  readonly error?: string;
  readonly round?: Record<string, unknown>;
  readonly drafts: DraftJson[];
  readonly revealed?: number;
  readonly discarded?: number;
}

const secret = () => randomBytes(24).toString('base64url');

/** REST calls as the Retrace client makes them: the link in a header, the writer secret in another. */
function api(httpUrl: string, board: CreatedBoard) {
  const call = boardRest<Answer>(httpUrl, board.id);
  const f = board.tokens.facilitator;
  return {
    call,
    /** Opens the board as the Retrace client does (with the writer secret): the server records the seat. */
    join: async (wsUrl: string, writer: string, token = board.tokens.editor) => {
      const client = connectClient(wsUrl, board.id, token, undefined, { writer });
      await client.whenSynced();
      return client;
    },
    round: (action: string, anonymous?: boolean) => call('POST', '/silent-round', f, { action, anonymous }),
    reveal: (round: number, discard: string[] = [], anonymous?: boolean) =>
      call('POST', '/silent-round/reveal', f, { round, discard, anonymous }),
    write: (writer: string, id: string, draft: Record<string, unknown>, token = board.tokens.editor) =>
      call('PUT', `/drafts/${id}`, token, draft, writer),
    mine: (writer: string, token = board.tokens.editor) => call('GET', '/drafts', token, undefined, writer),
  };
}

/** Everything another participant's client holds: both documents and every awareness state. */
function everythingSeenBy(clients: readonly SyncClient[]): string {
  return clients
    .map((client) => {
      const states = [...client.provider.awareness.getStates().values()];
      return String.fromCharCode(...Y.encodeStateAsUpdate(client.doc)) + JSON.stringify(states);
    })
    .join('\n');
}

describe('silent writing round', () => {
  const { start, track, onCleanup } = useServers();

  it("keeps drafts out of every other client's document and awareness until the reveal", async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl, { title: 'Checkout outage' });
    const http = api(server.httpUrl, board);
    // Carol is another participant: her board and control documents, and the awareness she receives.
    const carol = [board.id, controlRoomOf(board.id)].map((room) =>
      track(connectClient(server.wsUrl, room, board.tokens.editor)),
    );
    const bobBoard = track(connectClient(server.wsUrl, board.id, board.tokens.editor));
    await Promise.all([...carol, bobBoard].map((client) => client.whenSynced()));
    bobBoard.provider.awareness.setLocalState({ user: { name: 'Bob', color: '#123456' } });
    const lane = readBoard(carol[0]!.doc).lanes[0]!.id;

    expect((await http.call('POST', '/silent-round', board.tokens.editor, { action: 'start' })).status).toBe(403);
    const started = await http.round('start');
    expect(started).toMatchObject({ status: 200, body: { round: { round: 1, stage: 'writing', anonymous: false } } });
    await waitFor(() => readControl(carol[1]!.doc).silentRound.stage === 'writing', 'Carol to see the round open');

    const bob = secret();
    const carolSecret = secret();
    for (const writer of [bob, carolSecret]) track(await http.join(server.wsUrl, writer));
    // A script inventing secrets is not a participant: it never connected to the board.
    const invented = await http.write(secret(), 'invented1', {
      text: 'Spam',
      laneId: lane,
      occurredAt: null,
    });
    expect(invented).toMatchObject({ status: 403, body: { error: expect.stringMatching(/join the board first/) } });
    const author = { name: 'Bob', timeZone: 'Europe/Berlin' };
    const draft = (text: string) => ({ text, laneId: lane, occurredAt: Date.UTC(2026, 10, 20, 14, 2), author });
    expect((await http.write(bob, 'draftbob1', draft('Pager fired at 14:02 for checkout latency'))).status).toBe(200);
    expect((await http.write(bob, 'draftbob2', draft('Dashboards stayed green for twenty minutes'))).status).toBe(200);
    expect((await http.write(bob, 'draftbob2', draft('Dashboards stayed green for 20 minutes'))).status).toBe(200);
    expect((await http.write(carolSecret, 'draftcarol', draft('Rollback script needed a manual flag'))).status).toBe(
      200,
    );
    // Nobody can read, overwrite or delete someone else's draft; viewers cannot write at all.
    expect((await http.write(carolSecret, 'draftbob1', draft('overwritten'))).status).toBe(404);
    expect((await http.call('DELETE', '/drafts/draftbob1', board.tokens.editor, undefined, carolSecret)).status).toBe(
      404,
    );
    expect((await http.write(secret(), 'draftv', draft('x'), board.tokens.viewer)).status).toBe(403);
    expect((await http.mine(carolSecret)).body.drafts.map((d) => d.id)).toEqual(['draftcarol']);
    expect((await http.mine(bob)).body.drafts.map((d) => d.text)).toEqual([
      'Pager fired at 14:02 for checkout latency',
      'Dashboards stayed green for 20 minutes',
    ]);
    // Not even the facilitator sees them while the round is open.
    expect((await http.call('GET', '/silent-round/drafts', board.tokens.facilitator)).status).toBe(409);

    await waitFor(() => readControl(carol[1]!.doc).silentRound.drafts === 3, 'the draft count');
    expect(readControl(carol[1]!.doc).silentRound).toMatchObject({ drafts: 3, writers: 2 });
    const seen = everythingSeenBy(carol);
    expect(seen).toContain('Bob'); // the awareness states did arrive…
    for (const text of ['Pager fired', 'Dashboards stayed green', 'twenty minutes']) expect(seen).not.toContain(text);
    expect(readBoard(carol[0]!.doc).cards).toHaveLength(0);

    // Writing closes for the reveal; the facilitator sees every draft and discards one.
    const review = await http.round('review');
    expect(review.status).toBe(200);
    expect(review.body.drafts.map((d) => [d.text, d.author?.name])).toEqual(
      expect.arrayContaining([['Rollback script needed a manual flag', 'Bob']]),
    );
    expect((await http.write(bob, 'draftbob3', draft('too late'))).status).toBe(409);
    const revealed = await http.reveal(1, ['draftbob2']);
    expect(revealed).toMatchObject({ status: 200, body: { revealed: 2, discarded: 1 } });

    await waitFor(() => readBoard(carol[0]!.doc).cards.length === 2, 'Carol to see the revealed cards');
    const cards = readBoard(carol[0]!.doc).cards;
    expect(cards.map((card) => [card.text, card.author?.name]).sort()).toEqual([
      ['Pager fired at 14:02 for checkout latency', 'Bob'],
      ['Rollback script needed a manual flag', 'Bob'],
    ]);
    expect(everythingSeenBy(carol)).not.toContain('Dashboards stayed green');
    expect(readControl(carol[1]!.doc).silentRound).toMatchObject({ round: 1, stage: 'idle', drafts: 0 });
    expect((await http.mine(bob)).body.drafts).toEqual([]);
    expect((await http.reveal(1)).status).toBe(409);
  });

  it('keeps drafts across a restart and reveals an anonymous round without storing any author', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl, { title: 'Login outage' });
    const http = api(server.httpUrl, board);
    const boardClient = track(connectClient(server.wsUrl, board.id, board.tokens.viewer));
    await boardClient.whenSynced();
    const lane = readBoard(boardClient.doc).lanes[1]!.id;
    boardClient.destroy();
    await http.round('start', true);
    const writer = secret();
    (await http.join(server.wsUrl, writer)).destroy();
    const author = { name: 'Dana Example', timeZone: 'UTC' };
    await http.write(writer, 'anon1', { text: 'Nobody owned the cache flag', laneId: lane, occurredAt: null, author });

    await server.stop('SIGTERM');
    const again = await startServer({ dataDir: server.dataDir, port: server.port });
    onCleanup(() => again.stop('SIGKILL'));
    const afterRestart = api(again.httpUrl, board);
    expect((await afterRestart.mine(writer)).body.drafts).toHaveLength(1);
    expect((await afterRestart.round('review')).body.drafts[0]).toMatchObject({
      text: 'Nobody owned the cache flag',
      author: null,
    });
    expect((await afterRestart.reveal(1)).body).toMatchObject({ revealed: 1, discarded: 0 });
    await again.stop('SIGTERM');

    const stored = await loadStoredBoard(again.dataDir, board.id);
    const card = readBoard(stored).cards.find((c) => c.id === 'anon1');
    expect(card).toMatchObject({ text: 'Nobody owned the cache flag', author: null, place: { laneId: lane } });
    expect(String.fromCharCode(...Y.encodeStateAsUpdate(stored))).not.toContain('Dana');
  });

  it('answers bad requests clearly and a cancelled round discards its drafts', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl, { title: 'Queue backlog' });
    const http = api(server.httpUrl, board);
    const writer = secret();
    track(await http.join(server.wsUrl, writer));
    const draft = { text: 'Consumer lag alert was muted', laneId: 'somelane', occurredAt: null };
    expect((await http.write(writer, 'early', draft)).body.error).toMatch(/no silent writing round is open/);
    expect((await http.call('GET', '/silent-round/drafts', board.tokens.editor)).status).toBe(403);
    expect((await http.call('POST', '/silent-round', board.tokens.facilitator, { action: 'explode' })).status).toBe(
      400,
    );
    expect((await http.round('review')).status).toBe(409);
    await http.round('start');
    expect((await http.call('PUT', '/drafts/x1', board.tokens.editor, draft)).body.error).toMatch(/x-retrace-writer/);
    expect((await http.write('short', 'x1', draft)).status).toBe(400);
    expect((await http.write(writer, 'x1', { ...draft, text: ' ' })).body.error).toMatch(/text/);
    expect((await http.write(writer, 'x1', { ...draft, text: 'x'.repeat(2_001) })).status).toBe(400);
    expect((await http.write(writer, 'x1', { ...draft, extra: true })).status).toBe(400);
    expect((await http.write(writer, 'bad id!', draft)).status).toBe(400);
    expect((await http.call('PUT', '/drafts/x1', board.tokens.editor, '{"text":', writer)).status).toBe(400);
    expect((await http.write(writer, 'x1', draft, 'not-a-real-token-0000000000000000')).status).toBe(401);
    const unknown = await fetch(`${server.httpUrl}/api/boards/nosuchboard000/drafts`, {
      headers: { authorization: `Bearer ${board.tokens.editor}`, 'x-retrace-writer': writer },
    });
    expect(unknown.status).toBe(404);
    expect((await http.write(writer, 'x1', draft)).status).toBe(200);
    expect((await http.round('start')).body.error).toMatch(/already running/);

    expect((await http.round('cancel')).body.round).toMatchObject({ stage: 'idle' });
    await http.round('start');
    expect((await http.mine(writer)).body.drafts).toEqual([]);
    expect((await http.round('review')).body.drafts).toEqual([]);
    expect((await http.reveal(1)).status).toBe(409);
    expect((await http.reveal(2)).body).toMatchObject({ revealed: 0 });
    // The server is still well.
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
  });
});
