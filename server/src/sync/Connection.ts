import { CloseCode, type Role, type Seat } from '@retrace/shared';
import type { WebSocket } from 'ws';
import type { Logger } from '../logger';
import { TokenBucket } from './TokenBucket';

export interface ConnectionInfo {
  readonly role: Role;
  /** Attribution stored with every update, "role:tokenId"; never the token itself. */
  readonly actor: string;
  /** sha256 of the token the connection authenticated with (so a rotation can close it). */
  readonly tokenHash: string;
  /** The client's address, for per-address connection limits. */
  readonly address: string;
  /** Who this connection is, as the server vouches for it (stamped on its presence). */
  readonly seat: Seat;
}

export interface ConnectionLimits {
  readonly messagesPerSecond: number;
  readonly bytesPerSecond: number;
  /** Largest single message; the byte budget always allows at least two of them. */
  readonly maxPayloadBytes: number;
  /** Bytes a socket may have queued for sending before it is dropped as too slow. */
  readonly maxBufferedBytes: number;
}

export interface CloseReason {
  readonly code: number;
  readonly reason: string;
}

/** Frames queued before the room has loaded; past this the client is misbehaving. */
const MAX_BACKLOG_FRAMES = 1_000;
/** A closing socket whose peer never completes the close handshake is cut off after this. */
const CLOSE_HANDSHAKE_MS = 2_000;
/** Full-state requests (sync step 1): a burst at connect, then one every few seconds. */
const STATE_REQUESTS_BURST = 4;
const STATE_REQUESTS_PER_SECOND = 0.2;

let nextConnectionId = 1;
/** Every message is binary and uncompressed: telling ws spares it the checks per send. */
const SEND_OPTIONS = { binary: true, compress: false, fin: true } as const;

/**
 * One client socket. Frames are buffered from the moment of the upgrade until a room
 * takes over, so nothing a client sends while its board loads is lost.
 *
 * The moment the server decides to close a connection (a rotated link, a refused update,
 * a limit) it stops reading it: nothing the client sends after that is processed, even
 * while the close handshake is still under way, and a peer that never answers the close
 * is cut off after two seconds.
 */
export class Connection {
  readonly id = nextConnectionId++;
  /** The display name this connection gives in its presence (attribution in the log). */
  participantName: string | null = null;
  /** Cleared by the heartbeat; set by any pong or message. */
  alive = true;
  private handler: ((frame: Uint8Array) => void) | null = null;
  private backlog: Uint8Array[] = [];
  private closeListeners: Array<(code: number) => void> = [];
  private closeCode = 1005;
  private closed = false;
  private closing = false;
  /** Bytes of large state frames sent lately: a client may take a while to read a big board. */
  private bulkAllowance = 0;
  private readonly messageBudget: TokenBucket;
  private readonly byteBudget: TokenBucket;
  private readonly stateRequests = new TokenBucket(STATE_REQUESTS_PER_SECOND, STATE_REQUESTS_BURST);

  constructor(
    readonly ws: WebSocket,
    readonly info: ConnectionInfo,
    private readonly log: Logger,
    private readonly limits: ConnectionLimits,
  ) {
    this.messageBudget = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond * 2);
    this.byteBudget = new TokenBucket(
      limits.bytesPerSecond,
      Math.max(limits.bytesPerSecond * 2, limits.maxPayloadBytes * 2),
    );
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('pong', () => (this.alive = true));
    ws.on('error', (error) => {
      this.log.debug({ conn: this.id, err: error.message }, 'socket error');
    });
    ws.on('close', (code) => {
      this.closed = true;
      this.closing = true;
      this.closeCode = code;
      this.handler = null;
      this.backlog = [];
      const listeners = this.closeListeners;
      this.closeListeners = [];
      for (const listener of listeners) listener(code);
    });
  }

  /** Open and not being closed: only such a connection is read from or written to. */
  get isOpen(): boolean {
    return !this.closing && this.ws.readyState === this.ws.OPEN;
  }

  onClose(listener: (code: number) => void): void {
    if (this.closed) listener(this.closeCode);
    else this.closeListeners.push(listener);
  }

  /** Routes frames (the backlog first) to `handler`. */
  attach(handler: (frame: Uint8Array) => void): void {
    this.handler = handler;
    const backlog = this.backlog;
    this.backlog = [];
    for (const frame of backlog) {
      if (!this.isOpen) return;
      handler(frame);
    }
  }

  /** May this connection be sent the board's full state now? (limits how often one client asks) */
  mayRequestState(): boolean {
    return this.stateRequests.take();
  }

  send(frame: Uint8Array): void {
    if (!this.isOpen) return;
    const buffered = this.ws.bufferedAmount;
    if (buffered <= this.bulkAllowance) this.bulkAllowance = 0; // the big frames have drained
    if (buffered > this.limits.maxBufferedBytes + this.bulkAllowance) {
      this.log.warn({ conn: this.id, buffered }, 'client not reading; closed');
      this.close(CloseCode.ClientTooSlow);
      return;
    }
    // No callback: a failed send surfaces as the socket's error and close events.
    this.ws.send(frame, SEND_OPTIONS);
  }

  /** Sends a board's state (large): it does not count against the slow-reader bound until read. */
  sendBulk(frame: Uint8Array): void {
    if (!this.isOpen) return;
    this.bulkAllowance = this.ws.bufferedAmount + frame.byteLength;
    this.send(frame);
  }

  /** Stops reading at once, then closes with `reason` (cut off if the peer does not answer). */
  close(reason: CloseReason): void {
    if (this.closing) return;
    this.closing = true;
    this.handler = null;
    this.backlog = [];
    try {
      this.ws.close(reason.code, reason.reason);
    } catch {
      this.ws.terminate();
      return;
    }
    const cutOff = setTimeout(() => {
      if (!this.closed) this.ws.terminate();
    }, CLOSE_HANDSHAKE_MS);
    cutOff.unref();
  }

  /** Drops the socket without a close handshake (a peer that stopped answering). */
  terminate(): void {
    this.closing = true;
    this.handler = null;
    this.ws.terminate();
  }

  private receive(data: unknown, isBinary: boolean): void {
    if (this.closing) return;
    this.alive = true;
    if (!isBinary || !Buffer.isBuffer(data)) {
      this.close(CloseCode.MalformedMessage);
      return;
    }
    if (!this.messageBudget.take() || !this.byteBudget.take(data.byteLength)) {
      this.log.warn({ conn: this.id, role: this.info.role }, 'connection over its message or byte rate, closed');
      this.close(CloseCode.RateLimited);
      return;
    }
    const frame = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (this.handler) {
      this.handler(frame);
      return;
    }
    if (this.backlog.length >= MAX_BACKLOG_FRAMES) {
      this.close(CloseCode.RateLimited);
      return;
    }
    this.backlog.push(frame);
  }
}
