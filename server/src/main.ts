import { loadConfig } from './config';
import { createLogger } from './logger';
import { RedisRelay } from './pubsub/RedisRelay';
import { createRetraceServer } from './RetraceServer';
import { openStorage } from './storage/openStorage';

/**
 * `pnpm start` / `pnpm serve`: serve Retrace on its embedded defaults (SQLite in ./data,
 * port 8080), or on PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const storage = await openStorage(config, { log: logger, serving: true });
  if (config.databaseUrl && !config.redisUrl) {
    logger.warn(
      { resyncMs: config.room.resyncMs },
      'PostgreSQL without Redis: processes that share a board see each other’s edits when they catch up from storage',
    );
  }
  const relay = config.redisUrl ? await RedisRelay.connect(config.redisUrl, logger) : undefined;
  const server = createRetraceServer(config, { storage, logger, ...(relay ? { relay } : {}) });
  const port = await server.listen();
  server.log.info(
    { port, host: config.host, dataDir: config.dataDir, storage: server.storage.kind },
    `Retrace listening on http://${config.host}:${port}`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'draining: /readyz answers 503, then clients are sent elsewhere and edits stored');
    void server.shutdown().then(
      ({ flushed }) => {
        if (!flushed) server.log.error('stopped with edits not stored (storage unreachable); clients resend them');
        else server.log.info('stopped');
        process.exit(flushed ? 0 : 1);
      },
      (error: unknown) => {
        server.log.error({ err: (error as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Storage, Redis and network errors are handled where they happen; a promise nobody
  // awaited must not end a process that holds live meetings.
  process.on('unhandledRejection', (reason) => {
    server.log.error(
      { err: (reason as Error)?.message ?? String(reason) },
      'unhandled rejection (process kept running)',
    );
  });
  process.on('uncaughtException', (error) => {
    // State may be inconsistent after a real bug: store what can be stored and exit;
    // the service manager starts the process again (deploy/systemd).
    server.log.fatal({ err: error.message, stack: error.stack }, 'uncaught exception');
    stop('uncaughtException');
  });
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
