import type { Worker } from 'node:worker_threads';
import { startWorker } from './startWorker';
import type { Logger } from '../logger';
import { HEAVY_TASKS, TASK_NEEDS, type HeavyTaskInput, type HeavyTaskName, type HeavyTaskOutput } from './heavyTasks';

/**
 * Runs work that grows with a board (snapshots, history, reports) off the event loop that
 * serves live calls. Small inputs run inline (a worker round trip would cost more than the
 * work); larger ones go to one worker thread, started on first use and stopped when idle,
 * so a quiet server pays nothing for it. A task that runs past its time limit takes its
 * worker with it; the next task starts a fresh one.
 */

export interface HeavyWorkOptions {
  readonly log: Logger;
  /** Inputs at most this large (bytes) run inline. */
  readonly inlineBelowBytes?: number;
  /** An idle worker is stopped after this long. */
  readonly idleMs?: number;
  readonly timeoutMs?: number;
}

interface Job {
  readonly id: number;
  readonly task: HeavyTaskName;
  readonly input: unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

export class HeavyWork {
  private worker: Worker | null = null;
  private readonly queue: Job[] = [];
  private running: { job: Job; timer: NodeJS.Timeout } | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private closed = false;
  private readonly inlineBelowBytes: number;
  private readonly idleMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: HeavyWorkOptions) {
    this.inlineBelowBytes = options.inlineBelowBytes ?? 128 * 1024;
    this.idleMs = options.idleMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  /** Runs `task`; `sizeBytes` (the input's size) decides whether it may run inline. */
  run<T extends HeavyTaskName>(task: T, input: HeavyTaskInput<T>, sizeBytes: number): Promise<HeavyTaskOutput<T>> {
    if (this.closed) return Promise.reject(new Error('heavy work stopped'));
    // Tasks that need a slow module (a report's language checker) always go to a worker:
    // this process never loads it.
    if (sizeBytes <= this.inlineBelowBytes && !TASK_NEEDS[task]) {
      try {
        return Promise.resolve((HEAVY_TASKS[task] as (input: HeavyTaskInput<T>) => HeavyTaskOutput<T>)(input));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        task,
        input,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || this.queue.length === 0 || this.closed) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const job = this.queue.shift()!;
    const worker = this.ensureWorker();
    const timer = setTimeout(
      () => this.fail(new Error(`${job.task} took longer than ${this.timeoutMs} ms`)),
      this.timeoutMs,
    );
    this.running = { job, timer };
    worker.postMessage({ id: job.id, task: job.task, input: job.input });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(import.meta.url, 'worker');
    worker.unref();
    worker.on('message', (message: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const running = this.running;
      if (!running || running.job.id !== message.id) return;
      clearTimeout(running.timer);
      this.running = null;
      if (message.ok) running.job.resolve(message.result);
      else running.job.reject(new Error(message.error ?? 'heavy task failed'));
      this.afterJob();
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      if (this.running) this.fail(new Error(`worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  /** The running job failed with its worker: reject it, drop the worker, carry on with the next. */
  private fail(error: Error): void {
    const running = this.running;
    this.running = null;
    if (running) {
      clearTimeout(running.timer);
      this.options.log.error({ task: running.job.task, err: error.message }, 'heavy task failed');
      running.job.reject(error);
    }
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    this.afterJob();
  }

  private afterJob(): void {
    if (this.queue.length > 0) {
      this.pump();
      return;
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      const worker = this.worker;
      this.worker = null;
      void worker?.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const job of this.queue.splice(0)) job.reject(new Error('heavy work stopped'));
    if (this.running) this.fail(new Error('heavy work stopped'));
    await this.worker?.terminate();
    this.worker = null;
  }
}
