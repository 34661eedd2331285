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
import { startRetrace } from './targets';

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
  readonly idle: LatencySummary;
  readonly busy: LatencySummary;
  /** Library requests answered while the busy load ran, and their median time. */
  readonly requests: number;
  readonly requestMedianMs: number;
  readonly delivered: number;
  readonly expected: number;
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
    const load: LoadSpec = { name: 'live board', rooms: 1, clientsPerRoom: 10, editsPerSecond: 2, durationMs };
    const idle = await runSyncLoad(target, load, 2);

    let stop = false;
    let requests = 0;
    const times: number[] = [];
    const admin = { authorization: `Bearer ${ADMIN}` };
    const manager = (async () => {
      const paths = [
        { path: '/api/insights', headers: admin },
        { path: '/api/library?q=factor%2012', headers: admin },
        {
          path: `/api/boards/${reportTarget!.id}/report.html`,
          headers: { authorization: `Bearer ${reportTarget!.token}` },
        },
      ];
      while (!stop) {
        const { path: url, headers } = paths[requests % paths.length]!;
        const started = performance.now();
        const response = await fetch(`${target.httpUrl}${url}`, { headers });
        await response.text();
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        times.push(performance.now() - started);
        requests++;
      }
    })();
    const busy = await runSyncLoad(target, load, 2);
    stop = true;
    await manager;
    return {
      boards,
      idle: idle.latency,
      busy: busy.latency,
      requests,
      requestMedianMs: median(times),
      delivered: busy.delivered,
      expected: busy.expected,
    };
  } finally {
    await target.stop();
  }
}
