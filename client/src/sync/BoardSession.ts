import { BoardProjection, boardRoots, type BoardSnapshot } from '@retrace/shared';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { draftsApi } from '../lib/silentRoundApi';
import { writerSecret } from '../lib/writerSecret';
import { ControlSession } from './ControlSession';
import { DraftBook } from './DraftBook';
import { syncServerClock } from './serverClock';
import { finalCloseMessage, initialConnectionState, serverState, type ConnectionState } from './connectionState';

/**
 * One open board in this tab: the Y.Doc (the only source of truth), its IndexedDB copy
 * (edits survive reloads while offline), the y-websocket provider (token as a param, never
 * in the path), an undo manager for this person's own changes, and the connection state.
 */
export class BoardSession {
  readonly doc = new Y.Doc();
  /** Transaction origin of every local change, so undo tracks only this person's edits. */
  readonly origin = { kind: 'local-session' } as const;
  readonly provider: WebsocketProvider;
  readonly persistence: IndexeddbPersistence;
  readonly projection: BoardProjection;
  readonly undoManager: Y.UndoManager;
  /** Phase, timer and kick-off script, on their own room (facilitators write them). */
  readonly control: ControlSession;
  /** My private drafts while a silent writing round is open (held by the server, not the document). */
  readonly drafts: DraftBook;
  readonly connection: StoreApi<ConnectionState>;
  /** The board as views read it: a zustand store fed by the document's observers. */
  readonly board: StoreApi<BoardSnapshot>;
  /** Resolves once the IndexedDB copy has been loaded into the document. */
  readonly localReady: Promise<void>;
  private readonly stops: Array<() => void> = [];
  private readonly pendingKey: string;

  constructor(
    readonly boardId: string,
    token: string,
    serverUrl: string,
  ) {
    this.pendingKey = `retrace.pending.${boardId}`;
    this.connection = createStore<ConnectionState>(() => ({
      ...initialConnectionState,
      pending: Number(localStorage.getItem(this.pendingKey) ?? 0) || 0,
    }));
    this.persistence = new IndexeddbPersistence(`retrace-board-${boardId}`, this.doc);
    this.localReady = this.persistence.whenSynced.then(() => undefined);
    this.projection = new BoardProjection(this.doc);
    this.board = createStore<BoardSnapshot>(() => this.projection.snapshot);
    this.stops.push(this.projection.subscribe((snapshot) => this.board.setState(snapshot, true)));
    const roots = boardRoots(this.doc);
    this.undoManager = new Y.UndoManager([roots.meta, roots.lanes, roots.cards, roots.factors, roots.actions], {
      trackedOrigins: new Set([this.origin]),
      captureTimeout: 400,
    });
    this.provider = new WebsocketProvider(serverUrl, boardId, this.doc, {
      params: { token },
      connect: navigator.onLine,
      maxBackoffTime: 5_000,
    });
    this.control = new ControlSession(boardId, token, serverUrl);
    this.drafts = new DraftBook(boardId, this.control, draftsApi(boardId, token, writerSecret()));
    void syncServerClock();
    this.watchProvider();
    this.watchBrowser();
    this.countPendingChanges();
  }

  private setConnection(patch: Partial<ConnectionState>): void {
    this.connection.setState(patch);
    if (patch.pending !== undefined) localStorage.setItem(this.pendingKey, String(patch.pending));
  }

  private watchProvider(): void {
    this.provider.on('status', ({ status }: { status: string }) => {
      const state = this.connection.getState();
      if (state.status === 'closed') return;
      if (status === 'connected') this.setConnection({ status: 'connected' });
      else if (!navigator.onLine) this.setConnection({ status: 'offline' });
      else this.setConnection({ status: state.synced ? 'reconnecting' : 'connecting' });
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.setConnection({ synced: true, pending: 0 });
    });
    const awareness = this.provider.awareness;
    awareness.on('change', () => {
      const announced = serverState(awareness.getStates().values());
      const current = this.connection.getState();
      if (announced.saving !== current.serverSaving) this.setConnection({ serverSaving: announced.saving });
      if (announced.status && announced.status !== current.boardStatus)
        this.setConnection({ boardStatus: announced.status });
    });
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      const message = event ? finalCloseMessage(event.code) : null;
      if (!message) return;
      this.provider.shouldConnect = false;
      this.setConnection({ status: 'closed', closedReason: message });
    });
  }

  /** Reconnect at once when the network returns or the tab becomes visible again. */
  private watchBrowser(): void {
    const reconnect = () => {
      if (this.connection.getState().status === 'closed') return;
      this.control.reconnect();
      if (!this.provider.wsconnected) {
        this.provider.disconnect();
        this.provider.connect();
      }
    };
    const onOnline = () => {
      this.setConnection({ status: 'reconnecting' });
      void syncServerClock(); // a laptop that slept may have had its clock corrected meanwhile
      reconnect();
    };
    const onOffline = () => {
      // Sockets can linger after the network is gone; stop pretending to be connected.
      if (this.connection.getState().status === 'closed') return;
      this.provider.disconnect();
      this.control.provider.disconnect();
      this.setConnection({ status: 'offline' });
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible' && navigator.onLine) reconnect();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    document.addEventListener('visibilitychange', onVisible);
    this.stops.push(() => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisible);
    });
    if (!navigator.onLine) this.setConnection({ status: 'offline' });
  }

  /** Local changes made while not connected are "waiting"; a completed sync sends them. */
  private countPendingChanges(): void {
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      const local = origin === this.origin || origin === this.undoManager;
      if (!local) return;
      const state = this.connection.getState();
      if (state.status !== 'connected' || !this.provider.synced) this.setConnection({ pending: state.pending + 1 });
    };
    this.doc.on('update', onUpdate);
    this.stops.push(() => this.doc.off('update', onUpdate));
  }

  destroy(): void {
    for (const stop of this.stops) stop();
    this.undoManager.destroy();
    this.projection.destroy();
    this.provider.destroy();
    this.drafts.destroy();
    this.control.destroy();
    void this.persistence.destroy();
    this.doc.destroy();
  }
}
