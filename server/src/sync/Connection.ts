import { CloseCode, type Role } from '@retrace/shared';
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
}

export interface ConnectionLimits {
  readonly messagesPerSecond: number;
  readonly bytesPerSecond: number;
  /** Largest single message; the byte budget always allows at least two of them. */
  readonly maxPayloadBytes: number;
}

export interface CloseReason {
  readonly code: number;
  readonly reason: string;
}

/** Frames queued before the room has loaded; past this the client is misbehaving. */
const MAX_BACKLOG_FRAMES = 1_000;
/** A client that cannot keep up is dropped (it resyncs on reconnect) rather than buffered forever. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

let nextConnectionId = 1;

/**
 * One client socket. Frames are buffered from the moment of the upgrade until a room
 * takes over, so nothing a client sends while its board loads is lost.
 */
export class Connection {
  readonly id = nextConnectionId++;
  readonly awarenessIds = new Set<number>();
  /** The display name this connection gives in its presence (attribution in the log). */
  participantName: string | null = null;
  private handler: ((frame: Uint8Array) => void) | null = null;
  private backlog: Uint8Array[] = [];
  private closeListeners: Array<(code: number) => void> = [];
  private closeCode = 1005;
  private closed = false;
  private readonly messageBudget: TokenBucket;
  private readonly byteBudget: TokenBucket;

  constructor(
    readonly ws: WebSocket,
    readonly info: ConnectionInfo,
    private readonly log: Logger,
    limits: ConnectionLimits,
  ) {
    this.messageBudget = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond * 2);
    this.byteBudget = new TokenBucket(
      limits.bytesPerSecond,
      Math.max(limits.bytesPerSecond * 2, limits.maxPayloadBytes * 2),
    );
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('error', (error) => {
      this.log.debug({ conn: this.id, err: error.message }, 'socket error');
    });
    ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
      const listeners = this.closeListeners;
      this.closeListeners = [];
      for (const listener of listeners) listener(code);
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === this.ws.OPEN;
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
      if (this.closed) return;
      handler(frame);
    }
  }

  send(frame: Uint8Array): void {
    if (!this.isOpen) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(CloseCode.ClientTooSlow);
      return;
    }
    this.ws.send(frame, (error) => {
      if (error) this.log.debug({ conn: this.id, err: error.message }, 'send failed');
    });
  }

  close(reason: CloseReason): void {
    if (this.closed) return;
    try {
      this.ws.close(reason.code, reason.reason);
    } catch {
      this.ws.terminate();
    }
  }

  private receive(data: unknown, isBinary: boolean): void {
    if (this.closed) return;
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
