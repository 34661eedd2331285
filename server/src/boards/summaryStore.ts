import {
  ALL_TIME,
  InsightsBuilder,
  initiativeProgress,
  isOpenAction,
  searchWords,
  type BoardStatus,
  type BoardSummary,
  type InitiativeProgress,
  type InitiativeRecord,
  type InsightsOptions,
  type LibrarySort,
  type ScopedInsights,
  type TimeScope,
} from '@retrace/shared';

/**
 * Every board's summary, held by the summary thread (summaryWorker.ts) so that sorting the
 * library and aggregating insights across thousands of boards never run on the event loop
 * that serves live calls. Plain data in, plain data out; answers are kept until a summary
 * or the board order changes.
 */

export interface ListRequest {
  /** Board ids a search found, best first; null without a search. */
  readonly found: readonly string[] | null;
  readonly status: BoardStatus | 'all';
  readonly sort: LibrarySort;
  readonly order: 'asc' | 'desc';
  readonly offset: number;
  readonly limit: number;
  /** What the list is kept under (the search words). */
  readonly key: string;
}

export interface ListAnswer {
  readonly boards: BoardSummary[];
  readonly total: number;
  readonly matched: number;
}

/** Insights for a period and the initiatives with their progress: what the insights page shows. */
export interface InsightsOverview {
  readonly insights: ScopedInsights;
  readonly initiatives: InitiativeProgress[];
}

/** Insights count ages in days: an answer is recomputed after this long even if nothing changed. */
const INSIGHTS_FRESH_MS = 60_000;
const ANSWERS_KEPT = 32;

const STATUS_ORDER: Record<BoardStatus, number> = { draft: 0, 'in-review': 1, published: 2 };
/** Sort keys that compare with < and >: a locale comparison per pair is too slow for ten thousand boards. */
const SORT_KEYS: Record<Exclude<LibrarySort, 'relevance'>, (summary: BoardSummary) => number | string> = {
  started: (s) => s.startedAt ?? s.createdAt,
  title: (s) => searchWords(s.title).join(' '),
  status: (s) => STATUS_ORDER[s.status],
  severity: (s) => (s.severity ? Number(s.severity.slice(3)) : 99),
  cards: (s) => s.cards,
  'open-actions': (s) => s.actions.filter((a) => isOpenAction(a.status)).length,
};

export class SummaryStore {
  private readonly summaries = new Map<string, BoardSummary>();
  /** Board ids newest first. */
  private order: readonly string[] = [];
  /** Moves whenever a summary or the order changes. */
  private generation = 0;
  private all: { generation: number; boards: BoardSummary[] } | null = null;
  private readonly lists = new Map<string, { generation: number; boards: BoardSummary[] }>();
  private readonly insightsKept = new Map<string, { generation: number; at: number; value: ScopedInsights }>();

  /** Adds or replaces summaries, given as objects or as the JSON storage keeps. */
  put(summaries: ReadonlyArray<BoardSummary | string>): void {
    for (const given of summaries) {
      const summary = typeof given === 'string' ? (JSON.parse(given) as BoardSummary) : given;
      this.summaries.set(summary.id, summary);
    }
    if (summaries.length > 0) this.generation++;
  }

  /** The boards that exist, newest first; summaries of any other board are dropped. */
  setOrder(order: readonly string[]): void {
    this.order = order;
    const present = new Set(order);
    for (const id of this.summaries.keys()) if (!present.has(id)) this.summaries.delete(id);
    this.generation++;
  }

  get size(): number {
    return this.summaries.size;
  }

  /** Every summary, newest board first. */
  boards(): BoardSummary[] {
    if (this.all?.generation !== this.generation) {
      const boards: BoardSummary[] = [];
      for (const id of this.order) {
        const summary = this.summaries.get(id);
        if (summary) boards.push(summary);
      }
      this.all = { generation: this.generation, boards };
    }
    return this.all.boards;
  }

  /** A page of the library: the boards a search found (or all), filtered by status, sorted. */
  list(request: ListRequest): ListAnswer {
    const all = this.boards();
    const sort = request.sort === 'relevance' && request.found === null ? 'started' : request.sort;
    const key = [request.key, request.status, sort, request.order].join('\u0000');
    let kept = this.lists.get(key);
    if (kept?.generation !== this.generation) {
      let found = all;
      if (request.found) {
        found = [];
        for (const id of request.found) {
          const summary = this.summaries.get(id);
          if (summary) found.push(summary);
        }
      }
      if (request.status !== 'all') found = found.filter((summary) => summary.status === request.status);
      if (sort !== 'relevance') found = sortedBy(found, SORT_KEYS[sort], request.order);
      else if (request.order === 'asc') found = [...found].reverse();
      kept = { generation: this.generation, boards: found };
      remember(this.lists, key, kept);
    }
    return {
      boards: kept.boards.slice(request.offset, request.offset + request.limit),
      total: all.length,
      matched: kept.boards.length,
    };
  }

  /** Insights over the incidents that started in `scope`, with metrics by severity and monthly trends. */
  insights(now: number, scope: TimeScope = ALL_TIME, options: InsightsOptions = {}): ScopedInsights {
    const key = `${scope.from}:${scope.to}:${options.listLimit ?? 'all'}`;
    const kept = this.insightsKept.get(key);
    if (kept && kept.generation === this.generation && now - kept.at < INSIGHTS_FRESH_MS) return kept.value;
    const builder = new InsightsBuilder(now, scope, options);
    for (const summary of this.boards()) builder.add(summary);
    const value = builder.finish();
    remember(this.insightsKept, key, { generation: this.generation, at: now, value });
    return value;
  }

  /** Insights and initiatives in one call (a second call would wait out the rest after the first). */
  overview(
    now: number,
    scope: TimeScope,
    options: InsightsOptions,
    initiatives: readonly InitiativeRecord[],
  ): InsightsOverview {
    return { insights: this.insights(now, scope, options), initiatives: this.initiatives(initiatives) };
  }

  /** Initiatives with the actions they group as the boards say now, and their progress. */
  initiatives(records: readonly InitiativeRecord[]): InitiativeProgress[] {
    const boards = new Set(records.flatMap((record) => record.actions.map((action) => action.boardId)));
    return initiativeProgress(
      records,
      [...boards].flatMap((id) => {
        const summary = this.summaries.get(id);
        return summary ? [summary] : [];
      }),
    );
  }

  actionExists(boardId: string, actionId: string): boolean {
    return this.summaries.get(boardId)?.actions.some((action) => action.id === actionId) ?? false;
  }
}

function remember<T>(answers: Map<string, T>, key: string, value: T): void {
  answers.delete(key);
  if (answers.size >= ANSWERS_KEPT) answers.delete(answers.keys().next().value!);
  answers.set(key, value);
}

/** Sorted by a key, ties in their current order (newest board first). */
function sortedBy(
  boards: readonly BoardSummary[],
  keyOf: (summary: BoardSummary) => number | string,
  order: 'asc' | 'desc',
): BoardSummary[] {
  const sign = order === 'asc' ? 1 : -1;
  return boards
    .map((summary, index) => ({ summary, index, key: keyOf(summary) }))
    .sort((a, b) => (a.key < b.key ? -sign : a.key > b.key ? sign : a.index - b.index))
    .map((item) => item.summary);
}
