import { BoardProjection, boardRoots, type BoardSnapshot, type Seat } from '@retrace/shared';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { draftsApi } from '../lib/silentRoundApi';
import { votingApi, type VotingApi } from '../lib/votingApi';
import { writerSecret } from '../lib/writerSecret';
import { VoteBook } from './VoteBook';
import { ControlSession } from './ControlSession';
import { DraftBook } from './DraftBook';
import { syncServerClock } from './serverClock';
import {
  finalCloseMessage,
  initialConnectionState,
  refusedChangeMessage,
  serverState,
  type ConnectionState,
} from './connectionState';

/** Where a refused change's notice waits for the session that reopens the board (this tab only). */
const noticeKey = (boardId: string) => `retrace.notice.${boardId}`;

interface StoredNotice {
  readonly message: string;
  readonly frozen: boolean;
}

function takeStoredNotice(boardId: string): StoredNotice | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(noticeKey(boardId)) ?? 'null') as StoredNotice | null;
    return stored && typeof stored.message === 'string' ? stored : null;
  } catch {
    return null;
  }
}

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
  /** Dot voting through the server (the facilitator's controls use it too). */
  readonly voting: VotingApi;
  /** My dots in the open voting round (held by the server). */
  readonly votes: VoteBook;
  /** Who the server takes me to be on this board (my other tabs share it); null until it says. */
  readonly seat: StoreApi<Seat | null>;
  private readonly askSeat: () => void;
  readonly connection: StoreApi<ConnectionState>;
  /** The board as views read it: a zustand store fed by the document's observers. */
  readonly board: StoreApi<BoardSnapshot>;
  /** Resolves once the IndexedDB copy has been loaded into the document. */
  readonly localReady: Promise<void>;
  private readonly stops: Array<() => void> = [];
  private readonly pendingKey: string;
  private readonly discardListeners = new Set<() => void>();

  constructor(
    readonly boardId: string,
    token: string,
    serverUrl: string,
  ) {
    performance.mark('retrace:session');
    this.pendingKey = `retrace.pending.${boardId}`;
    const notice = takeStoredNotice(boardId);
    this.connection = createStore<ConnectionState>(() => ({
      ...initialConnectionState,
      pending: Number(localStorage.getItem(this.pendingKey) ?? 0) || 0,
      notice: notice?.message ?? null,
      frozen: notice?.frozen ?? false,
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
    const secret = writerSecret();
    this.provider = new WebsocketProvider(serverUrl, boardId, this.doc, {
      // The browser's secret makes this person's seat: the server stamps it on their presence.
      params: { token, writer: secret },
      connect: navigator.onLine,
      maxBackoffTime: 5_000,
    });
    this.control = new ControlSession(boardId, token, serverUrl);
    this.drafts = new DraftBook(boardId, this.control, draftsApi(boardId, token, secret));
    const voting = votingApi(boardId, token, secret);
    this.voting = voting;
    this.votes = new VoteBook(this.control, voting);
    this.seat = createStore<Seat | null>(() => null);
    this.askSeat = () => {
      if (this.seat.getState() === null)
        voting.seat().then(
          (seat) => this.seat.setState(seat, true),
          () => undefined,
        );
    };
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
      if (status === 'connected') {
        performance.mark('retrace:socket-open');
        this.askSeat();
        this.setConnection({ status: 'connected' });
      } else if (!navigator.onLine) this.setConnection({ status: 'offline' });
      else this.setConnection({ status: state.synced ? 'reconnecting' : 'connecting' });
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) {
        performance.mark('retrace:synced');
        this.setConnection({ synced: true, pending: 0 });
      }
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
      if (!event) return;
      const refusal = refusedChangeMessage(event.code);
      if (refusal) {
        void this.discardLocalCopy(refusal);
        return;
      }
      const message = finalCloseMessage(event.code);
      if (!message) return;
      this.provider.shouldConnect = false;
      this.setConnection({ status: 'closed', closedReason: message });
    });
  }

  /**
   * The server refused a change from this browser (published board, view-only link, size
   * limits). Sending it again cannot help, and later changes depend on it, so this copy of
   * the board — the refused change and anything made after it — is dropped, IndexedDB
   * included, and the board is reopened from the server (`onDiscarded`). The reopened
   * session tells the person what happened.
   */
  private async discardLocalCopy(refusal: StoredNotice): Promise<void> {
    if (this.connection.getState().status === 'discarding') return;
    this.provider.shouldConnect = false;
    this.provider.disconnect();
    this.setConnection({ status: 'discarding', pending: 0 });
    sessionStorage.setItem(noticeKey(this.boardId), JSON.stringify(refusal));
    localStorage.removeItem(this.pendingKey);
    await this.persistence.clearData().catch(() => undefined);
    for (const listener of this.discardListeners) listener();
  }

  /** Called once the local copy was dropped: the owner opens a new session for the board. */
  onDiscarded(listener: () => void): () => void {
    this.discardListeners.add(listener);
    return () => this.discardListeners.delete(listener);
  }

  /** The person has read the notice about their refused change. */
  dismissNotice(): void {
    const frozen = this.connection.getState().frozen;
    if (frozen) sessionStorage.setItem(noticeKey(this.boardId), JSON.stringify({ message: '', frozen }));
    else sessionStorage.removeItem(noticeKey(this.boardId));
    this.setConnection({ notice: null });
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
    this.votes.destroy();
    this.control.destroy();
    void this.persistence.destroy();
    this.doc.destroy();
  }
}
