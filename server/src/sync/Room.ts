import {
  BOARD_ROOTS,
  CONTROL_ROOTS,
  CloseCode,
  canWriteDocument,
  inspectUpdate,
  isWritableBoardRootName,
  isControlRoom,
  isControlRootName,
  type BoardStatus,
} from '@retrace/shared';
import * as Y from 'yjs';
import type { Logger } from '../logger';
import type { BoardRelay } from '../pubsub/BoardRelay';
import { storedEntries } from '../boards/boardState';
import type { BoardStorage } from '../storage/BoardStorage';
import type { UpdateWriter } from '../storage/UpdateWriter';
import type { HeavyWork } from '../workers/HeavyWork';
import { Connection } from './Connection';
import {
  MalformedMessageError,
  decodeClientMessage,
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncStep2Update,
  encodeUpdate,
} from './messages';
import {
  Presence,
  SERVER_STATUS_FIELD,
  encodePresenceEntries,
  participantNameOf,
  type PresenceEntry,
  type PresenceLimits,
} from './Presence';
import { RelayLink } from './RelayLink';
import { replayStored, type StoredEntry } from './replayStored';
import { UpdateIntake, type IntakeLimits, type IntakeResult } from './UpdateIntake';
import { WritePath } from './WritePath';

export { SERVER_STATUS_FIELD };

export interface RoomSettings {
  /** How long an empty room stays in memory before it is flushed and unloaded. */
  readonly unloadGraceMs: number;
  /** Updates since the last snapshot that trigger a new snapshot. */
  readonly compactAfterUpdates: number;
  readonly presence: PresenceLimits;
  readonly intake: Omit<IntakeLimits, 'isRootName'>;
  /** Bytes of updates the board may hold; updates past it are refused. */
  readonly maxBoardBytes: number;
  /** With shared storage: how often to catch up from storage (covers lost relay messages). */
  readonly resyncMs?: number;
  /** With shared storage: how long a copy of another process's unstored update waits for its stored notice. */
  readonly relayHoldMs?: number;
}

export interface ServerStatus {
  /** false while storage refuses writes: edits still sync but are only in memory. */
  readonly saving: boolean;
}

/** What the server tells every client of a board through its own presence state. */
interface PublishedState {
  saving: boolean;
  status: BoardStatus;
}

/** What a room reports as it works (metrics). */
export interface RoomEvents {
  updateReceived(bytes: number): void;
  updateBroadcast(recipients: number): void;
  messageRejected(reason: string): void;
  updatesQuarantined(count: number): void;
  updateStage(stage: 'decode' | 'admit' | 'store' | 'broadcast', seconds: number): void;
}

export interface RoomDeps {
  readonly events?: RoomEvents;
  /** Present when several processes share boards. */
  readonly relay?: BoardRelay;
  readonly storage: BoardStorage;
  readonly writer: UpdateWriter;
  readonly heavy: HeavyWork;
  readonly settings: RoomSettings;
  readonly log: Logger;
  readonly now: () => number;
  /** Called once the room has been flushed and dropped from memory. */
  readonly onUnloaded: (room: Room) => void;
}

export type RoomState = 'loading' | 'ready' | 'unloading' | 'closed';

/** Transaction origin for state read from storage: never stored or broadcast again. */
const LOAD_ORIGIN = Symbol('storage-load');
/** Transaction origin for updates already stored or held elsewhere: broadcast here, never stored again. */
const FORWARD_ORIGIN = Symbol('forward');
/** The intake's sender for updates from other processes and for stored orphans. */
const RELAY_SENDER = { name: 'relay' };
const STORED_SENDER = { name: 'storage' };
/** Stored updates waiting for a dependency a reconnecting client may still send. */
const ORPHAN_WAIT_MS = 10 * 60_000;
/** A full state encoded at most this often; in between, the cached one plus what changed since. */
const STATE_CACHE_MS = 1_000;
const PRESENCE_SWEEP_MS = 3_000;
/** The server renews its own presence before clients drop it (they do after 30 s). */
const SERVER_PRESENCE_RENEW_MS = 15_000;

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

type Sender = Connection | typeof RELAY_SENDER | typeof STORED_SENDER;

/** The board's whole state, encoded once for every newcomer until the document changes. */
interface StateCache {
  readonly update: Uint8Array;
  readonly frame: Uint8Array;
  readonly stateVector: Uint8Array;
  readonly at: number;
  /** false once the document changed after the encoding. */
  current: boolean;
}

/**
 * One open board: its Y.Doc, presence and connections.
 *
 * Rules (DESIGN.md "Server rules"): the board is loaded from storage once, before any sync
 * message is answered; on a load error every connection is closed and nothing is persisted.
 * Updates go through the write path (WritePath.ts): validated and applied by UpdateIntake,
 * stored, then broadcast (encoded once) and relayed. A document that fails inside Yjs is
 * dropped and reloaded from storage, never written from.
 */
export class Room {
  state: RoomState = 'loading';
  /** Replaced by the loaded document once storage has been read. */
  doc = new Y.Doc();
  readonly presence: Presence<Connection>;
  private readonly connections = new Set<Connection>();
  private intake: UpdateIntake<Sender> | null = null;
  private readonly writePath: WritePath;
  private relayLink: RelayLink | null = null;
  private unloadTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  /** Presence changes waiting to go out at the end of this event-loop turn. */
  private readonly presenceToSend = new Set<number>();
  private presenceFlushScheduled = false;
  private updatesSinceSnapshot = 0;
  private lastStoredSeq = 0;
  private compacting: Promise<void> | null = null;
  /** Approximate size of the board's stored state, for the board size limit. */
  private storedBytes = 0;
  private stateCache: StateCache | null = null;
  private readonly published: PublishedState = { saving: true, status: 'draft' };
  private readonly isControl: boolean;
  private resolveUnloaded!: () => void;
  /** Resolves when the room has left memory; a newcomer then loads a fresh room. */
  readonly unloaded = new Promise<void>((resolve) => (this.resolveUnloaded = resolve));
  readonly loaded: Promise<boolean>;

  constructor(
    readonly boardId: string,
    private readonly deps: RoomDeps,
  ) {
    this.isControl = isControlRoom(boardId);
    this.presence = new Presence<Connection>(deps.settings.presence, deps.now, randomClientId());
    this.writePath = new WritePath({
      boardId,
      writer: deps.writer,
      now: deps.now,
      broadcast: (frame, except) => this.broadcast(frame, except),
      relay: () => this.relayLink,
      ...(deps.events ? { events: deps.events } : {}),
    });
    this.loaded = this.load();
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Connections from one address (for the per-address cap of a board). */
  connectionsFrom(address: string): number {
    let count = 0;
    for (const connection of this.connections) if (connection.info.address === address) count++;
    return count;
  }

  private async load(): Promise<boolean> {
    try {
      const stored = await this.deps.storage.loadBoard(this.boardId);
      if (!stored) throw new Error('board not found in storage');
      const entries = storedEntries(stored);
      let replay = replayStored(entries, LOAD_ORIGIN);
      if (replay.quarantined.some((entry) => entry.snapshot)) {
        // The snapshot itself is unreadable: the log it covers is still there. Replay all of it.
        replay.doc.destroy();
        const log = await this.deps.storage.readUpdateLog(this.boardId);
        replay = replayStored(
          log.map((entry) => ({ data: entry.data, seq: entry.seq })),
          LOAD_ORIGIN,
        );
        this.deps.log.error({ board: this.boardId }, 'snapshot unreadable; loaded from the full update log');
      }
      for (const { seq, reason } of replay.quarantined) {
        this.deps.log.error({ board: this.boardId, seq, reason }, 'stored update quarantined: skipped on load');
      }
      if (replay.quarantined.length > 0) this.deps.events?.updatesQuarantined(replay.quarantined.length);
      this.doc = replay.doc;
      this.published.status = (await this.deps.storage.getBoardStatus(this.boardId)) ?? 'draft';
      this.updatesSinceSnapshot = stored.updates.length;
      this.lastStoredSeq = stored.lastSeq;
      this.storedBytes = entries.reduce((sum, entry) => sum + entry.data.byteLength, 0);
      this.intake = this.createIntake();
      for (const orphan of replay.orphans) {
        this.deps.log.warn({ board: this.boardId }, 'stored updates wait for changes storage does not have');
        this.intake.offer(STORED_SENDER, orphan, { origin: FORWARD_ORIGIN, trusted: true, waitMs: ORPHAN_WAIT_MS });
      }
    } catch (error) {
      this.deps.log.error({ board: this.boardId, err: (error as Error).message }, 'board load failed');
      this.close(CloseCode.BoardLoadFailed);
      return false;
    }
    if (this.state !== 'loading') return false; // closed while loading
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(update, origin));
    this.state = 'ready';
    this.publishState();
    this.sweepTimer = setInterval(() => this.sweep(), PRESENCE_SWEEP_MS);
    this.sweepTimer.unref();
    this.renewTimer = setInterval(() => this.publishState(), SERVER_PRESENCE_RENEW_MS);
    this.renewTimer.unref();
    if (this.deps.storage.shared) this.relayLink = this.createRelayLink();
    for (const connection of this.connections) this.start(connection);
    if (this.updatesSinceSnapshot > this.deps.settings.compactAfterUpdates) void this.compact();
    return true;
  }

  private createIntake(): UpdateIntake<Sender> {
    return new UpdateIntake<Sender>(
      this.doc,
      { ...this.deps.settings.intake, isRootName: this.isControl ? isControlRootName : isWritableBoardRootName },
      {
        now: this.deps.now,
        presenceOwner: (clientId) => this.presence.ownerConnection(clientId),
        onLateResult: (sender, result) => {
          if (sender instanceof Connection) this.handleIntakeResult(sender, result);
          else if (result.kind === 'jammed') this.reload(result.reason);
        },
      },
    );
  }

  private createRelayLink(): RelayLink {
    return new RelayLink(
      {
        boardId: this.boardId,
        ...(this.deps.relay ? { relay: this.deps.relay } : {}),
        storage: this.deps.storage,
        writer: this.deps.writer,
        log: this.deps.log,
        resyncMs: this.deps.settings.resyncMs ?? 2_000,
        holdMs: this.deps.settings.relayHoldMs ?? 5_000,
        applyUpdate: (data) => this.applyForeign(data),
        onAwareness: (data) => this.receiveRelayedPresence(data),
        onRevoke: (hashes) => this.closeConnectionsWithTokens(hashes, CloseCode.TokenRevoked),
        afterCatchUp: async () => {
          // Another process may have published or reopened the board.
          const status = await this.deps.storage.getBoardStatus(this.boardId);
          if (status && status !== this.published.status) this.setBoardStatus(status);
        },
      },
      this.lastStoredSeq,
    );
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
    const ids = this.presence.presentIds();
    if (ids.length > 0) connection.send(encodeAwarenessMessage(encodePresenceEntries(this.presence.entriesFor(ids))));
    connection.attach((frame) => this.receive(connection, frame));
  }

  private receive(connection: Connection, frame: Uint8Array): void {
    if (this.state !== 'ready' || !connection.isOpen) return;
    try {
      const started = performance.now();
      const message = decodeClientMessage(frame);
      this.deps.events?.updateStage('decode', (performance.now() - started) / 1000);
      switch (message.type) {
        case 'sync-step1':
          if (!connection.mayRequestState()) {
            this.refuse(connection, 'state-requests', 'asked for the full state too often', CloseCode.RateLimited);
            return;
          }
          this.sendState(connection, message.stateVector);
          break;
        case 'sync-step2':
        case 'sync-update':
          this.receiveUpdate(connection, message.update);
          break;
        case 'awareness':
          this.receivePresence(connection, message.update);
          break;
        case 'query-awareness':
          connection.send(
            encodeAwarenessMessage(encodePresenceEntries(this.presence.entriesFor(this.presence.presentIds()))),
          );
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

  /**
   * The board's state for a client that sent its state vector. A newcomer (empty state
   * vector) gets a cached encoding of the whole board plus what changed since it was made,
   * so a crowd joining at once, or a client asking again and again, costs one encoding.
   */
  private sendState(connection: Connection, stateVector: Uint8Array): void {
    const newcomer = stateVector.byteLength <= 1;
    if (!newcomer) {
      connection.sendBulk(encodeSyncStep2(this.doc, stateVector));
      return;
    }
    const { cache, since } = this.cachedState();
    connection.sendBulk(cache.frame);
    if (since) connection.send(encodeUpdate(since));
  }

  /** The cached full state (re-encoded at most every STATE_CACHE_MS) and what changed since, if anything. */
  private cachedState(): { cache: StateCache; since: Uint8Array | null } {
    const now = this.deps.now();
    let cache = this.stateCache;
    if (!cache || (!cache.current && now - cache.at >= STATE_CACHE_MS)) {
      const update = Y.encodeStateAsUpdate(this.doc);
      cache = {
        update,
        frame: encodeSyncStep2Update(update),
        stateVector: Y.encodeStateVector(this.doc),
        at: now,
        current: true,
      };
      this.stateCache = cache;
    }
    return { cache, since: cache.current ? null : Y.encodeStateAsUpdate(this.doc, cache.stateVector) };
  }

  /** The live state as replay entries (reports, meta): the cached encoding and what changed since. */
  stateEntries(): StoredEntry[] {
    const { cache, since } = this.cachedState();
    return since
      ? [
          { data: cache.update, seq: 0, live: true },
          { data: since, seq: 0, live: true },
        ]
      : [{ data: cache.update, seq: 0, live: true }];
  }

  private receiveUpdate(connection: Connection, update: Uint8Array): void {
    if (!this.mayWrite(connection)) {
      this.refuseReadOnly(connection, update);
      return;
    }
    if (this.storedBytes + update.byteLength > this.deps.settings.maxBoardBytes) {
      const inspection = inspectUpdate(update);
      if (inspection.ok && inspection.structs === 0 && inspection.deletes === 0) return;
      this.refuse(
        connection,
        'board-full',
        `board size limit reached (${this.storedBytes} bytes)`,
        CloseCode.BoardFull,
      );
      return;
    }
    const started = performance.now();
    const result = this.intake!.offer(connection, update);
    this.deps.events?.updateStage('admit', (performance.now() - started) / 1000);
    this.handleIntakeResult(connection, result);
  }

  private handleIntakeResult(connection: Connection, result: IntakeResult): void {
    switch (result.kind) {
      case 'applied':
      case 'empty':
        return;
      case 'waiting':
        this.deps.events?.messageRejected('waiting');
        return;
      case 'refused':
        if (result.resync) this.refuse(connection, 'resync', result.reason, CloseCode.ResyncNeeded);
        else this.refuse(connection, 'invalid-update', result.reason, CloseCode.UpdateRejected);
        return;
      case 'jammed':
        this.reload(result.reason);
        return;
      case 'full':
        this.refuse(connection, 'board-full', result.reason, CloseCode.BoardFull);
        return;
    }
  }

  /**
   * A viewer (or an editor of a published board) sent an update. One that only repeats
   * what the board has (a stock provider's sync step 2) is ignored. One that changes the
   * board is refused, and the connection closed with a code that says why: left open, its
   * client would believe the change was shared and every later edit of it would depend on
   * the refused one.
   */
  private refuseReadOnly(connection: Connection, update: Uint8Array): void {
    const inspection = inspectUpdate(update);
    if (inspection.ok && !changesDocument(this.doc, inspection.shape)) return;
    const reason =
      canWriteDocument(connection.info.role) && !this.isControl ? CloseCode.BoardPublished : CloseCode.ViewOnly;
    this.refuse(connection, reason === CloseCode.ViewOnly ? 'view-only' : 'published', reason.reason, reason);
  }

  private refuse(
    connection: Connection,
    metric: string,
    why: string,
    code: { readonly code: number; readonly reason: string },
  ): void {
    this.deps.log.warn({ board: this.boardId, conn: connection.id, role: connection.info.role, why }, 'update refused');
    this.deps.events?.messageRejected(metric);
    connection.close(code);
  }

  /** An update another process accepted (relayed or read back from shared storage). */
  private applyForeign(data: Uint8Array): 'applied' | 'waiting' | 'refused' {
    if (this.state !== 'ready' || !this.intake) return 'refused';
    const result = this.intake.offer(RELAY_SENDER, data, { origin: FORWARD_ORIGIN, trusted: true });
    switch (result.kind) {
      case 'applied':
      case 'empty':
        return 'applied';
      case 'waiting':
        return 'waiting';
      case 'jammed':
        this.reload(result.reason);
        return 'refused';
      case 'full':
      case 'refused':
        this.deps.log.warn({ board: this.boardId, reason: result.reason }, 'relayed update refused');
        return 'refused';
    }
  }

  private mayWrite(connection: Connection): boolean {
    const role = connection.info.role;
    if (!canWriteDocument(role)) return false;
    // The control document (phase, timer, script) is the facilitator's alone.
    if (this.isControl) return role === 'facilitator';
    return this.published.status !== 'published' || role === 'facilitator';
  }

  /** Publishes whether edits are being saved to every client through the server's presence. */
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
    const entry = this.presence.setServerState(JSON.stringify({ [SERVER_STATUS_FIELD]: { ...this.published } }));
    this.presenceChanged([entry], false);
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

  private receivePresence(connection: Connection, update: Uint8Array): void {
    const verdict = this.presence.receive(connection, update, connection.info.seat);
    if ('refused' in verdict) {
      if (verdict.malformed) throw new MalformedMessageError(verdict.refused);
      this.deps.log.warn({ board: this.boardId, conn: connection.id, why: verdict.refused }, 'presence dropped');
      this.deps.events?.messageRejected('presence');
      return;
    }
    for (const entry of verdict.accepted) {
      const name = participantNameOf(entry.json);
      if (name) connection.participantName = name;
    }
    this.presenceChanged(verdict.accepted, true);
  }

  private receiveRelayedPresence(data: Uint8Array): void {
    if (this.state !== 'ready') return;
    try {
      this.presenceChanged(this.presence.receiveRelayed(data), false);
    } catch (error) {
      this.deps.log.warn({ board: this.boardId, err: (error as Error).message }, 'unreadable relayed presence ignored');
    }
  }

  /** Queues changed presence for this turn's flush, and relays it when it came from here. */
  private presenceChanged(entries: readonly PresenceEntry[], relay: boolean): void {
    if (entries.length === 0) return;
    if (relay) this.relayLink?.publish({ kind: 'awareness', data: encodePresenceEntries(entries) });
    for (const entry of entries) this.presenceToSend.add(entry.clientId);
    if (this.presenceFlushScheduled) return;
    this.presenceFlushScheduled = true;
    setImmediate(() => this.flushPresence());
  }

  /**
   * Presence changes of one event-loop turn go out as one message per connection. When many
   * people's presence changes at once (everyone renews it every 15 s) this is one write per
   * socket instead of one per change, so edits are not queued behind a flood of small writes.
   */
  private flushPresence(): void {
    this.presenceFlushScheduled = false;
    if (this.state !== 'ready') return;
    const ids = [...this.presenceToSend];
    this.presenceToSend.clear();
    const entries = this.presence.entriesFor(ids);
    if (entries.length === 0) return;
    const frame = encodeAwarenessMessage(encodePresenceEntries(entries));
    for (const connection of this.connections) {
      // A connection whose own presence is all that changed needs nothing back.
      if (ids.every((id) => this.presence.isOwnedBy(id, connection))) continue;
      connection.send(frame);
    }
  }

  /** Every few seconds: presence that was not renewed expires; updates that waited too long are dropped. */
  private sweep(): void {
    if (this.state !== 'ready') return;
    // Every process expires presence on its own clock; nothing to relay.
    this.presenceChanged(this.presence.expire(), false);
    for (const sender of this.intake?.expire() ?? []) {
      if (sender instanceof Connection && sender.isOpen)
        this.refuse(sender, 'resync', 'an update waited too long for what it depends on', CloseCode.ResyncNeeded);
    }
  }

  private onDocUpdate(update: Uint8Array, origin: unknown): void {
    if (this.stateCache) this.stateCache.current = false;
    if (origin === LOAD_ORIGIN) return;
    if (origin === FORWARD_ORIGIN) {
      this.writePath.forward(update);
      return;
    }
    this.storedBytes += update.byteLength;
    if (origin instanceof Connection) {
      // The link (role and token id) and the name its holder gives; never the token itself.
      const actor = origin.participantName ? `${origin.info.actor} ${origin.participantName}` : origin.info.actor;
      this.writePath.accept(update, origin, actor);
      return;
    }
    this.writePath.accept(update, null, origin instanceof ServerChange ? origin.actor : 'server');
  }

  /** Sends one encoded frame to every connection but `except`. */
  private broadcast(encoded: Uint8Array, except: unknown): number {
    // One Buffer view for every send (ws would otherwise wrap the bytes once per connection).
    const frame = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
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
    this.relayLink?.markSeen(seq);
    this.updatesSinceSnapshot++;
    if (this.updatesSinceSnapshot > this.deps.settings.compactAfterUpdates) void this.compact();
  }

  /** Applies whatever shared storage holds that this room has not seen (relay reconnected). */
  catchUp(): Promise<void> {
    return this.relayLink?.catchUp() ?? Promise.resolve();
  }

  /**
   * Writes a snapshot covering what storage holds, built and verified off the event loop
   * from storage itself (heavyTasks.compactTask); the log it covers stays as the record.
   */
  private compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    const counted = this.updatesSinceSnapshot;
    this.compacting = (async () => {
      try {
        const stored = await this.deps.storage.loadBoard(this.boardId);
        if (!stored) return;
        const entries = storedEntries(stored);
        const size = entries.reduce((sum, entry) => sum + entry.data.byteLength, 0);
        const result = await this.deps.heavy.run(
          'compact',
          { entries, kind: this.isControl ? 'control' : 'board' },
          size,
        );
        if (!result.ok) {
          this.deps.log.error(
            { board: this.boardId, reason: result.reason },
            'snapshot not written; the log holds everything',
          );
          return;
        }
        if (result.quarantined.length > 0) this.deps.events?.updatesQuarantined(result.quarantined.length);
        await this.deps.storage.writeSnapshot(this.boardId, result.snapshot, stored.lastSeq);
        this.updatesSinceSnapshot = Math.max(0, this.updatesSinceSnapshot - counted);
        this.deps.log.debug({ board: this.boardId, coversSeq: stored.lastSeq }, 'snapshot written');
      } catch (error) {
        this.deps.log.error(
          { board: this.boardId, err: (error as Error).message },
          'snapshot failed; the update log still holds everything',
        );
      } finally {
        this.compacting = null;
      }
      // Updates stored meanwhile may already deserve the next one.
      if (this.state === 'ready' && this.updatesSinceSnapshot > this.deps.settings.compactAfterUpdates)
        void this.compact();
    })();
    return this.compacting;
  }

  private remove(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    this.intake?.dropSender(connection);
    if (this.state === 'ready') {
      const removed = this.presence.removeConnection(connection);
      this.presenceChanged(removed, true);
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

  /**
   * The document failed inside Yjs (a defect no check caught): it may hold changes it can
   * no longer emit. Everything it did emit was stored, so it is dropped and everyone
   * reconnects to a copy loaded from storage; their clients resend what it lacks.
   */
  private reload(reason: string): void {
    if (this.state === 'closed') return;
    this.deps.log.error({ board: this.boardId, reason }, 'board document failed; reloading it from storage');
    this.deps.events?.messageRejected('document-reloaded');
    this.close(CloseCode.BoardReloading);
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
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.relayLink?.stop();
    this.doc.destroy();
    this.deps.onUnloaded(this);
    this.resolveUnloaded();
  }

  /** The roots of this room's document (board or control), for fingerprints and checks. */
  get roots() {
    return this.isControl ? CONTROL_ROOTS : BOARD_ROOTS;
  }
}

/** Whether an update would change the document: new structs, or deletions of items not yet deleted. */
function changesDocument(
  doc: Y.Doc,
  shape: { readonly provides: ReadonlyMap<number, readonly number[]>; readonly deletes: readonly number[] },
): boolean {
  for (const [client, ranges] of shape.provides) {
    if (ranges.length > 0 && ranges[ranges.length - 1]! > Y.getState(doc.store, client)) return true;
  }
  const deletes = shape.deletes;
  for (let i = 0; i < deletes.length; i += 3) {
    const client = deletes[i]!;
    const start = deletes[i + 1]!;
    const end = start + deletes[i + 2]!;
    if (end > Y.getState(doc.store, client)) return true;
    const structs = doc.store.clients.get(client);
    if (!structs) return true;
    for (let index = Y.findIndexSS(structs, start); index < structs.length; index++) {
      const struct = structs[index]!;
      if (struct.id.clock >= end) break;
      if (!struct.deleted) return true;
    }
  }
  return false;
}

function randomClientId(): number {
  return Math.floor(Math.random() * 0xffff_ffff);
}
