import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { createRetraceServer, type RetraceServer } from '../RetraceServer';
import type { BoardStorage } from '../storage/BoardStorage';
import { SqliteBoardStorage } from '../storage/SqliteBoardStorage';

/** A real server on a free loopback port with a temp SQLite dir, for server-level tests. */
export interface TestServer {
  readonly server: RetraceServer;
  readonly port: number;
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly dataDir: string;
  connect(boardId: string, token: string): { doc: Y.Doc; provider: WebsocketProvider };
  createBoard(title?: string): Promise<{ id: string; tokens: Record<'facilitator' | 'editor' | 'viewer', string> }>;
  stop(): Promise<void>;
}

export async function startTestServer(
  options: {
    env?: Record<string, string>;
    wrapStorage?: (storage: BoardStorage) => BoardStorage;
    dataDir?: string;
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'retrace-server-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    RETRACE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const base = new SqliteBoardStorage({ dataDir });
  const storage = options.wrapStorage ? options.wrapStorage(base) : base;
  const server = createRetraceServer(config, { storage, logger: createLogger('silent') });
  const port = await server.listen();
  const providers: WebsocketProvider[] = [];
  const httpUrl = `http://127.0.0.1:${port}`;
  return {
    server,
    port,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    dataDir,
    connect(boardId, token) {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, boardId, doc, {
        params: { token },
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        maxBackoffTime: 200,
        disableBc: true,
      });
      providers.push(provider);
      return { doc, provider };
    },
    async createBoard(title = 'Test board') {
      const response = await fetch(`${httpUrl}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title }),
      });
      return (await response.json()) as Awaited<ReturnType<TestServer['createBoard']>>;
    },
    async stop() {
      for (const provider of providers) provider.destroy();
      await server.shutdown();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
