import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ClientSpec, FromWorker, ToWorker } from './protocol';
import { summarize, type LatencySummary } from './stats';
import { memoryOf, type Target } from './targets';

export interface LoadSpec {
  readonly name: string;
  readonly rooms: number;
  readonly clientsPerRoom: number;
  readonly editsPerSecond: number;
  readonly durationMs: number;
}

export interface LoadResult {
  readonly load: LoadSpec;
  readonly target: string;
  readonly latency: LatencySummary;
  readonly setup: LatencySummary;
  readonly sent: number;
  readonly delivered: number;
  readonly expected: number;
  readonly roomsConverged: number;
  readonly failedConnections: number;
  readonly peakRssMiB: number;
  readonly throughput: number;
}

const WORKER = path.join(import.meta.dirname, 'loadWorker.ts');
const DRAIN_MS = 3_000;

class Worker {
  private readonly waiters = new Map<string, (message: FromWorker) => void>();
  readonly proc: ChildProcess;

  constructor() {
    this.proc = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.proc.on('message', (message: FromWorker) => {
      const waiter = this.waiters.get(message.type);
      this.waiters.delete(message.type);
      waiter?.(message);
    });
  }

  request<T extends FromWorker['type']>(
    message: ToWorker,
    reply: T,
    timeoutMs: number,
  ): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not answer ${message.type} in time`)), timeoutMs);
      this.waiters.set(reply, (answer) => {
        clearTimeout(timer);
        resolve(answer as Extract<FromWorker, { type: T }>);
      });
      this.proc.send(message);
    });
  }

  exit(): void {
    if (this.proc.connected) this.proc.send({ type: 'exit' } satisfies ToWorker);
    setTimeout(() => this.proc.kill('SIGKILL'), 2_000).unref();
  }
}

/**
 * Runs one load against one target: R rooms × C clients spread round-robin over worker
 * processes, every client writing at the given rate; then drains and checks convergence.
 */
export async function runSyncLoad(target: Target, load: LoadSpec, workerCount: number): Promise<LoadResult> {
  const rooms = await target.rooms(load.rooms, load.clientsPerRoom);
  const shares: ClientSpec[][] = Array.from({ length: workerCount }, () => []);
  rooms.flat().forEach((spec, i) => shares[i % workerCount]!.push(spec));
  const workers = shares.map(() => new Worker());
  try {
    const connected = await Promise.all(
      workers.map((worker, i) =>
        worker.request({ type: 'connect', wsUrl: target.wsUrl, clients: shares[i]! }, 'connected', 90_000),
      ),
    );
    const startAt = performance.timeOrigin + performance.now() + 500;
    await Promise.all(
      workers.map((worker) =>
        worker.request(
          { type: 'run', startAt, durationMs: load.durationMs, editsPerSecond: load.editsPerSecond },
          'ran',
          load.durationMs + 30_000,
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
    const reports = await Promise.all(workers.map((worker) => worker.request({ type: 'report' }, 'report', 30_000)));

    const latencies = reports.flatMap((report) => report.latencies);
    const sent = reports.reduce((sum, report) => sum + report.sent, 0);
    const delivered = reports.reduce((sum, report) => sum + report.received, 0);
    const fingerprints = new Map<string, Set<string>>();
    for (const state of reports.flatMap((report) => report.states)) {
      if (!fingerprints.has(state.room)) fingerprints.set(state.room, new Set());
      fingerprints.get(state.room)!.add(state.fingerprint);
    }
    return {
      load,
      target: target.name,
      latency: summarize(latencies),
      setup: summarize(connected.flatMap((c) => c.setupMs)),
      sent,
      delivered,
      expected: sent * (load.clientsPerRoom - 1),
      roomsConverged: [...fingerprints.values()].filter((set) => set.size === 1).length,
      failedConnections: connected.reduce((sum, c) => sum + c.failed, 0),
      peakRssMiB: memoryOf(target.pid).peakMiB,
      throughput: delivered / (load.durationMs / 1000),
    };
  } finally {
    for (const worker of workers) worker.exit();
  }
}
