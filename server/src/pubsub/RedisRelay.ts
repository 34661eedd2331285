import type { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger';
import type { BoardRelay, RelayMessage } from './BoardRelay';
import { SENDER_BYTES, decodeRelayFrame, encodeRelayFrame } from './relayFrames';

/**
 * Redis pub/sub relay: one channel per board, binary frames (relayFrames.ts). A process
 * ignores its own messages. Publishing while Redis is away fails fast (no offline queue):
 * the catch-up from storage covers what was not relayed.
 */
export class RedisRelay implements BoardRelay {
  private readonly sender = randomBytes(SENDER_BYTES);
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<(message: RelayMessage) => void>>();
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

  subscribe(boardId: string, onMessage: (message: RelayMessage) => void): () => void {
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

  publish(boardId: string, message: RelayMessage): void {
    const frame = encodeRelayFrame(this.sender, message);
    this.publisher.publish(RedisRelay.channel(boardId), frame).catch(() => undefined); // storage catch-up covers it
  }

  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  private receive(channel: string, frame: Buffer): void {
    const decoded = decodeRelayFrame(frame);
    if (!decoded || decoded.sender.equals(this.sender)) return;
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(decoded.message);
      } catch (error) {
        this.log.warn({ err: (error as Error).message }, 'relay message handler failed');
      }
    }
  }

  async close(): Promise<void> {
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
