import { closeCodeName } from '@retrace/shared';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one server process, served at /metrics. */
export interface Metrics {
  readonly registry: Registry;
  connectionOpened(): void;
  connectionClosed(code: number): void;
  updateReceived(bytes: number): void;
  updateBroadcast(recipients: number): void;
  storageWrite(seconds: number, updates: number): void;
  storageWriteFailed(): void;
  messageRejected(reason: string): void;
  updatesQuarantined(count: number): void;
  /** Time one update spent in a stage of the write path (see WritePath.ts). */
  updateStage(stage: UpdateStage, seconds: number): void;
}

/**
 * Stages of an update's way through the server: `decode` the frame, `admit` (check and
 * apply to the document), `store` (from the writer taking it to storage answering),
 * `broadcast` (encode once, send to every other connection).
 */
export type UpdateStage = 'decode' | 'admit' | 'store' | 'broadcast';

export function createMetrics(openBoards: () => number, pendingWrites: () => number): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'retrace_process_' });
  const connections = new Gauge({ name: 'retrace_connections', help: 'Open sync connections', registers: [registry] });
  new Gauge({
    name: 'retrace_boards_open',
    help: 'Boards loaded in memory',
    registers: [registry],
    collect() {
      this.set(openBoards());
    },
  });
  new Gauge({
    name: 'retrace_storage_pending_updates',
    help: 'Updates accepted but not yet stored',
    registers: [registry],
    collect() {
      this.set(pendingWrites());
    },
  });
  const received = new Counter({
    name: 'retrace_updates_received_total',
    help: 'Document updates accepted from clients',
    registers: [registry],
  });
  const receivedBytes = new Counter({
    name: 'retrace_updates_received_bytes_total',
    help: 'Bytes of accepted updates',
    registers: [registry],
  });
  const broadcast = new Counter({
    name: 'retrace_updates_broadcast_total',
    help: 'Update messages sent to clients',
    registers: [registry],
  });
  const writeSeconds = new Histogram({
    name: 'retrace_storage_write_seconds',
    help: 'Time to store one batch of updates (one transaction)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const written = new Counter({
    name: 'retrace_storage_updates_written_total',
    help: 'Updates stored',
    registers: [registry],
  });
  const writeErrors = new Counter({
    name: 'retrace_storage_write_errors_total',
    help: 'Failed storage writes (retried)',
    registers: [registry],
  });
  const closes = new Counter({
    name: 'retrace_connection_closes_total',
    help: 'Closed connections by close code',
    labelNames: ['code', 'name'],
    registers: [registry],
  });
  const quarantined = new Counter({
    name: 'retrace_updates_quarantined_total',
    help: 'Stored updates skipped on load because they cannot be read (they stay in the log)',
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'retrace_messages_rejected_total',
    help: 'Client messages refused',
    labelNames: ['reason'],
    registers: [registry],
  });

  const stages = new Histogram({
    name: 'retrace_update_stage_seconds',
    help: 'Time an update spent in each stage of the write path',
    labelNames: ['stage'],
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    registers: [registry],
  });
  // How late the event loop runs a timer set every 10 ms (it queues behind other work),
  // since the last scrape. The histogram holds whole intervals: the 10 ms are taken off.
  const LOOP_SAMPLE_MS = 10;
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  loopDelay.enable();
  const late = (ns: number) => Math.max(0, ns / 1e9 - LOOP_SAMPLE_MS / 1000);
  new Gauge({
    name: 'retrace_event_loop_delay_seconds',
    help: 'Event-loop delay since the previous scrape',
    labelNames: ['quantile'],
    registers: [registry],
    collect() {
      this.set({ quantile: '0.5' }, late(loopDelay.percentile(50)));
      this.set({ quantile: '0.99' }, late(loopDelay.percentile(99)));
      this.set({ quantile: '1' }, late(loopDelay.max));
      loopDelay.reset();
    },
  });
  const gcSeconds = new Counter({
    name: 'retrace_gc_seconds_total',
    help: 'Time spent in garbage collection',
    labelNames: ['kind'],
    registers: [registry],
  });
  const gcKinds: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      gcSeconds.inc({ kind: gcKinds[kind] ?? 'other' }, entry.duration / 1000);
    }
  }).observe({ entryTypes: ['gc'] });

  return {
    registry,
    updateStage: (stage, seconds) => stages.observe({ stage }, seconds),
    connectionOpened: () => connections.inc(),
    connectionClosed: (code) => {
      connections.dec();
      closes.inc({ code: String(code), name: closeCodeName(code) ?? 'standard' });
    },
    updateReceived: (bytes) => {
      received.inc();
      receivedBytes.inc(bytes);
    },
    updateBroadcast: (recipients) => broadcast.inc(recipients),
    storageWrite: (seconds, updates) => {
      writeSeconds.observe(seconds);
      written.inc(updates);
    },
    storageWriteFailed: () => writeErrors.inc(),
    messageRejected: (reason) => rejected.inc({ reason }),
    updatesQuarantined: (count) => quarantined.inc(count),
  };
}
