import type { Logger } from '../logger';
import type { BoardRelay, RelayMessage } from '../pubsub/BoardRelay';
import type { BoardStorage, UpdateRecord } from '../storage/BoardStorage';
import type { UpdateWriter } from '../storage/UpdateWriter';

/**
 * One room's link to the other server processes that share its board: updates they
 * relay, catch-up from shared storage for what the relay lost, and custody of updates
 * that were shown before they were stored.
 *
 * Catch-up: storage numbers each board's updates without gaps, in commit order. The room
 * remembers the highest sequence number up to which it has applied every update (the
 * watermark) and every `resyncMs` (and whenever the relay reconnects) reads what storage
 * holds beyond it. This runs even without a relay: processes that share a database but no
 * Redis still see each other's edits, a few seconds late.
 *
 * Custody: an update relayed with seq 0 was shown before its process could store it. This
 * process holds a copy and, unless a `stored` notice for it arrives within `holdMs`, stores
 * it itself (storage takes duplicates: updates are idempotent). So an edit that anyone saw
 * is stored, or held by a live process that will store it.
 */

export interface RelayLinkDeps {
  readonly boardId: string;
  readonly relay?: BoardRelay;
  readonly storage: BoardStorage;
  readonly writer: UpdateWriter;
  readonly log: Logger;
  readonly resyncMs: number;
  /** How long a copy of an update shown before it was stored waits for its stored notice. */
  readonly holdMs: number;
  /** Applies an update another process accepted (already stored, or held here). */
  readonly applyUpdate: (data: Uint8Array) => 'applied' | 'waiting' | 'refused';
  readonly onAwareness: (data: Uint8Array) => void;
  readonly onRevoke: (tokenHashes: ReadonlySet<string>) => void;
  /** After a catch-up: storage may say the board was published or reopened elsewhere. */
  readonly afterCatchUp?: () => Promise<void>;
}

const CATCH_UP_PAGE = 1_000;

export class RelayLink {
  /** Every update with seq <= watermark is in the document. */
  private watermark: number;
  private readonly seenAbove = new Set<number>();
  private readonly held = new Map<string, { record: UpdateRecord; timer: NodeJS.Timeout }>();
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private catchingUp = false;
  private stopped = false;

  constructor(
    private readonly deps: RelayLinkDeps,
    lastSeq: number,
  ) {
    this.watermark = lastSeq;
    if (deps.relay) this.unsubscribe = deps.relay.subscribe(deps.boardId, (message) => this.receive(message));
    this.timer = setInterval(() => void this.catchUp(), deps.resyncMs);
    this.timer.unref();
  }

  get appliedThrough(): number {
    return this.watermark;
  }

  /** Publishes an update this process accepted (seq 0 when not stored yet). */
  publishUpdate(message: Extract<RelayMessage, { kind: 'update' }>): void {
    this.deps.relay?.publish(this.deps.boardId, message);
  }

  publish(message: RelayMessage): void {
    this.deps.relay?.publish(this.deps.boardId, message);
  }

  /** An update of this board is stored (by any process): the watermark may advance. */
  markSeen(seq: number): void {
    if (seq <= this.watermark) return;
    this.seenAbove.add(seq);
    while (this.seenAbove.delete(this.watermark + 1)) this.watermark++;
  }

  private receive(message: RelayMessage): void {
    if (this.stopped) return;
    switch (message.kind) {
      case 'awareness':
        this.deps.onAwareness(message.data);
        return;
      case 'revoke':
        this.deps.onRevoke(new Set(message.tokenHashes));
        return;
      case 'stored':
        this.release(message.id);
        this.markSeen(message.seq);
        return;
      case 'update': {
        const result = this.deps.applyUpdate(message.data);
        if (message.seq > 0) {
          if (result === 'applied') this.markSeen(message.seq);
          return;
        }
        if (result !== 'refused') this.hold(message);
        return;
      }
    }
  }

  private hold(message: Extract<RelayMessage, { kind: 'update' }>): void {
    if (this.held.has(message.id)) return;
    const record: UpdateRecord = {
      boardId: this.deps.boardId,
      data: message.data,
      receivedAt: message.receivedAt,
      actor: message.actor,
    };
    const timer = setTimeout(() => this.storeHeld(message.id), this.deps.holdMs);
    timer.unref();
    this.held.set(message.id, { record, timer });
  }

  private release(id: string): void {
    const entry = this.held.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.held.delete(id);
  }

  /** Its process did not say it stored the update in time: store it from here. */
  private storeHeld(id: string): void {
    const entry = this.held.get(id);
    if (!entry) return;
    this.held.delete(id);
    this.deps.log.warn({ board: this.deps.boardId }, 'storing an update another process showed but did not store');
    void this.deps.writer.write(entry.record).then((result) => result.stored.then((seq) => this.markSeen(seq)));
  }

  /** Hands every held copy to the writer now (shutdown: this process is about to leave). */
  flushHeld(): void {
    for (const id of [...this.held.keys()]) this.storeHeld(id);
  }

  /** Applies whatever shared storage holds beyond the watermark (lost relay messages). */
  async catchUp(): Promise<void> {
    if (this.catchingUp || this.stopped) return;
    this.catchingUp = true;
    try {
      for (;;) {
        const missing = await this.deps.storage.readUpdateLog(this.deps.boardId, {
          afterSeq: this.watermark,
          limit: CATCH_UP_PAGE,
        });
        if (this.stopped || missing.length === 0) break;
        let progressed = false;
        for (const entry of missing) {
          const result = this.deps.applyUpdate(entry.data);
          if (result === 'waiting') break; // read again next time, once what it needs has arrived
          this.markSeen(entry.seq);
          progressed = true;
        }
        if (!progressed || missing.length < CATCH_UP_PAGE) break;
      }
      await this.deps.afterCatchUp?.();
    } catch (error) {
      this.deps.log.warn(
        { board: this.deps.boardId, err: (error as Error).message },
        'catch-up from storage failed; retrying',
      );
    } finally {
      this.catchingUp = false;
    }
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.flushHeld();
  }
}
