import { loadConfig } from './config';
import { createLogger } from './logger';
import { RedisRelay } from './pubsub/RedisRelay';
import { createRetraceServer } from './RetraceServer';
import { openStorage } from './storage/openStorage';

/** `pnpm start`: serve Retrace on its embedded defaults (SQLite in ./data, port 8080). */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const storage = await openStorage(config);
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
    server.log.info({ signal }, 'shutting down: storing pending updates');
    void server.shutdown().then(
      ({ flushed }) => {
        server.log.info({ flushed }, 'stopped');
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
  process.on('uncaughtException', (error) => {
    server.log.fatal({ err: error.message, stack: error.stack }, 'uncaught exception');
    stop('uncaughtException');
  });
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
