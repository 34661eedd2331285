import type { BoardStorage, UpdateRecord } from './BoardStorage';

/**
 * Persists received updates before they are broadcast, batching every update that arrives
 * in one event-loop turn into one storage transaction (one fsync instead of one per edit).
 *
 * A failed write is never dropped: the batch stays queued, in order, and is retried with
 * backoff until storage takes it. The meeting must not wait for a slow or absent database
 * either: `write` resolves once the update is stored or, at the latest, after
 * `visibleAfterMs` (at once while storage is failing) with `durable: false`. The room then
 * broadcasts it: the edit is held here (and by every process it is relayed to) until it
 * is stored, and `stored` resolves with its sequence number when that happens.
 * Resolutions keep the order of the writes.
 */

export interface WriteResult {
  readonly durable: boolean;
  /** Sequence number when durable. */
  readonly seq?: number;
  /** Resolves with the sequence number once stored (never rejects; may take long). */
  readonly stored: Promise<number>;
}

export interface UpdateWriterEvents {
  onFailure?(error: unknown, pending: number): void;
  onRecovered?(): void;
  /** Called for every record once it is stored, with its sequence number. */
  onStored?(record: UpdateRecord, seq: number): void;
  /** Called after each stored batch with how long the transaction took. */
  onBatch?(seconds: number, updates: number): void;
}

export interface UpdateWriterOptions extends UpdateWriterEvents {
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** Longest an update waits for storage before it is shown to others anyway (still queued). */
  readonly visibleAfterMs?: number;
}

interface Pending {
  readonly record: UpdateRecord;
  /** Resolves the write's first answer; cleared once given. */
  answer: ((result: WriteResult) => void) | null;
  readonly storedResolve: (seq: number) => void;
  readonly stored: Promise<number>;
  /** performance.now() when written: its answer is due `visibleAfterMs` later at the latest. */
  readonly queuedAt: number;
}

export class UpdateWriter {
  private queue: Pending[] = [];
  private inFlight: readonly Pending[] = [];
  private scheduled = false;
  private writing = false;
  private failing = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay: number;
  private idleWaiters: Array<() => void> = [];
  private deadlineTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly storage: BoardStorage,
    private readonly options: UpdateWriterOptions = {},
  ) {
    this.retryDelay = options.retryDelayMs ?? 100;
  }

  get healthy(): boolean {
    return !this.failing;
  }

  get pendingCount(): number {
    return this.queue.length;
  }

  /** Updates of a board not yet stored (queued or being written). */
  pendingFor(boardId: string): number {
    let count = 0;
    for (const entry of this.inFlight) if (entry.record.boardId === boardId) count++;
    for (const entry of this.queue) if (entry.record.boardId === boardId) count++;
    return count;
  }

  write(record: UpdateRecord): Promise<WriteResult> {
    return new Promise((resolve) => {
      let storedResolve!: (seq: number) => void;
      const stored = new Promise<number>((done) => (storedResolve = done));
      const entry: Pending = { record, answer: resolve, storedResolve, stored, queuedAt: performance.now() };
      this.queue.push(entry);
      if (this.failing) {
        this.answerEarly(entry);
        return;
      }
      if (this.options.visibleAfterMs !== undefined && !this.deadlineTimer)
        this.armDeadline(this.options.visibleAfterMs);
      this.schedule();
    });
  }

  /** Not stored yet: the caller may show it to others; it stays queued until stored. */
  private answerEarly(entry: Pending): void {
    const answer = entry.answer;
    entry.answer = null;
    answer?.({ durable: false, stored: entry.stored });
  }

  /**
   * One timer for all unanswered writes (not one per write: on a busy board that is
   * thousands of timers a second, almost all cleared within a millisecond).
   */
  private armDeadline(ms: number): void {
    this.deadlineTimer = setTimeout(() => this.onDeadline(), ms);
    this.deadlineTimer.unref();
  }

  private onDeadline(): void {
    this.deadlineTimer = null;
    const wait = this.options.visibleAfterMs ?? 0;
    const now = performance.now();
    let nextDue = Number.POSITIVE_INFINITY;
    for (const entry of [...this.inFlight, ...this.queue]) {
      if (!entry.answer) continue;
      if (entry.queuedAt + wait <= now) this.answerEarly(entry);
      else nextDue = Math.min(nextDue, entry.queuedAt + wait);
    }
    if (Number.isFinite(nextDue)) this.armDeadline(Math.max(1, nextDue - now));
  }

  /** Resolves once nothing is queued (everything stored). Never rejects; may wait long. */
  whenIdle(): Promise<void> {
    if (this.queue.length === 0 && !this.writing) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Tries to store everything now (shutdown): resolves true when the queue is empty. */
  async flushNow(): Promise<boolean> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    while (this.writing) await new Promise((resolve) => setImmediate(resolve));
    await this.writeBatch();
    return this.queue.length === 0;
  }

  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.deadlineTimer) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = null;
  }

  private schedule(): void {
    if (this.scheduled || this.writing || this.retryTimer) return;
    this.scheduled = true;
    // After this event-loop turn's I/O callbacks: every update received in the same turn
    // goes into one transaction (one fsync). A write thread was measured and was slower here.
    setImmediate(() => {
      this.scheduled = false;
      void this.writeBatch();
    });
  }

  private async writeBatch(): Promise<void> {
    if (this.writing || this.queue.length === 0) {
      this.notifyIdle();
      return;
    }
    this.writing = true;
    const batch = this.queue;
    this.queue = [];
    this.inFlight = batch;
    const started = performance.now();
    try {
      const seqs = await this.storage.appendUpdates(batch.map((entry) => entry.record));
      this.options.onBatch?.((performance.now() - started) / 1000, batch.length);
      this.writing = false;
      this.inFlight = [];
      if (this.failing) {
        this.failing = false;
        this.retryDelay = this.options.retryDelayMs ?? 100;
        this.options.onRecovered?.();
      }
      batch.forEach((entry, i) => {
        const seq = seqs[i]!;
        this.options.onStored?.(entry.record, seq);
        const answer = entry.answer;
        entry.answer = null;
        answer?.({ durable: true, seq, stored: entry.stored });
        entry.storedResolve(seq);
      });
    } catch (error) {
      this.writing = false;
      this.inFlight = [];
      // Put the batch back in front of anything that arrived meanwhile, in order.
      this.queue = [...batch, ...this.queue];
      this.failing = true;
      for (const entry of this.queue) this.answerEarly(entry);
      this.options.onFailure?.(error, this.queue.length);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.writeBatch();
      }, this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, this.options.maxRetryDelayMs ?? 5_000);
      return;
    }
    if (this.queue.length > 0) this.schedule();
    else {
      if (this.deadlineTimer) clearTimeout(this.deadlineTimer); // nothing left to answer
      this.deadlineTimer = null;
      this.notifyIdle();
    }
  }

  private notifyIdle(): void {
    if (this.queue.length > 0 || this.writing) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
