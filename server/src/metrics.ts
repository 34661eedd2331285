import { closeCodeName } from '@retrace/shared';
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
}

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

  return {
    registry,
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
