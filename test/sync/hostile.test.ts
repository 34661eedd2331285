import { CloseCode, createCard, createLane, readBoard } from '@retrace/shared';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard, type CreatedBoard } from '../helpers/api';
import { openRaw, waitForClose } from '../helpers/rawSocket';
import { startServer, tempDataDir, type ServerProcess } from '../helpers/serverProcess';
import { connectClient, type SyncClient } from '../helpers/syncClient';
import { waitFor } from '../helpers/waitFor';

function frame(...parts: Array<(e: encoding.Encoder) => void>): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const part of parts) part(encoder);
  return encoding.toUint8Array(encoder);
}

describe('hostile input never affects other connections or the process', () => {
  const data = tempDataDir();
  let server: ServerProcess;
  let board: CreatedBoard;
  let alice: SyncClient;
  let bob: SyncClient;
  let lane: string;
  let round = 0;

  /** An honest edit by alice must still reach bob. */
  async function honestEditStillSyncs(): Promise<void> {
    const text = `honest ${round++}`;
    createCard(alice.doc, { text, laneId: lane, occurredAt: null });
    await waitFor(() => readBoard(bob.doc).cards.some((card) => card.text === text), `"${text}" to reach bob`);
  }

  async function sendAndExpectClose(payload: Uint8Array | string): Promise<number> {
    const { ws, outcome } = await openRaw(`${server.wsUrl}/${board.id}?token=${board.tokens.editor}`);
    expect(outcome.opened).toBe(true);
    const closed = waitForClose(ws);
    ws.send(payload);
    return closed;
  }

  beforeAll(async () => {
    server = await startServer({ dataDir: data.dir, env: { RETRACE_MAX_PAYLOAD_BYTES: String(64 * 1024) } });
    board = await createBoard(server.httpUrl, { title: 'Hostile' });
    alice = connectClient(server.wsUrl, board.id, board.tokens.editor);
    bob = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await Promise.all([alice.whenSynced(), bob.whenSynced()]);
    lane = createLane(alice.doc, { name: 'Ops' });
  });
  afterAll(async () => {
    alice.destroy();
    bob.destroy();
    await server.stop('SIGKILL');
    data.remove();
  });

  it('closes a connection that sends an unknown message type with the named code', async () => {
    expect(await sendAndExpectClose(frame((e) => encoding.writeVarUint(e, 99)))).toBe(4400);
    await honestEditStillSyncs();
  });

  it('closes on truncated messages (4400) and invalid updates (4422)', async () => {
    const truncatedVarint = new Uint8Array([0x80, 0x80, 0x80]);
    const truncatedSync = frame(
      (e) => encoding.writeVarUint(e, 0),
      (e) => encoding.writeVarUint(e, 2),
      (e) => encoding.writeVarUint(e, 500),
    );
    const garbageUpdate = frame(
      (e) => encoding.writeVarUint(e, 0),
      (e) => encoding.writeVarUint(e, 2),
      (e) => encoding.writeVarUint8Array(e, new Uint8Array([1, 200, 3, 4, 5, 6, 7, 8, 9, 255, 255, 255])),
    );
    const zeroLengthUpdate = frame(
      (e) => encoding.writeVarUint(e, 0),
      (e) => encoding.writeVarUint(e, 2),
      (e) => encoding.writeVarUint8Array(e, new Uint8Array()),
    );
    const badAwareness = frame(
      (e) => encoding.writeVarUint(e, 1),
      (e) => encoding.writeVarUint8Array(e, new Uint8Array([1, 5, 1, 3, 0x7b])),
    );
    for (const payload of [truncatedVarint, truncatedSync, badAwareness, new Uint8Array()]) {
      expect(await sendAndExpectClose(payload)).toBe(CloseCode.MalformedMessage.code);
    }
    // Well-framed messages whose update is not a valid Yjs update: refused before decoding.
    for (const payload of [garbageUpdate, zeroLengthUpdate]) {
      expect(await sendAndExpectClose(payload)).toBe(CloseCode.UpdateRejected.code);
    }
    expect(await sendAndExpectClose('a text frame')).toBe(4400);
    await honestEditStillSyncs();
  });

  it('survives random bytes', async () => {
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    for (let i = 0; i < 40; i++) {
      const bytes = new Uint8Array(1 + (next() % 300)).map(() => next() % 256);
      const { ws, outcome } = await openRaw(`${server.wsUrl}/${board.id}?token=${board.tokens.editor}`);
      expect(outcome.opened).toBe(true);
      ws.send(bytes);
      ws.close();
    }
    await honestEditStillSyncs();
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
  });

  it('closes an oversize message without reading it', async () => {
    expect(await sendAndExpectClose(new Uint8Array(200 * 1024))).toBe(1009);
    await honestEditStillSyncs();
    expect(server.proc.exitCode).toBeNull();
  });
});
