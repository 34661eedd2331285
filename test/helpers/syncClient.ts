import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { waitFor } from './waitFor';

export interface SyncClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  whenSynced(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

/**
 * A stock y-websocket provider in Node, exactly as a third-party client would use it.
 * `writer`: the browser secret Retrace's client sends (its seat on the board); without it
 * the connection gets a seat of its own and cannot write drafts or vote.
 */
export function connectClient(
  wsUrl: string,
  boardId: string,
  token: string,
  doc = new Y.Doc(),
  options: { writer?: string } = {},
): SyncClient {
  const provider = new WebsocketProvider(wsUrl, boardId, doc, {
    params: options.writer ? { token, writer: options.writer } : { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    maxBackoffTime: 300,
    disableBc: true,
  });
  return {
    doc,
    provider,
    whenSynced: (timeoutMs = 10_000) =>
      waitFor(() => provider.synced, `client ${doc.clientID} to sync`, timeoutMs).then(() => undefined),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Waits until every client's document state equals the first one's. */
export async function waitForConvergence(clients: readonly SyncClient[], timeoutMs = 10_000): Promise<void> {
  await waitFor(
    () => {
      const reference = Y.encodeStateVector(clients[0]!.doc).toString();
      return clients.every((client) => Y.encodeStateVector(client.doc).toString() === reference);
    },
    'clients to converge',
    timeoutMs,
  );
}
