import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/serverProcess';
import { fmt, ratio, table } from './stats';
import { measureBoardInBrowser } from './browserBench';
import {
  insightsInProcess,
  insightsOverHttp,
  libraryAtScale,
  liveWhileLibraryWorks,
  type LiveWhileLibraryWorks,
} from './insightsBench';
import { measureLanguage } from './languageBench';
import { measureReport, reportReady } from './reportBench';
import { bytesPerEdit, coldLoad, memoryPerIdleBoard } from './storageBench';
import { runSyncLoad, type LoadSpec } from './syncLoad';
import { startPostgres } from '../../server/src/testing/postgresServer';
import { startRedis } from '../helpers/redisServer';
import { startReference, startRetrace, startRetraceCluster, type Target } from './targets';
import { PEER_LOADS, holdConnections, peersSummary, printPeers, runPeers, type PeerRuns } from './peersBench';

/**
 * `pnpm bench`: Retrace against its peers (the y-websocket@2 server, Hocuspocus 4 with SQLite),
 * same machine, same run.
 *   --quick         loads half as long, one repetition
 *   --repeat=N      repetitions of each load per server, interleaved (default 3)
 *   --only=a,b      run only these sections: sync, connections, storage, browser, report,
 *                   scaleout, insights, language
 * Each load runs the servers in turn (A B C A B C …) on fresh processes; the table shows the
 * run with the median p99, and every run's p99 is listed.
 */

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice(7)
  .split(',');
const enabled = (section: string) => !only || only.includes(section);
const durationMs = quick ? 5_000 : 15_000;
const repeat = Number(args.find((arg) => arg.startsWith('--repeat='))?.slice(9) ?? (quick ? 1 : 3));

const results: Record<string, unknown> = {
  machine: { cores: (await import('node:os')).cpus().length, node: process.version },
  quick,
};

/** A table row comparing a larger run (b) with a reference run (a) of the same script. */
function comparisonRow(label: string, a: number, b: number, digits = 1): string[] {
  return [label, fmt(a, digits), fmt(b, digits), ratio(b, a)];
}

/** Propagation on a live board, idle and with the library at work, and whether p99 stayed within 2×. */
function liveBesideLibraryTable(live: LiveWhileLibraryWorks): string {
  return (
    table(
      ['propagation (ms)', 'idle', 'library at work', 'ratio'],
      [
        comparisonRow('p50', live.idle.p50, live.busy.p50),
        comparisonRow('p99', live.idle.p99, live.busy.p99),
        comparisonRow('max', live.idle.max, live.busy.max),
      ],
    ) +
    `\n\nMedian of ${live.rounds.length} rounds of idle then busy; p99 round by round: ` +
    live.rounds.map((r) => `${fmt(r.idleP99)} → ${fmt(r.busyP99)} ms (${ratio(r.busyP99, r.idleP99)})`).join(', ') +
    `.\n${live.requests} library requests answered meanwhile (median ${fmt(live.requestMedianMs)} ms); ` +
    `${live.delivered} of ${live.expected} edits delivered; target: p99 within 2× idle: ` +
    (live.busy.p99 <= 2 * live.idle.p99 ? 'yes' : 'NO')
  );
}

async function withTarget<T>(start: () => Promise<Target>, use: (target: Target) => Promise<T>): Promise<T> {
  const target = await start();
  try {
    return await use(target);
  } finally {
    await target.stop();
  }
}

const started = Date.now();
console.log(
  `Retrace benchmarks — ${new Date().toISOString()}, ${results.machine && (results.machine as { cores: number }).cores} cores, Node ${process.version}${quick ? ', quick mode' : ''}`,
);

if (enabled('sync')) {
  console.log('\n## Sync propagation: Retrace beside y-websocket (in memory) and Hocuspocus (SQLite)');
  const peerResults: PeerRuns[] = [];
  for (const load of PEER_LOADS(quick ? 0.5 : 1)) {
    const result = await runPeers(load, repeat);
    printPeers(result);
    peerResults.push(result);
  }
  console.log('\n### Summary (median runs)\n');
  console.log(peersSummary(peerResults));
  results['sync'] = peerResults;
}

if (enabled('connections')) {
  console.log('\n## 1,000 connections held on one process (100 boards × 10, idle, presence every 15 s)');
  const held = await holdConnections(quick ? 20_000 : 35_000);
  console.log(
    `\nconnect (to first sync) p50 ${fmt(held.setupP50)} ms, p99 ${fmt(held.setupP99)} ms; ` +
      `failed ${held.failed}; server peak RSS ${fmt(held.peakMiB, 0)} MiB`,
  );
  results['connections'] = held;
}

if (enabled('storage')) {
  console.log('\n## Storage');
  const cold = await coldLoad(5_000, quick ? 1 : 3);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const bytes = await bytesPerEdit(quick ? 200 : 500);
  const idleRef = await memoryPerIdleBoard(startReference, quick ? 100 : 200);
  const idleOurs = await memoryPerIdleBoard(() => startRetrace(), quick ? 100 : 200);
  console.log(
    '\n' +
      table(
        ['metric', 'value', 'note'],
        [
          [
            'cold load, 5,000 cards, storage → first sync (ms, median)',
            fmt(median(cold.coldMs)),
            `after a restart; ${cold.coldMs.map((v) => fmt(v, 0)).join(', ')}`,
          ],
          [
            'same board already open (ms, median)',
            fmt(median(cold.warmMs)),
            `ratio cold/warm ${ratio(median(cold.coldMs), median(cold.warmMs))}`,
          ],
          [
            'bytes written per edit (write(2), WAL incl.)',
            fmt(bytes.writtenBytesPerEdit, 0),
            `${bytes.edits} single edits`,
          ],
          ['stored update payload per edit (bytes)', fmt(bytes.storedPayloadBytesPerEdit, 0), 'the Yjs update itself'],
          ['memory per idle open board, reference (KiB)', fmt(idleRef, 0), 'one idle client each'],
          ['memory per idle open board, Retrace (KiB)', fmt(idleOurs, 0), `ratio ${ratio(idleOurs, idleRef)}`],
        ],
      ),
  );
  results['storage'] = { cold, bytes, idleBoardKiB: { reference: idleRef, retrace: idleOurs } };
}

if (enabled('browser')) {
  console.log('\n## The board in Chromium (headless, Debian package)');
  const small = await measureBoardInBrowser(50, 5);
  const large = await measureBoardInBrowser(1_000, 20);
  console.log(
    '\n' +
      table(
        ['metric', '50 cards, 5 lanes', '1,000 cards, 20 lanes', 'ratio'],
        [
          comparisonRow('navigation → interactive, median (ms)', small.interactiveMs, large.interactiveMs),
          comparisonRow('  of which: script running (ms)', small.loadBreakdown.scriptMs, large.loadBreakdown.scriptMs),
          comparisonRow('  board session started (ms)', small.loadBreakdown.sessionMs, large.loadBreakdown.sessionMs),
          comparisonRow('  link checked (ms)', small.loadBreakdown.linkCheckedMs, large.loadBreakdown.linkCheckedMs),
          comparisonRow('  socket open (ms)', small.loadBreakdown.socketOpenMs, large.loadBreakdown.socketOpenMs),
          comparisonRow('  board synced (ms)', small.loadBreakdown.syncedMs, large.loadBreakdown.syncedMs),
          comparisonRow('frame time while dragging, mean (ms)', small.dragFrames.mean, large.dragFrames.mean),
          comparisonRow('frame time while dragging, p95 (ms)', small.dragFrames.p95, large.dragFrames.p95),
          comparisonRow('frame time while dragging, max (ms)', small.dragFrames.max, large.dragFrames.max),
          comparisonRow('first frame of a drag (ms)', small.firstFrameMs, large.firstFrameMs),
          comparisonRow(
            'frame time while a teammate edits, p99 (ms)',
            small.othersEditingFrames.p99,
            large.othersEditingFrames.p99,
          ),
          comparisonRow(
            'frame time while a teammate edits, max (ms)',
            small.othersEditingFrames.max,
            large.othersEditingFrames.max,
          ),
          ['frames sampled', String(small.dragFrames.count), String(large.dragFrames.count), ''],
        ],
      ),
  );
  const runs = (result: typeof small) => result.interactiveRuns.map((ms) => ms.toFixed(0)).join(', ');
  console.log(`navigation → interactive, every load (ms): 50 cards ${runs(small)}; 1,000 cards ${runs(large)}`);
  results['browser'] = { small, large };
}

if (enabled('report')) {
  console.log('\n## Report generation (server side, in process)');
  await reportReady;
  measureReport(200, 2); // warm-up
  const small = measureReport(500);
  const large = measureReport(5_000);
  console.log(
    '\n' +
      table(
        ['step (ms, median of 5)', '500 cards', '5,000 cards', 'ratio'],
        [
          comparisonRow(
            'report.md of an open board: room state to Markdown',
            small.serverMarkdownMs,
            large.serverMarkdownMs,
          ),
          comparisonRow('report.html of an open board: room state to HTML', small.serverHtmlMs, large.serverHtmlMs),
          comparisonRow(
            'report.md of a closed board (stored snapshot inspected)',
            small.storedMarkdownMs,
            large.storedMarkdownMs,
          ),
          comparisonRow('  of which the report model', small.modelMs, large.modelMs),
          comparisonRow('  of which Markdown text', small.markdownMs, large.markdownMs),
          comparisonRow('  of which HTML text', small.htmlMs, large.htmlMs),
          comparisonRow('report.json', small.jsonMs, large.jsonMs),
          comparisonRow('report.changes.md (record of changes)', small.changesMs, large.changesMs),
          comparisonRow('Markdown size (KiB)', small.markdownKiB, large.markdownKiB),
          comparisonRow('HTML size (KiB)', small.htmlKiB, large.htmlKiB),
        ],
      ),
  );
  console.log(
    `\nTarget: 5,000 cards in at most 200 ms per format. Markdown ${large.serverMarkdownMs.toFixed(0)} ms, HTML ${large.serverHtmlMs.toFixed(0)} ms: ` +
      (Math.max(large.serverMarkdownMs, large.serverHtmlMs) <= 200 ? 'met.' : 'NOT met.'),
  );
  results['report'] = { small, large };
}

if (enabled('language')) {
  console.log(
    '\n## Blameless-language assistant (held-out part of the corpus; rules were tuned on the development part only)',
  );
  const figures = measureLanguage();
  const h = figures.heldout;
  console.log(
    `\nheld-out: ${h.sentences} sentences, precision ${h.precision.toFixed(3)}, recall ${h.recall.toFixed(3)}, F1 ${h.f1.toFixed(3)} ` +
      `(${h.falseHints} false hints, ${h.missed} missed); development part: precision ${figures.dev.precision.toFixed(3)}, recall ${figures.dev.recall.toFixed(3)}\n`,
  );
  console.log(
    table(
      ['kind (held-out)', 'should hint', 'sentences', 'hinted'],
      h.byKind.map((k) => [k.kind, k.label === 'ok' ? 'no' : 'yes', String(k.total), String(k.hinted)]),
    ),
  );
  console.log(
    `\nper sentence: ${figures.msPerSentence.toFixed(3)} ms on average, ${figures.msPerTaggedSentence.toFixed(3)} ms for sentences that go through the tagger; ` +
      `a 100,000-character note: ${figures.longNoteFirstMs.toFixed(0)} ms the first time, ${figures.longNoteAfterEditMs.toFixed(1)} ms after one sentence changed.`,
  );
  results['language'] = figures;
}

if (enabled('scaleout')) {
  console.log('\n## One process vs two behind the Redis relay (PostgreSQL storage)');
  const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  try {
    const load: LoadSpec = {
      name: '50 rooms × 10 clients, 1 edit/s',
      rooms: 50,
      clientsPerRoom: 10,
      editsPerSecond: 1,
      durationMs,
    };
    const one = await withTarget(
      () => startRetraceCluster(1, postgres.url, redis.url),
      (target) => runSyncLoad(target, load, 2),
    );
    const two = await withTarget(
      () => startRetraceCluster(2, postgres.url, redis.url),
      (target) => runSyncLoad(target, load, 2),
    );
    console.log(`\n### ${load.name} (${durationMs / 1000} s); the two processes split every room's clients\n`);
    console.log(
      table(
        ['metric', '1 process', '2 processes', 'ratio'],
        [
          comparisonRow('propagation p50 (ms)', one.latency.p50, two.latency.p50, 2),
          comparisonRow('propagation p99 (ms)', one.latency.p99, two.latency.p99, 2),
          comparisonRow('deliveries per second', one.throughput, two.throughput, 0),
          ['delivered / expected', `${one.delivered}/${one.expected}`, `${two.delivered}/${two.expected}`, ''],
          ['rooms converged', `${one.roomsConverged}/${load.rooms}`, `${two.roomsConverged}/${load.rooms}`, ''],
        ],
      ),
    );
    results['scaleout'] = { one, two };
  } finally {
    await redis.stop();
    await postgres.stop();
  }
}

if (enabled('insights')) {
  console.log('\n## Insights across boards');
  const small = insightsInProcess(50);
  const large = insightsInProcess(500);
  const httpSmall = await insightsOverHttp(50);
  const httpLarge = await insightsOverHttp(500);
  console.log(
    '\n' +
      table(
        ['step (ms)', '50 boards', '500 boards', 'ratio'],
        [
          comparisonRow('board summaries (in process)', small.summarizeMs, large.summarizeMs),
          comparisonRow('aggregation (in process)', small.aggregateMs, large.aggregateMs),
          comparisonRow(
            'GET /api/insights, first request (summarises every board)',
            httpSmall.coldMs,
            httpLarge.coldMs,
          ),
          comparisonRow('GET /api/insights, again (median of 3; boards unchanged)', httpSmall.warmMs, httpLarge.warmMs),
        ],
      ),
  );
  const live = await liveWhileLibraryWorks(300, quick ? 5_000 : 10_000);
  console.log(
    `\nLive board (1 × 10 clients, 2 edits/s, 10 s runs) beside ${live.boards} stored boards, idle vs while insights, ` +
      'library search and an HTML report are asked for one after another:\n\n' +
      liveBesideLibraryTable(live),
  );
  const scaleBoards = quick ? 2_000 : 10_000;
  const scale = await libraryAtScale(scaleBoards, quick ? 5_000 : 10_000);
  console.log(
    `\nThe library at ${scaleBoards.toLocaleString('en')} boards (written in ${fmt(scale.seedMs / 1000)} s into a database ` +
      'from before summaries were stored), server time from Server-Timing, median of 7 requests 250 ms apart:\n\n' +
      table(
        ['step', 'ms'],
        [
          ['first answer after the upgrade (every board summarised and stored)', fmt(scale.backfillMs)],
          ['first answer after a restart (summaries read back)', fmt(scale.restartMs)],
          ['GET /api/insights, a period not asked before', fmt(scale.insightsMs)],
          ['GET /api/insights, asked before, nothing changed', fmt(scale.insightsKeptMs)],
          ['GET /api/library?q=… (full-text search, a new query each time)', fmt(scale.searchMs)],
          ['GET /api/library, sorted by title, a page of 50', fmt(scale.pageMs)],
        ],
      ) +
      `\n\nTarget: insights across ${scaleBoards.toLocaleString('en')} boards in ≤ 100 ms: ` +
      (scale.insightsMs <= 100 ? 'yes' : 'NO') +
      `; RSS ${fmt(scale.rssMiB)} MiB.\n\nLive board beside them, idle vs while insights (a new period each time), ` +
      'searches and an HTML report are asked for one after another:\n\n' +
      liveBesideLibraryTable(scale),
  );
  results['insights'] = { small, large, httpSmall, httpLarge, live, scale };
}

const artifacts = path.join(REPO_ROOT, 'test/artifacts');
mkdirSync(artifacts, { recursive: true });
const file = path.join(artifacts, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(
  `\nfinished in ${((Date.now() - started) / 1000).toFixed(0)} s; raw results: ${path.relative(REPO_ROOT, file)}`,
);
process.exit(0);
