import { CloseCode, canWriteDocument, inspectUpdate, isControlRoom, type BoardStatus } from '@retrace/shared';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Logger } from '../logger';
import type { BoardRelay, RelayedUpdate } from '../pubsub/BoardRelay';
import type { BoardStorage } from '../storage/BoardStorage';
import type { UpdateWriter } from '../storage/UpdateWriter';
import type { Connection } from './Connection';
import {
  MalformedMessageError,
  decodeClientMessage,
  encodeAwareness,
  encodeAwarenessEntries,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  readAwarenessEntries,
} from './messages';

export interface RoomSettings {
  /** How long an empty room stays in memory before it is flushed and unloaded. */
  readonly unloadGraceMs: number;
  /** Updates since the last snapshot that trigger a new snapshot. */
  readonly compactAfterUpdates: number;
  /** Largest awareness update accepted from a client. */
  readonly maxAwarenessBytes: number;
  /** Awareness client ids one connection may hold. */
  readonly maxAwarenessIdsPerConnection: number;
  /** Bytes of updates the board may hold; updates past it are refused. */
  readonly maxBoardBytes: number;
  /** With a relay: how often to catch up from shared storage (covers lost relay messages). */
  readonly resyncMs?: number;
}

/** The awareness field the server publishes its own status under; clients may not set it. */
export const SERVER_STATUS_FIELD = 'retraceServer';

export interface ServerStatus {
  /** false while storage refuses writes: edits still sync but are only in memory. */
  readonly saving: boolean;
}

/** What the server tells every client of a board through its own awareness state. */
interface PublishedState {
  saving: boolean;
  status: BoardStatus;
}

/** Updates referencing structs the server has never seen are kept at most this long. */
const PENDING_STRUCTS_TTL_MS = 30_000;

/** What a room reports as it works (metrics). */
export interface RoomEvents {
  updateReceived(bytes: number): void;
  updateBroadcast(recipients: number): void;
  messageRejected(reason: string): void;
}

export interface RoomDeps {
  readonly events?: RoomEvents;
  /** Present when several processes share boards (storage must number updates per board). */
  readonly relay?: BoardRelay;
  readonly storage: BoardStorage;
  readonly writer: UpdateWriter;
  readonly settings: RoomSettings;
  readonly log: Logger;
  readonly now: () => number;
  /** Called once the room has been flushed and dropped from memory. */
  readonly onUnloaded: (room: Room) => void;
}

export type RoomState = 'loading' | 'ready' | 'unloading' | 'closed';

/** Transaction origin for state read from storage: never persisted again. */
const LOAD_ORIGIN = Symbol('storage-load');
/** Transaction origin for updates another process stored: broadcast here, never stored again. */
const RELAY_ORIGIN = Symbol('relay');

/**
 * Transaction origin for a change the server makes itself on someone's behalf (a revealed
 * silent round): stored and broadcast to every client like a client's update.
 */
export class ServerChange {
  constructor(
    /** Recorded in the update log, e.g. "facilitator:3f9a1c2b silent-round:reveal". */
    readonly actor: string,
  ) {}
}

/**
 * One open board: its Y.Doc, awareness and connections.
 *
 * Rules (DESIGN.md "Server rules"): the board is loaded from storage once, before any sync
 * message is answered; on a load error every connection is closed and nothing is persisted.
 * Each accepted update is stored before it is broadcast, and each broadcast is encoded once.
 */
export class Room {
  state: RoomState = 'loading';
  readonly doc = new Y.Doc();
  readonly awareness: awarenessProtocol.Awareness;
  private readonly connections = new Set<Connection>();
  private readonly awarenessOwners = new Map<number, Connection>();
  private unloadTimer: NodeJS.Timeout | null = null;
  /** Presence changes waiting to go out at the end of this event-loop turn. */
  private readonly awarenessToSend = new Set<number>();
  private awarenessFlushScheduled = false;
  private updatesSinceSnapshot = 0;
  private lastStoredSeq = 0;
  private compacting = false;
  /** Approximate size of the board's stored state, for the board size limit. */
  private storedBytes = 0;
  private pendingSince: number | null = null;
  /** With a relay: every update with seq <= watermark is in this document. */
  private watermark = 0;
  private readonly seenAbove = new Set<number>();
  private unsubscribeRelay: (() => void) | null = null;
  private catchUpTimer: NodeJS.Timeout | null = null;
  private catchingUp = false;
  private readonly published: PublishedState = { saving: true, status: 'draft' };
  private resolveUnloaded!: () => void;
  /** Resolves when the room has left memory; a newcomer then loads a fresh room. */
  readonly unloaded = new Promise<void>((resolve) => (this.resolveUnloaded = resolve));
  readonly loaded: Promise<boolean>;

  constructor(
    readonly boardId: string,
    private readonly deps: RoomDeps,
  ) {
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.loaded = this.load();
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  private async load(): Promise<boolean> {
    try {
      const stored = await this.deps.storage.loadBoard(this.boardId);
      if (!stored) throw new Error('board not found in storage');
      this.doc.transact(() => {
        if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
        for (const update of stored.updates) Y.applyUpdate(this.doc, update);
      }, LOAD_ORIGIN);
      this.published.status = (await this.deps.storage.getBoardStatus(this.boardId)) ?? 'draft';
      this.updatesSinceSnapshot = stored.updates.length;
      this.lastStoredSeq = stored.lastSeq;
      this.storedBytes = (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((sum, u) => sum + u.byteLength, 0);
    } catch (error) {
      this.deps.log.error({ board: this.boardId, err: (error as Error).message }, 'board load failed');
      this.close(CloseCode.BoardLoadFailed);
      return false;
    }
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(update, origin));
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) => this.onAwarenessUpdate(change, origin));
    this.state = 'ready';
    this.publishState();
    if (this.deps.relay) this.joinRelay(this.deps.relay, this.lastStoredSeq);
    for (const connection of this.connections) this.start(connection);
    if (this.updatesSinceSnapshot > this.deps.settings.compactAfterUpdates) void this.compact();
    return true;
  }

  /** Adds a connection; it is served once the room has loaded. */
  add(connection: Connection): void {
    if (this.state === 'closed' || this.state === 'unloading') {
      throw new Error(`room ${this.boardId} is ${this.state}`);
    }
    this.cancelUnload();
    this.connections.add(connection);
    connection.onClose(() => this.remove(connection));
    if (this.state === 'ready') this.start(connection);
  }

  private start(connection: Connection): void {
    if (!connection.isOpen) return;
    connection.send(encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) connection.send(encodeAwareness(this.awareness, states));
    connection.attach((frame) => this.receive(connection, frame));
  }

  private receive(connection: Connection, frame: Uint8Array): void {
    if (this.state !== 'ready') return;
    try {
      const message = decodeClientMessage(frame);
      switch (message.type) {
        case 'sync-step1':
          connection.send(encodeSyncStep2(this.doc, message.stateVector));
          break;
        case 'sync-step2':
        case 'sync-update':
          if (!this.mayWrite(connection)) return; // viewers, and editors of a published board, read only
          this.receiveUpdate(connection, message.update);
          break;
        case 'awareness':
          this.receiveAwareness(connection, message.update);
          break;
        case 'query-awareness':
          connection.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
          break;
        case 'auth':
          break;
      }
    } catch (error) {
      this.deps.log.warn(
        {
          board: this.boardId,
          conn: connection.id,
          err: (error as Error).message,
          malformed: error instanceof MalformedMessageError,
        },
        'closing connection after a bad message',
      );
      this.deps.events?.messageRejected('malformed');
      connection.close(CloseCode.MalformedMessage);
    }
  }

  private receiveUpdate(connection: Connection, update: Uint8Array): void {
    // A bounded walk first: a crafted update is refused before Yjs decodes it.
    const inspection = inspectUpdate(update);
    if (!inspection.ok) {
      this.deps.log.warn({ board: this.boardId, conn: connection.id, reason: inspection.reason }, 'update rejected');
      this.deps.events?.messageRejected('invalid-update');
      connection.close(CloseCode.UpdateRejected);
      return;
    }
    if (inspection.structs === 0 && inspection.deletes === 0) return; // nothing to apply (an empty sync step 2)
    if (this.storedBytes + update.byteLength > this.deps.settings.maxBoardBytes) {
      this.deps.log.warn(
        { board: this.boardId, conn: connection.id, bytes: this.storedBytes },
        'board size limit reached',
      );
      this.deps.events?.messageRejected('board-full');
      connection.close(CloseCode.BoardFull);
      return;
    }
    Y.applyUpdate(this.doc, update, connection);
    this.boundPendingStructs();
  }

  /**
   * Updates that reference structs the server does not have wait in Yjs's pending store
   * and are retried on every later update. Honest clients fill such gaps within moments
   * (two tabs racing); anything older is dropped, and its sender resends it on resync.
   */
  private boundPendingStructs(): void {
    const store = this.doc.store;
    if (store.pendingStructs === null && store.pendingDs === null) {
      this.pendingSince = null;
      return;
    }
    const now = this.deps.now();
    this.pendingSince ??= now;
    const pendingBytes = (store.pendingStructs?.update.byteLength ?? 0) + (store.pendingDs?.byteLength ?? 0);
    if (now - this.pendingSince > PENDING_STRUCTS_TTL_MS || pendingBytes > this.deps.settings.maxBoardBytes / 8) {
      this.deps.log.warn({ board: this.boardId, pendingBytes }, 'dropping updates that reference unknown structs');
      store.pendingStructs = null;
      store.pendingDs = null;
      this.pendingSince = null;
    }
  }

  private mayWrite(connection: Connection): boolean {
    const role = connection.info.role;
    if (!canWriteDocument(role)) return false;
    // The control document (phase, timer, script) is the facilitator's alone.
    if (isControlRoom(this.boardId)) return role === 'facilitator';
    return this.published.status !== 'published' || role === 'facilitator';
  }

  /** Publishes whether edits are being saved to every client through awareness. */
  setServerStatus(status: ServerStatus): void {
    this.published.saving = status.saving;
    this.publishState();
  }

  /** A published board is read-only for editors; the facilitator can still change it (and reopen it). */
  setBoardStatus(status: BoardStatus): void {
    this.published.status = status;
    this.publishState();
  }

  private publishState(): void {
    if (this.state !== 'ready') return;
    this.awareness.setLocalState({ [SERVER_STATUS_FIELD]: { ...this.published } });
  }

  /** Closes the connections that authenticated with one of `tokenHashes` (a rotated link). */
  closeConnectionsWithTokens(tokenHashes: ReadonlySet<string>, reason: { code: number; reason: string }): number {
    let closed = 0;
    for (const connection of this.connections) {
      if (tokenHashes.has(connection.info.tokenHash)) {
        connection.close(reason);
        closed++;
      }
    }
    return closed;
  }

  private receiveAwareness(connection: Connection, update: Uint8Array): void {
    if (update.byteLength > this.deps.settings.maxAwarenessBytes) {
      this.deps.log.warn(
        { board: this.boardId, conn: connection.id, bytes: update.byteLength },
        'awareness update too large, dropped',
      );
      return;
    }
    // Stock providers send back every awareness change they receive (other people's and the
    // server's). Such an echo carries a clock the room already has: it changes nothing, so it
    // is skipped quietly; it must not make the echoing connection the owner of that id either.
    // (Same rule as y-protocols: only a newer clock changes a state; a new id starts at 0.)
    const sent = readAwarenessEntries(update);
    const entries = sent.filter(
      (entry) =>
        this.awarenessOwners.get(entry.clientId) === connection ||
        entry.clock > (this.awareness.meta.get(entry.clientId)?.clock ?? 0),
    );
    if (entries.length === 0) return;
    const claimed = new Set(connection.awarenessIds);
    for (const entry of entries) {
      if (entry.clientId === this.doc.clientID || entry.stateJson.includes(`"${SERVER_STATUS_FIELD}"`)) {
        this.deps.log.warn({ board: this.boardId, conn: connection.id }, 'awareness impersonating the server dropped');
        return;
      }
      const owner = this.awarenessOwners.get(entry.clientId);
      if (owner && owner !== connection) {
        this.deps.log.warn(
          { board: this.boardId, conn: connection.id, client: entry.clientId },
          'awareness for another connection dropped',
        );
        return;
      }
      claimed.add(entry.clientId);
    }
    if (claimed.size > this.deps.settings.maxAwarenessIdsPerConnection) {
      this.deps.log.warn({ board: this.boardId, conn: connection.id }, 'too many awareness ids, dropped');
      return;
    }
    for (const entry of entries) {
      this.awarenessOwners.set(entry.clientId, connection);
      connection.awarenessIds.add(entry.clientId);
      const name = (JSON.parse(entry.stateJson) as { user?: { name?: unknown } } | null)?.user?.name;
      if (typeof name === 'string' && name.trim())
        connection.participantName = name.replace(/\s+/g, ' ').trim().slice(0, 60);
    }
    const accepted = entries.length === sent.length ? update : encodeAwarenessEntries(entries);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, accepted, connection);
  }

  private onDocUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === LOAD_ORIGIN) return;
    if (origin === RELAY_ORIGIN) {
      // Stored by the process that received it; here it only reaches local clients.
      this.deps.events?.updateBroadcast(this.broadcast(encodeUpdate(update), null));
      return;
    }
    const sender = this.isConnection(origin) ? origin : null;
    this.storedBytes += update.byteLength;
    if (sender) this.deps.events?.updateReceived(update.byteLength);
    const record = {
      boardId: this.boardId,
      data: update,
      receivedAt: this.deps.now(),
      // The link (role and token id) and the name its holder gives; never the token itself.
      actor: sender
        ? sender.participantName
          ? `${sender.info.actor} ${sender.participantName}`
          : sender.info.actor
        : origin instanceof ServerChange
          ? origin.actor
          : 'server',
    };
    void this.deps.writer.write(record).then((result) => {
      const recipients = this.broadcast(encodeUpdate(update), sender);
      this.deps.events?.updateBroadcast(recipients);
      this.deps.relay?.publish(this.boardId, { kind: 'update', seq: result.seq ?? 0, data: update });
    });
  }

  private onAwarenessUpdate(change: AwarenessChange, origin: unknown): void {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    if (this.isConnection(origin)) this.relayAwareness(changed);
    for (const id of changed) this.awarenessToSend.add(id);
    if (this.awarenessFlushScheduled) return;
    this.awarenessFlushScheduled = true;
    setImmediate(() => this.flushAwareness());
  }

  /**
   * Presence changes of one event-loop turn go out as one message per connection. When many
   * people's presence changes at once (everyone renews it every 15 s) this is one write per
   * socket instead of one per change, so edits are not queued behind a flood of small writes.
   */
  private flushAwareness(): void {
    this.awarenessFlushScheduled = false;
    if (this.state !== 'ready') return;
    const ids = [...this.awarenessToSend].filter((id) => this.awareness.meta.has(id));
    this.awarenessToSend.clear();
    if (ids.length === 0) return;
    const frame = encodeAwareness(this.awareness, ids);
    for (const connection of this.connections) {
      // A connection whose own presence is all that changed needs nothing back.
      if (ids.every((id) => this.awarenessOwners.get(id) === connection)) continue;
      connection.send(frame);
    }
  }

  private relayAwareness(clients: readonly number[]): void {
    // Only ids the room has a state (or a removal) for: encoding an unknown id throws.
    const known = clients.filter((id) => this.awareness.meta.has(id));
    if (!this.deps.relay || known.length === 0) return;
    this.deps.relay.publish(this.boardId, {
      kind: 'awareness',
      seq: 0,
      data: awarenessProtocol.encodeAwarenessUpdate(this.awareness, known),
    });
  }

  // ---- several processes: relay and catch-up ----

  private joinRelay(relay: BoardRelay, lastSeq: number): void {
    this.watermark = lastSeq;
    this.unsubscribeRelay = relay.subscribe(this.boardId, (message) => this.receiveRelayed(message));
    const every = this.deps.settings.resyncMs ?? 2_000;
    this.catchUpTimer = setInterval(() => void this.catchUp(), every);
    this.catchUpTimer.unref();
  }

  private receiveRelayed(message: RelayedUpdate): void {
    if (this.state !== 'ready') return;
    try {
      if (message.kind === 'awareness') {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.data, RELAY_ORIGIN);
        return;
      }
      if (message.kind === 'revoke') {
        const hashes = JSON.parse(Buffer.from(message.data).toString('utf8')) as unknown;
        if (Array.isArray(hashes))
          this.closeConnectionsWithTokens(
            new Set(hashes.filter((h): h is string => typeof h === 'string')),
            CloseCode.TokenRevoked,
          );
        return;
      }
      Y.applyUpdate(this.doc, message.data, RELAY_ORIGIN);
      if (message.seq > 0) this.markSeen(message.seq);
    } catch (error) {
      this.deps.log.warn({ board: this.boardId, err: (error as Error).message }, 'unreadable relay message ignored');
    }
  }

  /** Records that the update with `seq` is in the document, advancing the contiguous watermark. */
  private markSeen(seq: number): void {
    if (seq <= this.watermark) return;
    this.seenAbove.add(seq);
    while (this.seenAbove.delete(this.watermark + 1)) this.watermark++;
  }

  /** Applies whatever shared storage holds beyond the watermark (lost relay messages). */
  async catchUp(): Promise<void> {
    if (this.catchingUp || this.state !== 'ready' || !this.deps.relay) return;
    this.catchingUp = true;
    try {
      for (;;) {
        const missing = await this.deps.storage.readUpdateLog(this.boardId, { afterSeq: this.watermark, limit: 1_000 });
        if (this.state !== 'ready' || missing.length === 0) break;
        this.doc.transact(() => {
          for (const entry of missing) Y.applyUpdate(this.doc, entry.data, RELAY_ORIGIN);
        }, RELAY_ORIGIN);
        for (const entry of missing) this.markSeen(entry.seq);
        if (missing.length < 1_000) break;
      }
      // Another process may have published or reopened the board.
      const status = await this.deps.storage.getBoardStatus(this.boardId);
      if (status && status !== this.published.status) this.setBoardStatus(status);
    } catch (error) {
      this.deps.log.warn(
        { board: this.boardId, err: (error as Error).message },
        'catch-up from storage failed; retrying',
      );
    } finally {
      this.catchingUp = false;
    }
  }

  private isConnection(origin: unknown): origin is Connection {
    return typeof origin === 'object' && origin !== null && this.connections.has(origin as Connection);
  }

  /** Sends one encoded frame to every connection but `except`. */
  private broadcast(frame: Uint8Array, except: Connection | null): number {
    let sent = 0;
    for (const connection of this.connections) {
      if (connection === except) continue;
      connection.send(frame);
      sent++;
    }
    return sent;
  }

  /** Called by the registry whenever one of this board's updates is stored. */
  noteStored(seq: number): void {
    this.lastStoredSeq = Math.max(this.lastStoredSeq, seq);
    if (this.deps.relay) this.markSeen(seq);
    this.updatesSinceSnapshot++;
    if (this.updatesSinceSnapshot > this.deps.settings.compactAfterUpdates) void this.compact();
  }

  /** Writes a snapshot covering every stored update; the document holds all of them. */
  private async compact(): Promise<void> {
    if (this.compacting || this.state === 'closed') return;
    this.compacting = true;
    // With several processes, only the contiguous prefix this document has applied.
    const coversSeq = this.deps.relay ? this.watermark : this.lastStoredSeq;
    const counted = this.updatesSinceSnapshot;
    try {
      await this.deps.storage.writeSnapshot(this.boardId, Y.encodeStateAsUpdate(this.doc), coversSeq);
      this.updatesSinceSnapshot = Math.max(0, this.updatesSinceSnapshot - counted);
      this.deps.log.debug({ board: this.boardId, coversSeq }, 'snapshot written');
    } catch (error) {
      this.deps.log.error(
        { board: this.boardId, err: (error as Error).message },
        'snapshot failed; the update log still holds everything',
      );
    } finally {
      this.compacting = false;
    }
    // Updates stored while this snapshot was being written may already deserve the next one.
    if (this.updatesSinceSnapshot > this.deps.settings.compactAfterUpdates) void this.compact();
  }

  private remove(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    const ids = [...connection.awarenessIds];
    for (const id of ids) this.awarenessOwners.delete(id);
    if (ids.length > 0 && this.state === 'ready') {
      awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
      this.relayAwareness(ids);
    }
    if (this.connections.size === 0 && this.state === 'ready') this.scheduleUnload();
  }

  /** A room opened for a server change, with nobody connected, leaves memory after the grace period. */
  releaseIfIdle(): void {
    if (this.state === 'ready' && this.connections.size === 0 && !this.unloadTimer) this.scheduleUnload();
  }

  private cancelUnload(): void {
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
  }

  private scheduleUnload(): void {
    this.cancelUnload();
    this.unloadTimer = setTimeout(() => void this.unload(), this.deps.settings.unloadGraceMs);
  }

  /** Flushes and leaves memory, unless someone came back or storage still owes writes. */
  async unload(): Promise<void> {
    this.unloadTimer = null;
    if (this.state !== 'ready' || this.connections.size > 0) return;
    if (this.deps.writer.pendingFor(this.boardId) > 0) {
      // Not stored yet. While storage is failing the document is the only complete copy
      // on the server, so it stays in memory until the writer catches up.
      const retryMs = this.deps.writer.healthy ? 20 : this.deps.settings.unloadGraceMs;
      this.unloadTimer = setTimeout(() => void this.unload(), retryMs);
      return;
    }
    this.state = 'unloading';
    if (this.updatesSinceSnapshot > 0) await this.compact();
    this.finish();
  }

  /** Closes every connection with `reason` and drops the room without writing anything. */
  close(reason: { code: number; reason: string }): void {
    for (const connection of this.connections) connection.close(reason);
    this.finish();
  }

  private finish(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.cancelUnload();
    this.unsubscribeRelay?.();
    if (this.catchUpTimer) clearInterval(this.catchUpTimer);
    this.awareness.destroy();
    this.doc.destroy();
    this.deps.onUnloaded(this);
    this.resolveUnloaded();
  }
}

interface AwarenessChange {
  readonly added: number[];
  readonly updated: number[];
  readonly removed: number[];
}
