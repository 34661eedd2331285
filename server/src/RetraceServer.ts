import { CloseCode } from '@retrace/shared';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config';
import { ensureAdminKey } from './auth/adminKey';
import { createApp } from './http/app';
import { createLogger, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import type { BoardRelay } from './pubsub/BoardRelay';
import type { BoardStorage } from './storage/BoardStorage';
import { SqliteBoardStorage } from './storage/SqliteBoardStorage';
import { UpdateWriter } from './storage/UpdateWriter';
import { RoomRegistry } from './sync/RoomRegistry';
import { attachSyncEndpoint } from './sync/syncEndpoint';
import { HeavyWork } from './workers/HeavyWork';
import { LibraryIndex } from './boards/libraryIndex';

export interface RetraceServer {
  readonly http: Server;
  readonly storage: BoardStorage;
  readonly registry: RoomRegistry;
  readonly writer: UpdateWriter;
  readonly heavy: HeavyWork;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Resolves with the bound port. */
  listen(): Promise<number>;
  /** Stops accepting, closes every connection, stores every pending update, closes storage. */
  shutdown(): Promise<{ flushed: boolean }>;
}

export interface ServerOptions {
  readonly storage?: BoardStorage;
  readonly relay?: BoardRelay;
  readonly logger?: Logger;
  readonly now?: () => number;
}

/** The composition root: storage, writer, rooms, HTTP and WebSockets on one port. */
export function createRetraceServer(config: Config, options: ServerOptions = {}): RetraceServer {
  const log = options.logger ?? createLogger(config.logLevel);
  const now = options.now ?? Date.now;
  const storage = options.storage ?? new SqliteBoardStorage({ dataDir: config.dataDir, now });
  let registry: RoomRegistry | null = null;
  let writer: UpdateWriter | null = null;
  const metrics = createMetrics(
    () => registry?.openCount ?? 0,
    () => writer?.pendingCount ?? 0,
  );
  const heavy = new HeavyWork({ log });
  const library = new LibraryIndex({ storage, heavy, now, log });
  writer = new UpdateWriter(storage, {
    visibleAfterMs: config.writeWaitMs,
    onStored: (record, seq) => {
      registry?.noteStored(record.boardId, seq);
      library.noteChanged(record.boardId);
    },
    onBatch: (seconds, updates) => metrics.storageWrite(seconds, updates),
    onFailure: (error, pending) => {
      metrics.storageWriteFailed();
      log.error({ err: (error as Error).message, pending }, 'storage write failed; edits kept in memory, retrying');
      registry?.setServerStatus({ saving: false });
    },
    onRecovered: () => {
      log.warn('storage writes recovered');
      registry?.setServerStatus({ saving: true });
    },
  });
  registry = new RoomRegistry({
    storage,
    writer,
    heavy,
    settings: config.room,
    log,
    now,
    events: metrics,
    ...(options.relay ? { relay: options.relay } : {}),
  });
  let shuttingDown = false;
  const app = createApp({
    storage,
    registry,
    writer,
    heavy,
    library,
    log,
    metrics,
    config,
    clientDir: config.clientDir,
    now,
    lifecycle: { draining: () => shuttingDown },
  });
  const http = createServer(app);
  const endpoint = attachSyncEndpoint(http, {
    storage,
    registry,
    log,
    maxPayloadBytes: config.maxPayloadBytes,
    limits: config.limits,
    trustedProxies: config.trustedProxies,
    isShuttingDown: () => shuttingDown,
    now,
    onConnection: (connection) => {
      metrics.connectionOpened();
      connection.onClose((code) => metrics.connectionClosed(code));
    },
  });
  http.on('clientError', (error, socket) => {
    log.debug({ err: error.message }, 'client error');
    socket.destroy();
  });

  return {
    http,
    storage,
    registry,
    writer,
    heavy,
    log,
    metrics,
    listen: async () => {
      await ensureAdminKey(storage, config.adminKey, log);
      library.start();
      return new Promise<number>((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          http.off('error', reject);
          resolve((http.address() as AddressInfo).port);
        });
      });
    },
    async shutdown() {
      shuttingDown = true;
      // Load balancers see /readyz fail and stop sending people here; meanwhile this process serves on.
      if (config.drainDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.drainDelayMs));
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      registry.closeAll(CloseCode.ServerShutdown);
      endpoint.stop();
      http.closeAllConnections();
      const flushed = await writer.flushNow();
      writer.close();
      await library.stop();
      await heavy.close();
      await closed;
      await options.relay?.close();
      await storage.close();
      return { flushed };
    },
  };
}
