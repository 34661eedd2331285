import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/startWorker';
import type { SearchReply } from './sqliteSearch';

/**
 * Runs library searches on a read-only connection in a worker thread (WAL lets it read
 * while the main connection writes), so ranking thousands of matches never holds up live
 * calls. Started on the first search, stopped when idle; a search that cannot run there
 * (the thread failed to start or died) rejects, and the caller runs it inline.
 */
export class SqliteSearchThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (ids: string[]) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string,
    private readonly idleMs = 30_000,
  ) {}

  search(match: string, limit: number): Promise<string[]> {
    const worker = this.ensureWorker();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, match, limit });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(import.meta.url, 'sqliteSearchWorker', { workerData: { file: this.file } });
    worker.unref();
    worker.on('message', (reply: SearchReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.ids);
      else waiting?.reject(new Error(reply.error));
      if (this.pending.size === 0) this.scheduleStop();
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`search thread stopped (${code})`)));
    this.worker = worker;
    return worker;
  }

  private scheduleStop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.close(), this.idleMs);
    this.idleTimer.unref();
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.worker;
    this.worker = null;
    for (const waiting of this.pending.values()) waiting.reject(new Error('search thread closed'));
    this.pending.clear();
    await worker?.terminate();
  }
}
