import { createCard, createLane, readBoard } from '@retrace/shared';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { encodeAwarenessUpdate, Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createBoard, type CreatedBoard } from '../helpers/api';
import { rssMiB } from '../helpers/processMemory';
import { startServer, tempDataDir, type ServerProcess } from '../helpers/serverProcess';
import { connectClient, waitForConvergence, type SyncClient } from '../helpers/syncClient';
import { sleep, waitFor } from '../helpers/waitFor';

/** Deterministic generator of hostile y-websocket frames. */
function makeGenerator(seed: number) {
  let state = seed;
  const random = () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647;
  const int = (max: number) => Math.floor(random() * max);
  const bytes = (length: number) => Uint8Array.from({ length }, () => int(256));
  const frame = (...parts: Array<(e: encoding.Encoder) => void>) => {
    const encoder = encoding.createEncoder();
    for (const part of parts) part(encoder);
    return encoding.toUint8Array(encoder);
  };
  const sync = (subtype: number, payload: Uint8Array) =>
    frame(
      (e) => encoding.writeVarUint(e, 0),
      (e) => encoding.writeVarUint(e, subtype),
      (e) => encoding.writeVarUint8Array(e, payload),
    );
  const awareness = (payload: Uint8Array) =>
    frame(
      (e) => encoding.writeVarUint(e, 1),
      (e) => encoding.writeVarUint8Array(e, payload),
    );

  // Real updates to mutate, including one that references structs the server never saw.
  const source = new Y.Doc();
  source.getText('t').insert(0, 'hello');
  const before = Y.encodeStateVector(source);
  source.getText('t').insert(5, ' world');
  const dangling = Y.encodeStateAsUpdate(source, before); // depends on the first insert
  const deep = new Y.Doc();
  let nested: unknown = 1;
  for (let i = 0; i < 60; i++) nested = [nested];
  deep.getMap('m').set('deep', nested);
  const deepUpdate = Y.encodeStateAsUpdate(deep);
  const valid = Y.encodeStateAsUpdate(source);

  const kinds = [
    () => bytes(1 + int(400)),
    () => new Uint8Array([0x80, 0x80, 0x80, 0x80]).subarray(0, 1 + int(4)), // truncated varint
    () => frame((e) => encoding.writeVarUint(e, 4 + int(200))), // unknown message type
    () => sync(3 + int(10), bytes(int(20))), // unknown sync subtype
    () =>
      sync(
        2,
        valid.map((b) => (random() < 0.1 ? int(256) : b)),
      ), // mutated update
    () => sync(2, valid.subarray(0, int(valid.length))), // truncated update
    () => sync(1, new Uint8Array()), // zero-length update
    () => sync(2, dangling), // references missing structs
    () => sync(2, deepUpdate), // deeply nested content
    () => sync(0, bytes(int(30))), // garbage state vector
    () => awareness(bytes(int(60))), // malformed awareness
    () => {
      const other = new Awareness(new Y.Doc());
      other.setLocalState({ blob: 'x'.repeat(100_000) }); // oversize awareness state
      return awareness(encodeAwarenessUpdate(other, [other.clientID]));
    },
    () => frame((e) => encoding.writeVarUint(e, 3)), // query awareness (valid)
  ];
  return () => kinds[int(kinds.length)]!();
}

describe('fuzzing the sync endpoint through real WebSockets', () => {
  const data = tempDataDir();
  let server: ServerProcess;
  let board: CreatedBoard;
  let other: CreatedBoard;
  const honest: SyncClient[] = [];

  beforeAll(async () => {
    server = await startServer({
      dataDir: data.dir,
      env: { RETRACE_MAX_CONNECTIONS_PER_ADDRESS: '5000', LOG_LEVEL: 'error' },
    });
    board = await createBoard(server.httpUrl, { title: 'Fuzzed' });
    other = await createBoard(server.httpUrl, { title: 'Bystander' });
  });
  afterAll(async () => {
    for (const client of honest) client.destroy();
    await server.stop('SIGKILL');
    data.remove();
  });

  it('stays up, bounded in memory, while honest clients on this and another board keep syncing', async () => {
    const a = connectClient(server.wsUrl, board.id, board.tokens.editor);
    const b = connectClient(server.wsUrl, board.id, board.tokens.editor);
    const c = connectClient(server.wsUrl, other.id, other.tokens.editor);
    const d = connectClient(server.wsUrl, other.id, other.tokens.viewer);
    honest.push(a, b, c, d);
    await Promise.all(honest.map((client) => client.whenSynced()));
    const laneA = createLane(a.doc, { name: 'Ops' });
    const laneC = createLane(c.doc, { name: 'Ops' });
    const rssBefore = rssMiB(server.proc.pid!);

    let editing = true;
    let edits = 0;
    const editor = (async () => {
      while (editing) {
        createCard(a.doc, { text: `a${edits}`, laneId: laneA, occurredAt: null });
        createCard(c.doc, { text: `c${edits}`, laneId: laneC, occurredAt: null });
        edits++;
        await sleep(50);
      }
    })();

    const next = makeGenerator(12_345);
    const INPUTS = 3_000;
    const PARALLEL = 16;
    let sent = 0;
    const worker = async () => {
      let ws: WebSocket | null = null;
      while (sent < INPUTS) {
        if (!ws || ws.readyState !== ws.OPEN) {
          ws?.terminate();
          ws = await new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(`${server.wsUrl}/${board.id}?token=${board.tokens.editor}`);
            socket.on('error', () => undefined);
            socket.once('open', () => resolve(socket));
            socket.once('unexpected-response', () => reject(new Error('upgrade refused')));
          });
        }
        sent++;
        ws.send(next());
        await sleep(1);
      }
      ws?.terminate();
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    editing = false;
    await editor;

    expect(server.proc.exitCode).toBeNull();
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
    await waitForConvergence([a, b], 15_000);
    await waitForConvergence([c, d], 15_000);
    expect(readBoard(b.doc).cards.filter((card) => card.text.startsWith('a'))).toHaveLength(edits);
    expect(readBoard(d.doc).cards.filter((card) => card.text.startsWith('c'))).toHaveLength(edits);
    // Nothing the fuzzer sent made it into the board.
    expect(readBoard(b.doc).cards.every((card) => /^a\d+$/.test(card.text))).toBe(true);
    await waitFor(() => rssMiB(server.proc.pid!) - rssBefore < 150, 'memory to stay bounded', 10_000);
  });
});
