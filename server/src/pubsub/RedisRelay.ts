import type { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger';
import type { BoardRelay, RelayedUpdate } from './BoardRelay';

/**
 * Redis pub/sub relay: one channel per board, binary messages
 *   [kind: 1 byte][sender: 8 bytes][seq: 8 bytes, float64 BE][payload]
 * A process ignores its own messages. Publishing while Redis is away fails fast (no offline
 * queue): the catch-up from storage covers what was not relayed.
 */
const KIND = { update: 0, awareness: 1, revoke: 2 } as const;
const KIND_NAMES = ['update', 'awareness', 'revoke'] as const;
const HEADER = 1 + 8 + 8;

export class RedisRelay implements BoardRelay {
  private readonly sender = randomBytes(8);
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<(message: RelayedUpdate) => void>>();
  private readonly reconnectListeners: Array<() => void> = [];
  private connectedOnce = false;

  /**
   * Connects to Redis. ioredis is loaded here, not at start-up: a server without REDIS_URL
   * never pays for it (about 10 MiB of resident memory).
   */
  static async connect(url: string, log: Logger): Promise<RedisRelay> {
    const { Redis: RedisClient } = await import('ioredis');
    return new RedisRelay(url, log, RedisClient);
  }

  private constructor(
    url: string,
    private readonly log: Logger,
    RedisClient: typeof Redis,
  ) {
    this.publisher = new RedisClient(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (n) => Math.min(n * 200, 2_000),
    });
    this.subscriber = new RedisClient(url, {
      maxRetriesPerRequest: null,
      retryStrategy: (n) => Math.min(n * 200, 2_000),
    });
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => this.log.warn({ err: error.message }, 'redis relay error'));
    }
    this.subscriber.on('ready', () => {
      if (this.connectedOnce) {
        this.log.warn('redis relay reconnected; catching up from storage');
        for (const listener of this.reconnectListeners) listener();
      }
      this.connectedOnce = true;
    });
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.receive(channel.toString(), message),
    );
  }

  private static channel(boardId: string): string {
    return `retrace:board:${boardId}`;
  }

  subscribe(boardId: string, onMessage: (message: RelayedUpdate) => void): () => void {
    const channel = RedisRelay.channel(boardId);
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      this.subscriber
        .subscribe(channel)
        .catch((error: Error) => this.log.warn({ err: error.message, board: boardId }, 'relay subscribe failed'));
    }
    set.add(onMessage);
    return () => {
      const current = this.handlers.get(channel);
      current?.delete(onMessage);
      if (current && current.size === 0) {
        this.handlers.delete(channel);
        this.subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  publish(boardId: string, message: RelayedUpdate): void {
    const frame = Buffer.alloc(HEADER + message.data.byteLength);
    frame.writeUInt8(KIND[message.kind], 0);
    this.sender.copy(frame, 1);
    frame.writeDoubleBE(message.seq, 9);
    frame.set(message.data, HEADER);
    this.publisher.publish(RedisRelay.channel(boardId), frame).catch(() => undefined); // storage catch-up covers it
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  private receive(channel: string, frame: Buffer): void {
    if (frame.byteLength < HEADER || frame.subarray(1, 9).equals(this.sender)) return;
    const kind = KIND_NAMES[frame.readUInt8(0)];
    if (!kind) return; // from a newer version: not ours to guess
    const message: RelayedUpdate = { kind, seq: frame.readDoubleBE(9), data: new Uint8Array(frame.subarray(HEADER)) };
    for (const handler of this.handlers.get(channel) ?? []) handler(message);
  }

  async close(): Promise<void> {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
