import { controlRoomOf, observeControl, readControl, type ControlState } from '@retrace/shared';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { finalCloseMessage } from './connectionState';

/**
 * The board's facilitation state (phase, timer, kick-off script): a second, small Y.Doc on
 * the room `<boardId>.control`, reached with the same link. Everyone reads it; the server
 * takes writes only from facilitator links. It is not kept offline: it is the live call's.
 */
export class ControlSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly state: StoreApi<ControlState>;
  /** False until the first sync: the defaults shown before it are not the board's yet. */
  readonly synced: StoreApi<boolean>;
  private readonly stop: () => void;
  private closedForGood = false;

  constructor(boardId: string, token: string, serverUrl: string) {
    this.state = createStore<ControlState>(() => readControl(this.doc));
    this.synced = createStore<boolean>(() => false);
    this.stop = observeControl(this.doc, (state) => this.state.setState(state, true));
    this.provider = new WebsocketProvider(serverUrl, controlRoomOf(boardId), this.doc, {
      params: { token },
      connect: navigator.onLine,
      maxBackoffTime: 5_000,
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.synced.setState(true, true);
    });
    // A link that was replaced or a board that is gone: the board session reports it.
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      if (!event || !finalCloseMessage(event.code)) return;
      this.closedForGood = true;
      this.provider.shouldConnect = false;
    });
  }

  reconnect(): void {
    if (this.provider.wsconnected || this.closedForGood) return;
    this.provider.disconnect();
    this.provider.connect();
  }

  destroy(): void {
    this.stop();
    this.provider.destroy();
    this.doc.destroy();
  }
}
