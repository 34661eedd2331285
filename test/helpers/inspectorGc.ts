import { WebSocket } from 'ws';
import type { ServerProcess } from './serverProcess';
import { waitFor } from './waitFor';

/**
 * Runs a full garbage collection in a server started with `--inspect=127.0.0.1:0`, through
 * the inspector protocol, so that memory can be measured after GC without any test hook
 * in the server itself.
 */
export async function collectGarbage(server: ServerProcess): Promise<void> {
  const url = await waitFor(
    () => /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(server.output())?.[1],
    'the inspector address',
  );
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { id?: number; error?: { message: string } };
        if (message.id !== 1) return;
        if (message.error) reject(new Error(message.error.message));
        else resolve();
      });
      ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
    });
  } finally {
    ws.close();
  }
}
