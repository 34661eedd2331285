import { readStages, type StageFigures } from './serverStages';
import { fmt, ratio, table } from './stats';
import { runSyncLoad, type LoadResult, type LoadSpec } from './syncLoad';
import { memoryOf, startHocuspocus, startReference, startRetrace, type Target } from './targets';

/**
 * Retrace beside its peers on the same harness: the y-websocket@2 server (in memory) and
 * Hocuspocus 4 with its SQLite extension (HocuspocusProvider clients). Each load runs
 * `repeat` times per server, interleaved on fresh processes; the run with the median p99 is
 * shown. Retrace stores every update before anyone else sees it; the reference stores
 * nothing; Hocuspocus stores the document 2 s after changes.
 */

export const PEER_LOADS = (scale: number): LoadSpec[] => [
  {
    name: '1 board × 30 clients, 2 edits/s',
    rooms: 1,
    clientsPerRoom: 30,
    editsPerSecond: 2,
    durationMs: 20_000 * scale,
  },
  {
    name: '1 board × 50 clients, 2 edits/s',
    rooms: 1,
    clientsPerRoom: 50,
    editsPerSecond: 2,
    durationMs: 10_000 * scale,
  },
  {
    name: '1 board × 100 clients, 2 edits/s',
    rooms: 1,
    clientsPerRoom: 100,
    editsPerSecond: 2,
    durationMs: 10_000 * scale,
  },
  {
    name: '50 boards × 10 clients, 1 edit/s',
    rooms: 50,
    clientsPerRoom: 10,
    editsPerSecond: 1,
    durationMs: 15_000 * scale,
  },
  {
    name: '100 boards × 10 clients, 1 edit/s',
    rooms: 100,
    clientsPerRoom: 10,
    editsPerSecond: 1,
    durationMs: 15_000 * scale,
  },
];

const SERVERS: ReadonlyArray<{ key: 'reference' | 'hocuspocus' | 'retrace'; start: () => Promise<Target> }> = [
  { key: 'reference', start: startReference },
  { key: 'hocuspocus', start: startHocuspocus },
  { key: 'retrace', start: () => startRetrace() },
];

export interface PeerRuns {
  readonly load: LoadSpec;
  readonly runs: Record<'reference' | 'hocuspocus' | 'retrace', LoadResult[]>;
  /** Retrace's write-path stages in each run. */
  readonly stages: StageFigures[];
}

function medianRun(runs: readonly LoadResult[]): LoadResult {
  const sorted = [...runs].sort((a, b) => a.latency.p99 - b.latency.p99);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export async function runPeers(load: LoadSpec, repeat: number): Promise<PeerRuns> {
  const workers = Math.min(4, Math.max(2, Math.ceil((load.rooms * load.clientsPerRoom) / 250)));
  const runs: PeerRuns['runs'] = { reference: [], hocuspocus: [], retrace: [] };
  const stages: StageFigures[] = [];
  for (let run = 0; run < repeat; run++) {
    for (const server of SERVERS) {
      const target = await server.start();
      try {
        runs[server.key].push(await runSyncLoad(target, load, workers));
        if (target.httpUrl) stages.push(await readStages(target.httpUrl));
      } finally {
        await target.stop();
      }
    }
  }
  return { load, runs, stages };
}

export function printPeers(result: PeerRuns): void {
  const ref = medianRun(result.runs.reference);
  const hp = medianRun(result.runs.hocuspocus);
  const us = medianRun(result.runs.retrace);
  const better = hp.latency.p99 < ref.latency.p99 ? hp : ref;
  console.log(
    `\n### ${result.load.name} (${result.load.durationMs / 1000} s, median of ${result.runs.retrace.length})\n`,
  );
  const row = (label: string, pick: (r: LoadResult) => number, digits = 1) => [
    label,
    fmt(pick(ref), digits),
    fmt(pick(hp), digits),
    fmt(pick(us), digits),
    ratio(pick(us), pick(ref)),
  ];
  console.log(
    table(
      ['metric', 'y-websocket (memory)', 'Hocuspocus + SQLite', 'Retrace (durable)', 'Retrace / y-websocket'],
      [
        row('propagation p50 (ms)', (r) => r.latency.p50, 2),
        row('propagation p95 (ms)', (r) => r.latency.p95, 2),
        row('propagation p99 (ms)', (r) => r.latency.p99, 2),
        row('propagation max (ms)', (r) => r.latency.max),
        row('connection set-up p50 (ms)', (r) => r.setup.p50),
        row('server peak RSS (MiB)', (r) => r.peakRssMiB),
        ['delivered / expected', ...[ref, hp, us].map((r) => `${r.delivered}/${r.expected}`), ''],
        [
          'p99 of each run (ms)',
          ...[result.runs.reference, result.runs.hocuspocus, result.runs.retrace].map((runs) =>
            runs.map((r) => fmt(r.latency.p99)).join(' '),
          ),
          '',
        ],
      ],
    ),
  );
  const lost = result.runs.retrace.reduce((sum, r) => sum + (r.expected - r.delivered), 0);
  console.log(
    `\ntargets: p99 at or below the better peer (${better === hp ? 'Hocuspocus' : 'y-websocket'}): ` +
      `${us.latency.p99 <= better.latency.p99 ? 'yes' : 'NO'} (${ratio(us.latency.p99, better.latency.p99)}); ` +
      `p50 within 1.2× y-websocket: ${us.latency.p50 <= 1.2 * ref.latency.p50 ? 'yes' : 'NO'} ` +
      `(${ratio(us.latency.p50, ref.latency.p50)}); RSS within 1.5×: ${us.peakRssMiB <= 1.5 * ref.peakRssMiB ? 'yes' : 'NO'}; ` +
      `nothing lost: ${lost === 0 ? 'yes' : `NO (${lost})`}`,
  );
  const stages = result.stages[result.runs.retrace.indexOf(us)];
  if (stages) {
    const names = ['decode', 'admit', 'store', 'broadcast'];
    console.log(
      '\nRetrace, where an update’s time goes (that run): ' +
        names
          .filter((name) => stages.stages[name])
          .map(
            (name) =>
              `${name} mean ${fmt(stages.stages[name]!.meanMs, 3)} ms (p99 ≤ ${fmt(stages.stages[name]!.p99Ms, 2)})`,
          )
          .join(', ') +
        `; ${fmt(stages.commits.count, 0)} commits, mean ${fmt(stages.commits.meanMs, 3)} ms, ` +
        `${fmt(stages.commits.updatesPerCommit, 2)} updates each` +
        `; event-loop delay p50 ${fmt(stages.loopDelayMs.p50, 2)}, p99 ${fmt(stages.loopDelayMs.p99, 2)}, max ${fmt(stages.loopDelayMs.max, 1)} ms; ` +
        `GC ${Object.entries(stages.gcMs)
          .map(([kind, ms]) => `${kind} ${fmt(ms, 0)} ms`)
          .join(', ')}`,
    );
  }
}

/** One summary line per load, for the README. */
export function peersSummary(results: readonly PeerRuns[]): string {
  return table(
    ['load', 'p50 y-ws / HP / Retrace (ms)', 'p99 y-ws / HP / Retrace (ms)', 'peak RSS (MiB)', 'lost'],
    results.map((result) => {
      const [ref, hp, us] = [result.runs.reference, result.runs.hocuspocus, result.runs.retrace].map(medianRun) as [
        LoadResult,
        LoadResult,
        LoadResult,
      ];
      const lost = [ref, hp, us].map((r) => r.expected - r.delivered).join(' / ');
      return [
        result.load.name,
        `${fmt(ref.latency.p50, 2)} / ${fmt(hp.latency.p50, 2)} / ${fmt(us.latency.p50, 2)}`,
        `${fmt(ref.latency.p99, 1)} / ${fmt(hp.latency.p99, 1)} / ${fmt(us.latency.p99, 1)}`,
        `${fmt(ref.peakRssMiB, 0)} / ${fmt(hp.peakRssMiB, 0)} / ${fmt(us.peakRssMiB, 0)}`,
        lost,
      ];
    }),
  );
}

/** 1,000 idle clients held on one Retrace process (100 boards × 10): connect time and memory. */
export async function holdConnections(
  holdMs: number,
): Promise<{ setupP50: number; setupP99: number; failed: number; rssMiB: number; peakMiB: number }> {
  const target = await startRetrace();
  try {
    // One edit per client over the whole hold: the connections sit idle, renewing presence every 15 s.
    const load: LoadSpec = {
      name: '1,000 connections',
      rooms: 100,
      clientsPerRoom: 10,
      editsPerSecond: 1000 / holdMs,
      durationMs: holdMs,
    };
    const result = await runSyncLoad(target, load, 4);
    const memory = memoryOf(target.pid);
    return {
      setupP50: result.setup.p50,
      setupP99: result.setup.p99,
      failed: result.failedConnections,
      rssMiB: memory.rssMiB,
      peakMiB: memory.peakMiB,
    };
  } finally {
    await target.stop();
  }
}
