import { CloseCode } from '@retrace/shared';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createBoard } from '../helpers/api';
import { openRaw, waitForClose } from '../helpers/rawSocket';
import { connectClient } from '../helpers/syncClient';
import { useServers } from '../helpers/fixtures';
import { sleep, waitFor } from '../helpers/waitFor';

const queryAwareness = (() => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 3);
  return encoding.toUint8Array(encoder);
})();

function awarenessFrame(awareness: Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

describe('limits, each answered with a clear close code or HTTP status', () => {
  const { start, track } = useServers();

  it('closes a connection that sends too many messages per second (4029, retry later)', async () => {
    const server = await start({ RETRACE_MAX_MESSAGES_PER_SECOND: '50' });
    const board = await createBoard(server.httpUrl);
    const { ws } = await openRaw(`${server.wsUrl}/${board.id}?token=${board.tokens.editor}`);
    const closed = waitForClose(ws);
    for (let i = 0; i < 500 && ws.readyState === ws.OPEN; i++) ws.send(queryAwareness);
    expect(await closed).toBe(CloseCode.RateLimited.code);
  });

  it('refuses more connections to a board than allowed (4503) and from one address (429)', async () => {
    const server = await start({ RETRACE_MAX_CONNECTIONS_PER_BOARD: '3', RETRACE_MAX_CONNECTIONS_PER_ADDRESS: '5' });
    const board = await createBoard(server.httpUrl);
    const url = `${server.wsUrl}/${board.id}?token=${board.tokens.editor}`;
    const open = [];
    for (let i = 0; i < 3; i++) open.push((await openRaw(url)).ws);
    await sleep(200);
    const fourth = await openRaw(url);
    expect(await waitForClose(fourth.ws)).toBe(CloseCode.BoardAtCapacity.code);
    const otherBoard = await createBoard(server.httpUrl);
    const otherUrl = `${server.wsUrl}/${otherBoard.id}?token=${otherBoard.tokens.editor}`;
    open.push((await openRaw(otherUrl)).ws, (await openRaw(otherUrl)).ws);
    expect((await openRaw(otherUrl)).outcome).toEqual({ opened: false, status: 429 });
    for (const ws of open) ws.close();
  });

  it('stops accepting edits to a board past its size limit (4409) and keeps what it has', async () => {
    const server = await start({ RETRACE_MAX_BOARD_BYTES: String(64 * 1024) });
    const board = await createBoard(server.httpUrl);
    const writer = track(connectClient(server.wsUrl, board.id, board.tokens.editor));
    await writer.whenSynced();
    const closes: number[] = [];
    writer.provider.on('connection-close', (event: { code: number } | null) => event && closes.push(event.code));
    writer.doc.getText('note:wentWell').insert(0, 'x'.repeat(100 * 1024));
    await waitFor(() => closes.includes(CloseCode.BoardFull.code), 'board-full close');
    const reader = track(connectClient(server.wsUrl, board.id, board.tokens.viewer));
    await reader.whenSynced();
    expect(reader.doc.getText('note:wentWell').length).toBe(0);
  });

  it('accepts awareness only for the connection’s own client ids, and never as the server', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl);
    const observer = track(connectClient(server.wsUrl, board.id, board.tokens.viewer));
    await observer.whenSynced();
    const url = `${server.wsUrl}/${board.id}?token=${board.tokens.editor}`;

    const alice = new Awareness(new Y.Doc());
    alice.setLocalState({ user: { name: 'Alice', color: '#000' } });
    const aliceSocket = (await openRaw(url)).ws;
    aliceSocket.send(awarenessFrame(alice, [alice.clientID]));
    await waitFor(() => observer.provider.awareness.getStates().get(alice.clientID), 'alice’s presence');

    // Mallory reuses Alice's client id with a newer clock: dropped.
    const mallory = new Awareness(new Y.Doc());
    mallory.clientID = alice.clientID;
    mallory.setLocalState({ user: { name: 'Mallory', color: '#f00' } });
    mallory.setLocalState({ user: { name: 'Mallory', color: '#f00' }, again: true });
    const mallorySocket = (await openRaw(url)).ws;
    mallorySocket.send(awarenessFrame(mallory, [mallory.clientID]));
    // ... and pretends to be the server saying storage is down: dropped too.
    const fake = new Awareness(new Y.Doc());
    fake.setLocalState({ retraceServer: { saving: false } });
    mallorySocket.send(awarenessFrame(fake, [fake.clientID]));
    await sleep(400);
    expect(observer.provider.awareness.getStates().get(alice.clientID)).toMatchObject({ user: { name: 'Alice' } });
    expect(observer.provider.awareness.getStates().get(fake.clientID)).toBeUndefined();
    aliceSocket.close();
    mallorySocket.close();
  });

  it('quietly ignores the presence echoes stock y-websocket clients send back', async () => {
    // A stock provider re-sends every awareness change it receives, other people's and the
    // server's included. Those echoes carry nothing new: they must cost no warning and change nothing.
    const server = await start({ LOG_LEVEL: 'warn' });
    const board = await createBoard(server.httpUrl);
    const [ana, ben, cy] = ['a', 'b', 'c'].map(() => track(connectClient(server.wsUrl, board.id, board.tokens.editor)));
    await Promise.all([ana, ben, cy].map((client) => client!.whenSynced()));
    for (let i = 0; i < 5; i++) {
      ana!.provider.awareness.setLocalState({ user: { name: 'Ana', color: '#000' }, step: i });
      await waitFor(() => ben!.provider.awareness.getStates().get(ana!.doc.clientID)?.['step'] === i, `step ${i}`);
    }
    await waitFor(() => cy!.provider.awareness.getStates().get(ana!.doc.clientID)?.['step'] === 4, 'the last step');
    await sleep(300);
    expect(server.output()).not.toMatch(/awareness for another connection dropped|awareness impersonating the server/);
  });

  it('sends the presence changes of one moment as one message, with the latest state', async () => {
    const server = await start();
    const board = await createBoard(server.httpUrl);
    const url = `${server.wsUrl}/${board.id}?token=${board.tokens.editor}`;
    const observer = (await openRaw(url)).ws;
    let presenceFrames = 0;
    observer.on('message', (data: Buffer) => {
      if (data[0] === 1) presenceFrames++; // message type 1: awareness
    });
    const dana = new Awareness(new Y.Doc());
    const danaSocket = (await openRaw(url)).ws;
    await sleep(300); // the server's own presence has arrived
    presenceFrames = 0;
    for (let i = 1; i <= 20; i++) {
      dana.setLocalState({ user: { name: 'Dana', color: '#000' }, cursor: i });
      danaSocket.send(awarenessFrame(dana, [dana.clientID]));
    }
    const watcher = track(connectClient(server.wsUrl, board.id, board.tokens.viewer));
    await waitFor(() => watcher.provider.awareness.getStates().get(dana.clientID)?.['cursor'] === 20, 'the last state');
    await sleep(200);
    // One message per change would be 20; they arrive together and leave together.
    expect(presenceFrames).toBeGreaterThan(0);
    expect(presenceFrames).toBeLessThanOrEqual(4);
    observer.close();
    danaSocket.close();
  });
});
