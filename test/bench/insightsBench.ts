import {
  FACTOR_CATEGORIES,
  computeInsights,
  createAction,
  createCard,
  createFactor,
  createLane,
  initBoard,
  readBoard,
  summarizeBoard,
  type BoardSummary,
} from '@retrace/shared';
import * as Y from 'yjs';
import { startServer, tempDataDir } from '../helpers/serverProcess';
import type { LatencySummary } from './stats';
import { runSyncLoad, type LoadSpec } from './syncLoad';
import { SqliteBoardStorage } from '../../server/src/storage/SqliteBoardStorage';
import { memoryOf, startRetrace, type Target } from './targets';

const ADMIN = 'bench-admin-key-0123456789';

/** A board with 20 cards, 4 factors (drawn from a pool of 30, so they recur) and 3 actions. */
function syntheticBoard(i: number): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: `Incident ${i}`, startedAt: Date.UTC(2024, 0, 1) + i * 86_400_000 });
  const lane = createLane(doc, { name: `Person ${i % 7}`, kind: 'person' });
  const factors = Array.from({ length: 4 }, (_, f) =>
    createFactor(doc, {
      name: `Factor ${(i * 7 + f * 11) % 30}`,
      category: FACTOR_CATEGORIES[(i + f) % FACTOR_CATEGORIES.length]!.id,
    }),
  );
  for (let c = 0; c < 20; c++) createCard(doc, { text: `card ${c}`, laneId: lane, occurredAt: c * 60_000 });
  for (let a = 0; a < 3; a++)
    createAction(doc, { title: `Action ${a}`, owner: `Team ${(i + a) % 5}`, factorIds: [factors[a]!] });
  return doc;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/** Aggregation alone (in process) for `boards` boards. */
export function insightsInProcess(boards: number): { summarizeMs: number; aggregateMs: number } {
  const docs = Array.from({ length: boards }, (_, i) => syntheticBoard(i));
  let started = performance.now();
  const summaries: BoardSummary[] = docs.map((doc, i) => summarizeBoard(`b${i}`, 'published', i, readBoard(doc)));
  const summarizeMs = performance.now() - started;
  started = performance.now();
  computeInsights(summaries, Date.UTC(2025, 0, 1));
  return { summarizeMs, aggregateMs: performance.now() - started };
}

/** GET /api/insights on a real server holding `boards` boards: the first request, then the median of three more. */
export async function insightsOverHttp(boards: number): Promise<{ coldMs: number; warmMs: number }> {
  const data = tempDataDir('retrace-bench-insights-');
  const server = await startServer({
    dataDir: data.dir,
    env: { LOG_LEVEL: 'warn', RETRACE_ADMIN_KEY: ADMIN, RETRACE_API_REQUESTS_PER_MINUTE: '100000' },
  });
  try {
    for (let i = 0; i < boards; i++) {
      const exported = { format: 'retrace-board', schemaVersion: 1, board: readBoard(syntheticBoard(i)) };
      const response = await fetch(`${server.httpUrl}/api/boards/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(exported),
      });
      if (response.status !== 201) throw new Error(`import failed: ${response.status}`);
    }
    const times: number[] = [];
    for (let run = 0; run < 4; run++) {
      const started = performance.now();
      const response = await fetch(`${server.httpUrl}/api/insights`, { headers: { authorization: `Bearer ${ADMIN}` } });
      await response.json();
      times.push(performance.now() - started);
    }
    // The first request summarises every board; later ones reuse the summaries of boards that did not change.
    return { coldMs: times[0]!, warmMs: median(times.slice(1)) };
  } finally {
    await server.stop();
    data.remove();
  }
}

export interface LiveWhileLibraryWorks {
  readonly boards: number;
  /** Each field the median over the rounds. */
  readonly idle: LatencySummary;
  readonly busy: LatencySummary;
  /** p99 idle and with the library at work, round by round. */
  readonly rounds: ReadonlyArray<{ readonly idleP99: number; readonly busyP99: number }>;
  /** Library requests answered while the busy loads ran, and their median time. */
  readonly requests: number;
  readonly requestMedianMs: number;
  readonly delivered: number;
  readonly expected: number;
}

/** Rounds of idle then busy: one p99 of a 10-second run moves by tens of percent from run to run. */
const ROUNDS = 3;

function medianSummary(list: readonly LatencySummary[]): LatencySummary {
  const field = (key: keyof LatencySummary) => median(list.map((summary) => summary[key]));
  return {
    count: field('count'),
    p50: field('p50'),
    p95: field('p95'),
    p99: field('p99'),
    max: field('max'),
    mean: field('mean'),
  };
}

/**
 * Edit propagation on one live board (10 stock clients, 2 edits/s each) with `boards`
 * other boards stored: first idle, then while a manager's browser asks for insights,
 * searches the library and exports a report, one request after another, without pause.
 */
export async function liveWhileLibraryWorks(boards: number, durationMs: number): Promise<LiveWhileLibraryWorks> {
  const target = await startRetrace({ RETRACE_ADMIN_KEY: ADMIN, RETRACE_API_REQUESTS_PER_MINUTE: '1000000' });
  try {
    let reportTarget: { id: string; token: string } | null = null;
    for (let i = 0; i < boards; i++) {
      const exported = { format: 'retrace-board', schemaVersion: 1, board: readBoard(syntheticBoard(i)) };
      const response = await fetch(`${target.httpUrl}/api/boards/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(exported),
      });
      if (response.status !== 201) throw new Error(`import failed: ${response.status}`);
      const created = (await response.json()) as { id: string; tokens: { viewer: string } };
      reportTarget ??= { id: created.id, token: created.tokens.viewer };
    }
    return { boards, ...(await liveBesideLibrary(target, reportTarget!, durationMs)) };
  } finally {
    await target.stop();
  }
}

/** Idle, then with the library at work, ROUNDS times: see liveWhileLibraryWorks. */
async function liveBesideLibrary(
  target: Target & { httpUrl?: string },
  reportTarget: { id: string; token: string },
  durationMs: number,
): Promise<Omit<LiveWhileLibraryWorks, 'boards'>> {
  const load: LoadSpec = { name: 'live board', rooms: 1, clientsPerRoom: 10, editsPerSecond: 2, durationMs };
  const admin = { authorization: `Bearer ${ADMIN}` };
  const day = (n: number) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const idle: LatencySummary[] = [];
  const busy: LatencySummary[] = [];
  const times: number[] = [];
  let requests = 0;
  let delivered = 0;
  let expected = 0;
  for (let round = 0; round < ROUNDS; round++) {
    idle.push((await runSyncLoad(target, load, 2)).latency);
    let stop = false;
    const manager = (async () => {
      while (!stop) {
        // Each request new (nothing kept to answer from): insights for a period not asked
        // before, a search not made before, a report.
        const paths = [
          { path: `/api/insights?from=${day(requests)}&to=2099-12-31`, headers: admin },
          {
            path: `/api/library?q=${encodeURIComponent(`card ${requests % 20} factor ${requests % 30}`)}&offset=${requests % 100}`,
            headers: admin,
          },
          {
            path: `/api/boards/${reportTarget.id}/report.html`,
            headers: { authorization: `Bearer ${reportTarget.token}` },
          },
        ];
        const { path: url, headers } = paths[requests % paths.length]!;
        const started = performance.now();
        const response = await fetch(`${target.httpUrl}${url}`, { headers });
        await response.text();
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        times.push(performance.now() - started);
        requests++;
      }
    })();
    const result = await runSyncLoad(target, load, 2);
    stop = true;
    await manager;
    busy.push(result.latency);
    delivered += result.delivered;
    expected += result.expected;
  }
  return {
    idle: medianSummary(idle),
    busy: medianSummary(busy),
    rounds: idle.map((summary, i) => ({ idleP99: summary.p99, busyP99: busy[i]!.p99 })),
    requests,
    requestMedianMs: median(times),
    delivered,
    expected,
  };
}

/** Writes `count` synthetic boards straight into a SQLite data directory, as a database from before summaries were stored. */
async function seedBoards(dataDir: string, count: number): Promise<void> {
  const storage = new SqliteBoardStorage({ dataDir });
  try {
    for (let i = 0; i < count; i++) {
      const doc = syntheticBoard(i);
      await storage.createBoard({
        id: `scale${String(i).padStart(6, '0')}`,
        createdAt: Date.UTC(2024, 0, 1) + i * 3_600_000,
        actor: 'bench',
        initialUpdate: Y.encodeStateAsUpdate(doc),
        tokens: [],
      });
      doc.destroy();
    }
  } finally {
    await storage.close();
  }
}

export interface LibraryAtScale extends LiveWhileLibraryWorks {
  readonly seedMs: number;
  /** From the first request after the upgrade until it was answered: every board summarised and stored. */
  readonly backfillMs: number;
  /** After a restart: from the first request until answered (summaries read from storage). */
  readonly restartMs: number;
  /** Server time (Server-Timing), median of 7: insights for a period not asked before, the same again, a search, a sorted page. */
  readonly insightsMs: number;
  readonly insightsKeptMs: number;
  readonly searchMs: number;
  readonly pageMs: number;
  readonly rssMiB: number;
}

/**
 * The library at company scale: `count` boards written into a database from before
 * summaries were stored; the server summarises them all (the backfill), is restarted
 * (summaries read back), and then answers insights, searches and sorted pages while a
 * live board is measured beside it.
 */
export async function libraryAtScale(count: number, durationMs: number): Promise<LibraryAtScale> {
  const data = tempDataDir('retrace-bench-scale-');
  const env = { RETRACE_ADMIN_KEY: ADMIN, RETRACE_API_REQUESTS_PER_MINUTE: '1000000' };
  const admin = { headers: { authorization: `Bearer ${ADMIN}` } };
  try {
    const started = performance.now();
    await seedBoards(data.dir, count);
    const seedMs = performance.now() - started;
    const firstAnswer = async (target: Target & { httpUrl?: string }) => {
      const begun = performance.now();
      const response = await fetch(`${target.httpUrl}/api/insights`, admin);
      const body = (await response.json()) as { boards: number };
      if (body.boards !== count) throw new Error(`insights across ${body.boards} boards, not ${count}`);
      return performance.now() - begun;
    };
    let target = await startRetrace(env, [], data.dir);
    const backfillMs = await firstAnswer(target);
    await target.stop();
    target = await startRetrace(env, [], data.dir);
    try {
      const restartMs = await firstAnswer(target);
      const serverTime = async (url: string) => {
        const response = await fetch(`${target.httpUrl}${url}`, admin);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        return Number(/dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1] ?? NaN);
      };
      // A manager's requests, a moment apart (the library's threads rest after heavy work:
      // back to back, each request would also wait out the rest after the one before).
      const seven = async (url: (i: number) => string) => {
        const times: number[] = [];
        for (let i = 0; i < 7; i++) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          times.push(await serverTime(url(i)));
        }
        return median(times);
      };
      const insightsMs = await seven((i) => `/api/insights?from=2000-01-0${i + 1}&to=2099-12-31`);
      const insightsKeptMs = await seven(() => '/api/insights');
      const queries = ['factor 12', 'card 5', 'incident 77', 'team 3', 'person 4 factor', 'action 2', 'incident 9999'];
      const searchMs = await seven((i) => `/api/library?q=${encodeURIComponent(queries[i]!)}`);
      const pageMs = await seven((i) => `/api/library?sort=title&order=asc&offset=${i * 50}`);
      const link = (await (
        await fetch(`${target.httpUrl}/api/library/boards/scale000000/link`, { method: 'POST', ...admin })
      ).json()) as { token: string };
      const live = await liveBesideLibrary(target, { id: 'scale000000', token: link.token }, durationMs);
      return {
        boards: count,
        seedMs,
        backfillMs,
        restartMs,
        insightsMs,
        insightsKeptMs,
        searchMs,
        pageMs,
        rssMiB: memoryOf(target.pid).rssMiB,
        ...live,
      };
    } finally {
      await target.stop();
    }
  } finally {
    data.remove();
  }
}
