import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/startWorker';
import type { SummaryStore } from './summaryStore';

/**
 * The main thread's side of the summary thread (summaryWorker.ts), which holds every
 * board's summary in a SummaryStore: each call is a message, each answer a small value (a
 * page of the library, insights with limited lists). If the thread dies, pending calls
 * fail, `onLost` is told (the library reloads from storage) and the next call starts a
 * new thread.
 */
export const SUMMARY_OPS = [
  'put',
  'setOrder',
  'boards',
  'list',
  'insights',
  'overview',
  'initiatives',
  'actionExists',
] as const;
export type SummaryOp = (typeof SUMMARY_OPS)[number];

type Method<K extends SummaryOp> = SummaryStore[K] extends (...args: infer A) => infer R ? (...args: A) => R : never;

export interface SummaryCall {
  readonly id: number;
  readonly op: SummaryOp;
  readonly args: readonly unknown[];
}

export type SummaryReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

export class SummaryThread {
  private worker: Worker | null = null;
  /** Fails what is pending and tells `onLost`, once per thread. */
  private lose: (error: Error) => void = () => undefined;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly onLost: (error: Error) => void) {}

  call<K extends SummaryOp>(op: K, ...args: Parameters<Method<K>>): Promise<ReturnType<Method<K>>> {
    if (this.closed) return Promise.reject(new Error('summary thread closed'));
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, op, args } satisfies SummaryCall);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(import.meta.url, 'summaryWorker');
    worker.unref();
    worker.on('message', (reply: SummaryReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiting?.resolve(reply.result);
      else waiting?.reject(new Error(reply.error));
    });
    const lost = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      if (!this.closed) this.onLost(error);
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`summary thread stopped (${code})`)));
    this.lose = lost;
    this.worker = worker;
    return worker;
  }

  /** Ends the thread (tests: as if it crashed, when `crash` is set). */
  async close(crash = false): Promise<void> {
    if (!crash) this.closed = true;
    await this.worker?.terminate();
    this.lose(new Error(crash ? 'summary thread crashed' : 'summary thread closed'));
  }
}
