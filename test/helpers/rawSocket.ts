import { WebSocket } from 'ws';

export interface RawOutcome {
  readonly opened: boolean;
  readonly status?: number;
  readonly closeCode?: number;
}

/** Opens a raw WebSocket; resolves with the HTTP status when the upgrade is refused. */
export function openRaw(url: string): Promise<{ ws: WebSocket; outcome: RawOutcome }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('error', () => undefined);
    ws.once('open', () => resolve({ ws, outcome: { opened: true } }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ ws, outcome: { opened: false, status: res.statusCode ?? 0 } });
      res.resume();
      ws.terminate();
    });
  });
}

export function waitForClose(ws: WebSocket, timeoutMs = 5_000): Promise<number> {
  return new Promise((resolve, reject) => {
    if (ws.readyState === ws.CLOSED) return resolve(-1);
    const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
