import {
  controlRoomOf,
  createFactor,
  readBoard,
  readControl,
  readSeat,
  setTimer,
  startTimer,
  type Seat,
} from '@retrace/shared';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoard, type CreatedBoard } from '../helpers/api';
import { boardRest } from '../helpers/boardRest';
import { useServers } from '../helpers/fixtures';
import { connectClient, type SyncClient } from '../helpers/syncClient';
import { sleep, waitFor } from '../helpers/waitFor';

const secret = () => randomBytes(24).toString('base64url');

interface Answer {
  readonly error?: string;
  readonly seat?: Seat;
  readonly mine?: Record<string, number>;
  readonly left?: number;
  readonly voting?: ReturnType<typeof readControl>['voting'];
}

/** REST calls as the Retrace client makes them: the link in a header, the browser secret in another. */
function api(httpUrl: string, board: CreatedBoard) {
  const call = boardRest<Answer>(httpUrl, board.id);
  const f = board.tokens.facilitator;
  const e = board.tokens.editor;
  return {
    open: (budget: number, on = 'factors', closeAtTimeUp = false) =>
      call('POST', '/voting', f, { action: 'open', budget, on, closeAtTimeUp }),
    close: () => call('POST', '/voting', f, { action: 'close' }),
    vote: (writer: string, target: string, round: string | null = null, token = e) =>
      call('POST', '/votes', token, { target, round }, writer),
    unvote: (writer: string, target: string, token = e) => call('DELETE', '/votes', token, { target }, writer),
    mine: (writer: string, token = e) => call('GET', '/votes', token, undefined, writer),
    seat: (writer: string, token = e) => call('GET', '/seat', token, undefined, writer),
    call,
  };
}

describe('facilitation the server can vouch for', () => {
  const { start, track } = useServers();

  /** A participant's tab as the Retrace client opens it: board and control documents, presence with a name. */
  async function tab(wsUrl: string, board: CreatedBoard, name: string, writer: string, token = board.tokens.editor) {
    const main = track(connectClient(wsUrl, board.id, token, undefined, { writer }));
    const control = track(connectClient(wsUrl, controlRoomOf(board.id), token));
    await Promise.all([main.whenSynced(), control.whenSynced()]);
    main.provider.awareness.setLocalState({ user: { name, color: '#1f5fbf' } });
    return { main, control };
  }

  /** The seats another client sees, by name. */
  function seatsSeenBy(client: SyncClient): Map<string, Seat | null> {
    const seen = new Map<string, Seat | null>();
    client.provider.awareness.getStates().forEach((state, id) => {
      if (id === client.doc.clientID) return;
      const name = (state as { user?: { name?: string } }).user?.name;
      if (name) seen.set(`${name}#${id}`, readSeat(state));
    });
    return seen;
  }

  it('stamps every presence with a seat derived from the browser and link; a claimed seat is dropped', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl, { title: 'Checkout outage' });
    const http = api(server.httpUrl, board);
    const ana = secret();
    const observer = await tab(server.wsUrl, board, 'Observer', secret(), board.tokens.viewer);
    await tab(server.wsUrl, board, 'Ana', ana);
    await tab(server.wsUrl, board, 'Ana', ana); // her second tab
    await tab(server.wsUrl, board, 'Ana', ana, board.tokens.facilitator); // the facilitator link in the same browser
    await tab(server.wsUrl, board, 'Vic', secret(), board.tokens.viewer);
    const liar = await tab(server.wsUrl, board, 'Mallory', secret());
    liar.main.provider.awareness.setLocalState({
      user: { name: 'Mallory', color: '#000000' },
      seat: { id: (await http.seat(ana)).body.seat!.id, role: 'facilitator' },
    });
    await waitFor(() => seatsSeenBy(observer.main).size === 5, 'five stamped states');
    await sleep(300);
    const seats = [...seatsSeenBy(observer.main)];
    const ofName = (name: string) => seats.filter(([key]) => key.startsWith(`${name}#`)).map(([, seat]) => seat!);
    const anaEditor = (await http.seat(ana)).body.seat!;
    expect(anaEditor.role).toBe('editor');
    expect(
      ofName('Ana')
        .map((s) => s.role)
        .sort(),
    ).toEqual(['editor', 'editor', 'facilitator']);
    expect(ofName('Ana').filter((s) => s.id === anaEditor.id)).toHaveLength(2); // two tabs, one seat
    expect(ofName('Vic')).toEqual([expect.objectContaining({ role: 'viewer' })]);
    // Mallory's state claiming Ana's facilitator seat never reached anyone; her earlier one is still hers.
    expect(ofName('Mallory')).toEqual([expect.objectContaining({ role: 'editor' })]);
    expect(ofName('Mallory')[0]!.id).not.toBe(anaEditor.id);
    // Knowing someone's seat id from presence does not make it yours: ids come from secrets.
    expect((await http.seat(anaEditor.id.padEnd(32, 'x'))).body.seat!.id).not.toBe(anaEditor.id);
  });

  it('takes a dot only from its voter, only while open, only within the budget; fixes results at close', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl, { title: 'Checkout outage' });
    const http = api(server.httpUrl, board);
    const [ana, bo] = [secret(), secret()];
    const anaTab = await tab(server.wsUrl, board, 'Ana', ana);
    await tab(server.wsUrl, board, 'Ana', ana); // second tab, same budget
    await tab(server.wsUrl, board, 'Bo', bo);
    const viewerSecret = secret();
    await tab(server.wsUrl, board, 'Vic', viewerSecret, board.tokens.viewer);
    const facilitator = track(connectClient(server.wsUrl, board.id, board.tokens.facilitator));
    await facilitator.whenSynced();
    const p99 = createFactor(facilitator.doc, { name: 'p99 alert on the wrong signal', category: 'detection' });
    const runbook = createFactor(facilitator.doc, { name: 'Runbook missing a step', category: 'process' });
    await waitFor(() => readBoard(anaTab.main.doc).factors.length === 2, 'the factors');

    // Before any round: refused.
    expect((await http.vote(ana, p99)).status).toBe(409);
    expect(
      (await http.call('POST', '/voting', board.tokens.editor, { action: 'open', budget: 3, on: 'factors' })).status,
    ).toBe(403);
    const opened = await http.open(3);
    expect(opened.status).toBe(200);
    const round = opened.body.voting!.round!;

    // Invented voters (never connected) and view-only links cannot vote.
    for (let i = 0; i < 5; i++) expect((await http.vote(secret(), p99)).status).toBe(403);
    expect((await http.vote(viewerSecret, p99, null, board.tokens.viewer)).status).toBe(403);
    // A target the board does not have, and a dot for an earlier round, are refused.
    expect((await http.vote(ana, 'nosuchfactor')).status).toBe(404);
    expect((await http.vote(ana, p99, 'an-old-round')).status).toBe(409);

    // Two tabs clicking at once spend one budget of 3.
    const clicks = await Promise.all(Array.from({ length: 6 }, () => http.vote(ana, p99, round)));
    expect(clicks.filter((c) => c.status === 200)).toHaveLength(3);
    expect(clicks.filter((c) => c.status === 409)[0]!.body.error).toMatch(/all 3 of your dots are spent/);
    expect((await http.mine(ana)).body).toMatchObject({ mine: { [p99]: 3 }, left: 0 });
    expect((await http.vote(bo, runbook)).status).toBe(200);

    // Bo cannot take back Ana's dots: he has none there.
    expect((await http.unvote(bo, p99)).status).toBe(404);
    expect((await http.mine(ana)).body.mine).toEqual({ [p99]: 3 });
    // While open, everyone sees counts only.
    await waitFor(() => readControl(anaTab.control.doc).voting.cast === 4, 'the count');
    expect(readControl(anaTab.control.doc).voting).toMatchObject({ open: true, voters: 2, results: null });

    // An editor writing votes into the board document directly is refused: nobody else sees them.
    anaTab.main.doc.getMap('votes').set('forged', { round, voter: 'someone', target: runbook, at: 1 });
    const closed = await http.close();
    expect(closed.body.voting).toMatchObject({
      open: false,
      cast: 4,
      voters: 2,
      results: [
        { target: p99, votes: 3 },
        { target: runbook, votes: 1 },
      ],
    });
    // After close nothing changes the results.
    expect((await http.vote(bo, runbook, round)).status).toBe(409);
    expect((await http.unvote(ana, p99)).status).toBe(409);
    await sleep(200);
    expect(readControl(anaTab.control.doc).voting.results).toEqual(closed.body.voting!.results);
    expect(String.fromCharCode(...Y.encodeStateAsUpdate(facilitator.doc))).not.toContain('forged');
    expect([...facilitator.doc.getMap('votes').keys()]).toEqual([]);
  });

  it('closes a round at time’s up when the facilitator chose so', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl, { title: 'Queue backlog' });
    const http = api(server.httpUrl, board);
    const ana = secret();
    const anaTab = await tab(server.wsUrl, board, 'Ana', ana);
    const control = track(connectClient(server.wsUrl, controlRoomOf(board.id), board.tokens.facilitator));
    await control.whenSynced();
    const factor = createFactor(anaTab.main.doc, { name: 'Consumer lag alert muted', category: 'detection' });
    setTimer(control.doc, startTimer(1_500, Date.now()));
    await waitFor(() => readControl(anaTab.control.doc).timer.endsAt !== null, 'the timer');
    await http.open(2, 'factors', true);
    await sleep(300); // the factor reaches the server
    expect((await http.vote(ana, factor)).status).toBe(200);
    await waitFor(() => readControl(anaTab.control.doc).voting.open === false, 'the round to close by itself', 6_000);
    expect(readControl(anaTab.control.doc).voting.results).toEqual([{ target: factor, votes: 1 }]);
    expect((await http.vote(ana, factor)).status).toBe(409);
  });
});
