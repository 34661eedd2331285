import { CloseCode, canWriteDocument } from '@retrace/shared';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Logger } from '../logger';
import type { BoardStorage } from '../storage/BoardStorage';
import type { UpdateWriter } from '../storage/UpdateWriter';
import type { Connection } from './Connection';
import {
  MalformedMessageError,
  decodeClientMessage,
  encodeAwareness,
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
}

export interface RoomDeps {
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
  private updatesSinceSnapshot = 0;
  private lastStoredSeq = 0;
  private compacting = false;
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
      this.updatesSinceSnapshot = stored.updates.length;
      this.lastStoredSeq = stored.lastSeq;
    } catch (error) {
      this.deps.log.error({ board: this.boardId, err: (error as Error).message }, 'board load failed');
      this.close(CloseCode.BoardLoadFailed);
      return false;
    }
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(update, origin));
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) => this.onAwarenessUpdate(change, origin));
    this.state = 'ready';
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
          if (!canWriteDocument(connection.info.role)) return; // viewers read only
          Y.decodeUpdate(message.update); // parse fully before touching the document
          Y.applyUpdate(this.doc, message.update, connection);
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
      connection.close(CloseCode.MalformedMessage);
    }
  }

  private receiveAwareness(connection: Connection, update: Uint8Array): void {
    if (update.byteLength > this.deps.settings.maxAwarenessBytes) {
      this.deps.log.warn(
        { board: this.boardId, conn: connection.id, bytes: update.byteLength },
        'awareness update too large, dropped',
      );
      return;
    }
    const entries = readAwarenessEntries(update);
    const claimed = new Set(connection.awarenessIds);
    for (const entry of entries) {
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
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, connection);
  }

  private onDocUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === LOAD_ORIGIN) return;
    const sender = this.isConnection(origin) ? origin : null;
    const record = {
      boardId: this.boardId,
      data: update,
      receivedAt: this.deps.now(),
      actor: sender?.info.actor ?? 'server',
    };
    void this.deps.writer.write(record).then(() => this.broadcast(encodeUpdate(update), sender));
  }

  private onAwarenessUpdate(change: AwarenessChange, origin: unknown): void {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    this.broadcast(encodeAwareness(this.awareness, changed), this.isConnection(origin) ? origin : null);
  }

  private isConnection(origin: unknown): origin is Connection {
    return typeof origin === 'object' && origin !== null && this.connections.has(origin as Connection);
  }

  /** Sends one encoded frame to every connection but `except`. */
  private broadcast(frame: Uint8Array, except: Connection | null): void {
    for (const connection of this.connections) if (connection !== except) connection.send(frame);
  }

  /** Called by the registry whenever one of this board's updates is stored. */
  noteStored(seq: number): void {
    this.lastStoredSeq = Math.max(this.lastStoredSeq, seq);
    this.updatesSinceSnapshot++;
    if (this.updatesSinceSnapshot > this.deps.settings.compactAfterUpdates) void this.compact();
  }

  /** Writes a snapshot covering every stored update; the document holds all of them. */
  private async compact(): Promise<void> {
    if (this.compacting || this.state === 'closed') return;
    this.compacting = true;
    const coversSeq = this.lastStoredSeq;
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
    if (ids.length > 0 && this.state === 'ready') awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
    if (this.connections.size === 0 && this.state === 'ready') this.scheduleUnload();
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
