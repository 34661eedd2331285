import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ClientSpec, FromWorker, RoomState, ToWorker } from './protocol';

/**
 * A bench worker process: holds a share of the clients (stock WebsocketProvider, or
 * HocuspocusProvider for the Hocuspocus peer), writes edits at the requested rate and
 * measures how long each edit of another client took to arrive. Edit values carry the send
 * time on the shared wall clock (timeOrigin + now, sub-ms). Edits go to the board's `meta`
 * map: every server takes them (Retrace refuses roots its board schema lacks).
 */
export const BENCH_MAP = 'meta';
const EDIT_PREFIX = 'bench:';

// Each provider registers a process 'exit' listener; hundreds per worker are expected here.
process.setMaxListeners(0);

const clock = () => performance.timeOrigin + performance.now();

interface Client {
  readonly spec: ClientSpec;
  readonly doc: Y.Doc;
  readonly provider: { destroy(): void };
  sent: number;
}

/** Connects one client with its kind of provider; `onSynced` once it has the room's state. */
function openProvider(spec: ClientSpec, wsUrl: string, doc: Y.Doc, onSynced: () => void): { destroy(): void } {
  if (spec.provider === 'hocuspocus') {
    // One socket per client, as for the other servers.
    const socket = new HocuspocusProviderWebsocket({ url: spec.wsUrl ?? wsUrl, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: spec.room,
      document: doc,
      token: spec.token,
    });
    provider.attach();
    provider.on('synced', onSynced);
    return {
      destroy: () => {
        provider.destroy();
        socket.destroy();
      },
    };
  }
  const provider = new WebsocketProvider(spec.wsUrl ?? wsUrl, spec.room, doc, {
    params: { token: spec.token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  provider.once('sync', onSynced);
  return provider;
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
          let synced = false;
          const timer = setTimeout(() => {
            failed++;
            resolve();
          }, 60_000);
          const provider = openProvider(spec, wsUrl, doc, () => {
            if (synced) return;
            synced = true;
            clearTimeout(timer);
            setupMs.push(clock() - started);
            resolve();
          });
          const client: Client = { spec, doc, provider, sent: 0 };
          clients.push(client);
          doc.getMap<number>(BENCH_MAP).observe((event) => {
            if (event.transaction.local) return;
            const now = clock();
            for (const key of event.keysChanged) {
              if (!key.startsWith(EDIT_PREFIX)) continue; // the board's own meta (title, times)
              const sentAt = event.target.get(key);
              if (typeof sentAt === 'number') {
                latencies.push(now - sentAt);
                received++;
              }
            }
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
    const map = client.doc.getMap<number>(BENCH_MAP);
    // Random phase so clients do not all write in the same millisecond.
    let next = startAt + Math.random() * interval;
    const tick = () => {
      const now = clock();
      if (now >= endAt) {
        if (--running === 0) send({ type: 'ran', sent: clients.reduce((sum, c) => sum + c.sent, 0) });
        return;
      }
      map.set(`${EDIT_PREFIX}${client.doc.clientID}:${client.sent++}`, clock());
      next += interval;
      // A client whose next edit falls after the end stops at the end (with one edit per
      // hold, waiting for it would run past the end by up to a whole interval).
      setTimeout(tick, Math.max(0, Math.min(next, endAt) - clock()));
    };
    setTimeout(tick, Math.max(0, next - clock()));
  }
}

function roomStates(): RoomState[] {
  return clients.map((client) => {
    const map = client.doc.getMap<number>(BENCH_MAP);
    const edits = [...map.keys()].filter((key) => key.startsWith(EDIT_PREFIX)).length;
    return {
      room: client.spec.room,
      fingerprint: `${edits}:${Buffer.from(Y.encodeStateVector(client.doc)).toString('base64')}`,
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
