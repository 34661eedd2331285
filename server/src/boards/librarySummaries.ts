import {
  initiativeProgress,
  isControlRoom,
  type BoardStatus,
  type BoardSummary,
  type InitiativeProgress,
  type InitiativeRecord,
  ALL_TIME,
  type ScopedInsights,
  type TimeScope,
} from '@retrace/shared';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { BoardStorage } from '../storage/BoardStorage';
import type { HeavyWork } from '../workers/HeavyWork';
import { entriesSize, storedEntries } from './boardState';

/**
 * Summaries of every board for the library and insights, computed without stalling live
 * calls: each board is replayed in the worker (or inline when small, with a turn of the
 * event loop after each), and kept until the board changes (its stored sequence number
 * moves) or its status does. A board being edited right now is summarised again at most
 * every few seconds: the library may lag a live meeting by that much, and the meeting does
 * not pay for every library request. Searching and aggregating run in the worker, and
 * their answers are kept until a summary changes.
 */
export interface SummaryDeps {
  readonly storage: BoardStorage;
  readonly heavy: HeavyWork;
  readonly now: () => number;
}

/** A changed board's summary is refreshed at most this often. */
export const SUMMARY_REFRESH_MS = 10_000;
/** Insights count ages in days: an answer is recomputed after this long even if nothing changed. */
const INSIGHTS_FRESH_MS = 60_000;
/** A rough size of one summary, to choose between running inline and in the worker. */
const SUMMARY_BYTES = 2_000;
const LIBRARY_ANSWERS_KEPT = 32;

interface Cached {
  readonly lastSeq: number;
  readonly status: BoardStatus;
  readonly at: number;
  readonly summary: BoardSummary;
}

class SummaryCache {
  readonly boards = new Map<string, Cached>();
  /** Moves whenever a summary is added, replaced or dropped. */
  generation = 0;
  readonly insights = new Map<string, { generation: number; at: number; value: ScopedInsights }>();
  readonly library = new Map<string, { generation: number; value: BoardSummary[] }>();
}

const caches = new WeakMap<BoardStorage, SummaryCache>();

function cacheOf(storage: BoardStorage): SummaryCache {
  let cache = caches.get(storage);
  if (!cache) caches.set(storage, (cache = new SummaryCache()));
  return cache;
}

export async function summarizeAllBoards(deps: SummaryDeps): Promise<BoardSummary[]> {
  const cache = cacheOf(deps.storage);
  const listed = (await deps.storage.listBoards()).filter((board) => !isControlRoom(board.id));
  const summaries: BoardSummary[] = [];
  for (const { id, createdAt, status, lastSeq } of listed) {
    const cached = cache.boards.get(id);
    const fresh =
      cached && cached.status === status && (cached.lastSeq === lastSeq || deps.now() - cached.at < SUMMARY_REFRESH_MS);
    if (fresh) {
      summaries.push(cached.summary);
      continue;
    }
    const stored = await deps.storage.loadBoard(id);
    if (!stored) continue;
    const state = storedEntries(stored);
    const summary = await deps.heavy.run('summary', { state, id, status, createdAt }, entriesSize(state));
    cache.boards.set(id, { lastSeq: stored.lastSeq, status, at: deps.now(), summary });
    cache.generation++;
    summaries.push(summary);
    await yieldToLoop(); // live calls go first between boards
  }
  const present = new Set(listed.map((board) => board.id));
  for (const id of cache.boards.keys()) {
    if (present.has(id)) continue;
    cache.boards.delete(id);
    cache.generation++;
  }
  return summaries;
}

export async function libraryOf(
  deps: SummaryDeps,
  query: string,
  status: BoardStatus | 'all',
): Promise<{ boards: BoardSummary[]; total: number }> {
  const summaries = await summarizeAllBoards(deps);
  const cache = cacheOf(deps.storage);
  const key = `${status}\u0000${query}`;
  const kept = cache.library.get(key);
  if (kept?.generation === cache.generation) return { boards: kept.value, total: summaries.length };
  const generation = cache.generation;
  const found = await deps.heavy.run('library', { summaries, query, status }, summaries.length * SUMMARY_BYTES);
  // Card text is for searching, not for sending to the browser.
  const boards = found.map(({ searchText: _text, ...summary }) => summary);
  if (cache.library.size >= LIBRARY_ANSWERS_KEPT) cache.library.delete(cache.library.keys().next().value!);
  cache.library.set(key, { generation, value: boards });
  return { boards, total: summaries.length };
}

export async function insightsOf(deps: SummaryDeps, scope: TimeScope = ALL_TIME): Promise<ScopedInsights> {
  const summaries = await summarizeAllBoards(deps);
  const cache = cacheOf(deps.storage);
  const key = `${scope.from}:${scope.to}`;
  const kept = cache.insights.get(key);
  if (kept && kept.generation === cache.generation && deps.now() - kept.at < INSIGHTS_FRESH_MS) return kept.value;
  const generation = cache.generation;
  // Card text is for search only: the worker does not need a copy of it for insights.
  const lean = summaries.map(({ searchText: _text, ...summary }) => summary);
  const value = await deps.heavy.run(
    'insights',
    { summaries: lean, now: deps.now(), scope },
    lean.length * SUMMARY_BYTES,
  );
  if (cache.insights.size >= LIBRARY_ANSWERS_KEPT) cache.insights.delete(cache.insights.keys().next().value!);
  cache.insights.set(key, { generation, at: deps.now(), value });
  return value;
}

/** Initiatives with the actions they group as the boards say now, and their progress. */
export async function initiativesOf(
  deps: SummaryDeps,
  records: readonly InitiativeRecord[],
): Promise<InitiativeProgress[]> {
  return initiativeProgress(records, await summarizeAllBoards(deps));
}

/** Does the board have this action (initiatives accept only actions that exist)? */
export async function actionExists(deps: SummaryDeps, boardId: string, actionId: string): Promise<boolean> {
  const board = (await summarizeAllBoards(deps)).find((summary) => summary.id === boardId);
  return board?.actions.some((action) => action.id === actionId) ?? false;
}
