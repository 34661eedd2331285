import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** One board's live document and its y-websocket connection (token passed as a param). */
export interface BoardConnection {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  destroy(): void;
}

export function syncUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

export function connectBoard(boardId: string, token: string): BoardConnection {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncUrl(window.location), boardId, doc, { params: { token } });
  return {
    doc,
    provider,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}
