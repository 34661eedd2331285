import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ClientSpec, FromWorker, RoomState, ToWorker } from './protocol';

/**
 * A bench worker process: holds a share of the stock WebsocketProvider clients, writes edits
 * at the requested rate and measures how long each edit of another client took to arrive.
 * Edit values carry the send time on the shared wall clock (timeOrigin + now, sub-ms).
 */

// Each provider registers a process 'exit' listener; hundreds per worker are expected here.
process.setMaxListeners(0);

const clock = () => performance.timeOrigin + performance.now();

interface Client {
  readonly spec: ClientSpec;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  sent: number;
}

const clients: Client[] = [];
const latencies: number[] = [];
let received = 0;

function send(message: FromWorker): void {
  process.send?.(message);
}

async function connect(wsUrl: string, specs: readonly ClientSpec[]): Promise<void> {
  const setupMs: number[] = [];
  let failed = 0;
  await Promise.all(
    specs.map(
      (spec) =>
        new Promise<void>((resolve) => {
          const started = clock();
          const doc = new Y.Doc();
          const provider = new WebsocketProvider(spec.wsUrl ?? wsUrl, spec.room, doc, {
            params: { token: spec.token },
            WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
            disableBc: true,
          });
          const client: Client = { spec, doc, provider, sent: 0 };
          clients.push(client);
          doc.getMap<number>('bench').observe((event) => {
            if (event.transaction.local) return;
            const now = clock();
            for (const key of event.keysChanged) {
              const sentAt = event.target.get(key);
              if (typeof sentAt === 'number') {
                latencies.push(now - sentAt);
                received++;
              }
            }
          });
          const timer = setTimeout(() => {
            failed++;
            resolve();
          }, 60_000);
          provider.once('sync', () => {
            clearTimeout(timer);
            setupMs.push(clock() - started);
            resolve();
          });
        }),
    ),
  );
  send({ type: 'connected', setupMs, failed });
}

function run(startAt: number, durationMs: number, editsPerSecond: number): void {
  const interval = 1000 / editsPerSecond;
  const endAt = startAt + durationMs;
  let running = clients.length;
  for (const client of clients) {
    const map = client.doc.getMap<number>('bench');
    // Random phase so clients do not all write in the same millisecond.
    let next = startAt + Math.random() * interval;
    const tick = () => {
      const now = clock();
      if (now >= endAt) {
        if (--running === 0) send({ type: 'ran', sent: clients.reduce((sum, c) => sum + c.sent, 0) });
        return;
      }
      map.set(`${client.doc.clientID}:${client.sent++}`, clock());
      next += interval;
      setTimeout(tick, Math.max(0, next - clock()));
    };
    setTimeout(tick, Math.max(0, next - clock()));
  }
}

function roomStates(): RoomState[] {
  return clients.map((client) => {
    const map = client.doc.getMap<number>('bench');
    return {
      room: client.spec.room,
      fingerprint: `${map.size}:${Buffer.from(Y.encodeStateVector(client.doc)).toString('base64')}`,
    };
  });
}

process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'connect':
      void connect(message.wsUrl, message.clients);
      break;
    case 'run':
      run(message.startAt, message.durationMs, message.editsPerSecond);
      break;
    case 'report':
      send({
        type: 'report',
        latencies,
        received,
        sent: clients.reduce((sum, c) => sum + c.sent, 0),
        states: roomStates(),
      });
      break;
    case 'exit':
      for (const client of clients) client.provider.destroy();
      process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
