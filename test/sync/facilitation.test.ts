import {
  controlRoomOf,
  openVotingRound,
  readControl,
  setPhase,
  setSilentRound,
  setSpotlight,
  setTimer,
  setVoting,
  startTimer,
} from '@retrace/shared';
import { describe, expect, it } from 'vitest';
import { createBoard } from '../helpers/api';
import { useServers } from '../helpers/fixtures';
import { openRaw } from '../helpers/rawSocket';
import { startServer } from '../helpers/serverProcess';
import { connectClient } from '../helpers/syncClient';
import { sleep, waitFor } from '../helpers/waitFor';

const ADMIN = 'admin-key-for-tests-0123456789';

describe("the facilitator's control document (phase, timer, script)", () => {
  const { start, track, onCleanup } = useServers();

  it('is written by facilitator links only, read by everyone, and kept across a restart', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl, { title: 'Checkout outage' });
    const room = controlRoomOf(board.id);
    const facilitator = track(connectClient(server.wsUrl, room, board.tokens.facilitator));
    const editor = track(connectClient(server.wsUrl, room, board.tokens.editor));
    const viewer = track(connectClient(server.wsUrl, room, board.tokens.viewer));
    // Writes nothing, so its copy shows exactly what the server accepted.
    const witness = track(connectClient(server.wsUrl, room, board.tokens.viewer));
    await Promise.all([facilitator, editor, viewer, witness].map((client) => client.whenSynced()));
    expect(readControl(editor.doc).phase).toBe('kickoff');
    expect(readControl(editor.doc).script).toContain('blameless');

    const timer = startTimer(5 * 60_000, Date.now());
    setPhase(facilitator.doc, 'timeline');
    setTimer(facilitator.doc, timer);
    await waitFor(() => readControl(viewer.doc).phase === 'timeline', 'viewer to see the phase');
    expect(readControl(editor.doc).timer).toEqual(timer);

    // An editor's (or viewer's) client can write its own copy, but the server drops it.
    setPhase(editor.doc, 'wrapup');
    setVoting(editor.doc, openVotingRound(20));
    setSpotlight(editor.doc, { kind: 'lane', id: 'mine', at: 1 });
    setSilentRound(editor.doc, { round: 9, stage: 'writing', anonymous: false, drafts: 0, writers: 0 });
    setTimer(viewer.doc, startTimer(60_000, Date.now()));
    await sleep(300);
    setTimer(facilitator.doc, { ...timer, durationMs: timer.durationMs + 60_000 });
    await waitFor(() => readControl(witness.doc).timer.durationMs > timer.durationMs, 'facilitator marker');
    for (const client of [witness, facilitator]) {
      expect(readControl(client.doc)).toMatchObject({
        phase: 'timeline',
        timer: { endsAt: timer.endsAt },
        voting: { round: null, open: false },
        spotlight: null,
        silentRound: { round: 0, stage: 'idle' },
      });
    }

    // A late joiner after a restart sees the same phase and the same absolute end time.
    for (const client of [facilitator, editor, viewer, witness]) client.destroy();
    await server.stop('SIGTERM');
    const again = await startServer({ dataDir: server.dataDir, port: server.port });
    onCleanup(() => again.stop('SIGKILL'));
    const late = track(connectClient(again.wsUrl, room, board.tokens.viewer));
    await late.whenSynced();
    expect(readControl(late.doc)).toMatchObject({
      phase: 'timeline',
      timer: { endsAt: timer.endsAt, durationMs: timer.durationMs + 60_000 },
    });
  });

  it('is reached with the board links only, and is not a board of its own', async () => {
    const server = await start({ RETRACE_ADMIN_KEY: ADMIN });
    const board = await createBoard(server.httpUrl, { title: 'Login outage' });
    const other = await createBoard(server.httpUrl, { title: 'Other' });
    const room = controlRoomOf(board.id);
    expect((await openRaw(`${server.wsUrl}/${room}`)).outcome).toEqual({ opened: false, status: 401 });
    expect((await openRaw(`${server.wsUrl}/${room}?token=${other.tokens.facilitator}`)).outcome.status).toBe(401);
    expect((await openRaw(`${server.wsUrl}/nosuchboard123.control?token=${board.tokens.editor}`)).outcome.status).toBe(
      404,
    );
    expect((await openRaw(`${server.wsUrl}/${room}.control?token=${board.tokens.editor}`)).outcome.status).toBe(404);

    // Several people opening the board at once create one control document, seeded once.
    const clients = [0, 1, 2, 3].map(() => track(connectClient(server.wsUrl, room, board.tokens.editor)));
    await Promise.all(clients.map((client) => client.whenSynced()));
    for (const client of clients) {
      expect(readControl(client.doc).script.match(/blameless review/g)).toHaveLength(1);
    }
    const library = (await (
      await fetch(`${server.httpUrl}/api/library`, { headers: { authorization: `Bearer ${ADMIN}` } })
    ).json()) as { total: number; boards: Array<{ id: string }> };
    expect(library.boards.map((b) => b.id).sort()).toEqual([board.id, other.id].sort());
  });

  it('lets the facilitator add a co-host link that runs the session too; replacing the facilitator link revokes both', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl, { title: 'Hand-over' });
    const add = (token: string) =>
      fetch(`${server.httpUrl}/api/boards/${board.id}/links/facilitator/add`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await add(board.tokens.editor)).status).toBe(403);
    expect((await add('not-a-token-not-a-token')).status).toBe(401);
    const response = await add(board.tokens.facilitator);
    expect(response.status).toBe(200);
    const { token: coHost } = (await response.json()) as { token: string };

    const room = controlRoomOf(board.id);
    const host = track(connectClient(server.wsUrl, room, board.tokens.facilitator));
    const cohost = track(connectClient(server.wsUrl, room, coHost));
    await Promise.all([host.whenSynced(), cohost.whenSynced()]);
    setPhase(cohost.doc, 'factors');
    await waitFor(() => readControl(host.doc).phase === 'factors', 'the host to see the co-host’s phase');

    const rotated = await fetch(`${server.httpUrl}/api/boards/${board.id}/links/facilitator/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${coHost}` },
    });
    expect(rotated.status).toBe(200);
    // Connections on the revoked links are closed in the control room too, at once.
    await waitFor(() => !host.provider.wsconnected && !cohost.provider.wsconnected, 'revoked control connections');
    expect((await openRaw(`${server.wsUrl}/${room}?token=${board.tokens.facilitator}`)).outcome.status).toBe(401);
    expect((await openRaw(`${server.wsUrl}/${room}?token=${coHost}`)).outcome.status).toBe(401);
  });
});
