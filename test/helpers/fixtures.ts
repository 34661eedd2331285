import { afterEach } from 'vitest';
import { startServer, tempDataDir, type ServerProcess } from './serverProcess';
import type { SyncClient } from './syncClient';

/**
 * Per-test servers and clients that are cleaned up after each test (servers killed, data
 * directories removed, providers destroyed), in reverse order of creation.
 */
export function useServers() {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    async start(env: Record<string, string> = {}): Promise<ServerProcess> {
      const data = tempDataDir();
      cleanups.push(data.remove);
      const server = await startServer({ dataDir: data.dir, env });
      cleanups.push(() => server.stop('SIGKILL'));
      return server;
    },
    track(client: SyncClient): SyncClient {
      cleanups.push(() => client.destroy());
      return client;
    },
    onCleanup(cleanup: () => unknown): void {
      cleanups.push(cleanup);
    },
  };
}
