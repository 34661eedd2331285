import {
  ALL_TIME,
  isControlRoom,
  queryWords,
  searchDocument,
  type BoardStatus,
  type BoardSummary,
  type InitiativeProgress,
  type InitiativeRecord,
  type InsightsOptions,
  type LibraryPage,
  type LibrarySort,
  type TimeScope,
} from '@retrace/shared';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Logger } from '../logger';
import type { BoardListing, BoardStorage } from '../storage/BoardStorage';
import type { HeavyWork } from '../workers/HeavyWork';
import { entriesSize, storedEntries } from './boardState';
import { SummaryThread } from './SummaryThread';
import type { InsightsOverview } from './summaryStore';

/**
 * Every board's summary for the library and insights, kept in storage beside the board
 * (SQLite and PostgreSQL alike) and in the summary thread (SummaryThread), so that no
 * request replays boards, and sorting or aggregating thousands of them never runs on the
 * event loop that serves live calls:
 *
 * - At start the stored summaries are read a page at a time into the thread, then every
 *   board whose summary is missing or behind its stored sequence number is summarised
 *   again (after the migration that added summaries, that is every board: the backfill).
 * - As boards change (the writer tells us), they are summarised again in the background; a
 *   board being edited right now at most every SUMMARY_REFRESH_MS, so the library may lag a
 *   live meeting by that much, and the meeting does not pay for every library request.
 * - Boards this process creates or changes the status of are listed at once
 *   (`boardsChanged`). On shared storage, requests also compare the board list with the
 *   summaries at most every LISTING_FRESH_MS (another process may have changed a board).
 *   Then they search the stored full-text index and ask the thread for a page or insights.
 */
export interface LibraryDeps {
  readonly storage: BoardStorage;
  readonly heavy: HeavyWork;
  readonly now: () => number;
  readonly log?: Logger;
}

/**
 * A changed board's summary is refreshed at most this often: what a meeting typed a moment
 * ago is found within this long, and a library in constant use costs each live board one
 * summary (in the worker, at low priority) per period.
 */
export const SUMMARY_REFRESH_MS = 3_000;
/**
 * On shared storage (PostgreSQL) the board list is read again at most this often, for what
 * other processes changed (a list of ten thousand boards takes milliseconds to read).
 */
export const LISTING_FRESH_MS = 1_000;
/** Changed boards are summarised in the background this long after their first change. */
const BACKGROUND_REFRESH_MS = 30_000;
/** Summaries read from storage at a time. */
const PAGE = 500;
/** Incidents per factor and open actions per owner in the insights the page shows; exports list all. */
export const INSIGHTS_LIST_LIMIT = 25;

export interface LibraryQuery {
  readonly query: string;
  readonly status: BoardStatus | 'all';
  /** Relevance applies to a search; without one it means `started`. */
  readonly sort: LibrarySort;
  readonly order: 'asc' | 'desc';
  readonly offset: number;
  readonly limit: number;
}

/** What this process knows of a board's summary without holding it. */
interface Known {
  /** The sequence number summarised. */
  readonly seq: number;
  readonly status: BoardStatus;
  /** When it was summarised by this process (0: read from storage). */
  readonly at: number;
}

export class LibraryIndex {
  private readonly known = new Map<string, Known>();
  /** Board ids newest first, as of the last comparison with storage. */
  private order: string[] = [];
  private thread: SummaryThread | null = null;
  private loaded: Promise<void> | null = null;
  private refreshing: Promise<void> | null = null;
  private listedAt = -Infinity;
  /** The last board list read from storage, by id. */
  private listing = new Map<string, BoardListing>();
  /** Boards this process stored changes of since their summary. */
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: LibraryDeps) {}

  /** Reads the stored summaries and brings every missing or stale one up to date, in the background. */
  start(): void {
    const started = this.deps.now();
    this.ready().then(
      () => this.deps.log?.info({ boards: this.known.size, ms: this.deps.now() - started }, 'library summaries ready'),
      (error: Error) => this.deps.log?.warn({ err: error.message }, 'library summaries not ready; retried on use'),
    );
  }

  /** A board's stored state changed: its summary is refreshed in the background. */
  noteChanged(boardId: string): void {
    if (this.stopped || isControlRoom(boardId)) return;
    this.dirty.add(boardId);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh().catch((error: Error) => this.deps.log?.warn({ err: error.message }, 'library summaries behind'));
    }, BACKGROUND_REFRESH_MS);
    this.timer.unref();
  }

  /** A board was created, imported or had its status changed: the next request reads the board list again. */
  boardsChanged(): void {
    this.listedAt = -Infinity;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.thread?.close();
  }

  private store(): SummaryThread {
    this.thread ??= new SummaryThread((error) => {
      // Everything it held is gone: read it back from storage on the next request.
      this.deps.log?.warn({ err: error.message }, 'summary thread lost; reloading summaries');
      this.thread = null;
      this.loaded = null;
      this.known.clear();
      this.order = [];
      this.listedAt = -Infinity;
      this.listing.clear();
    });
    return this.thread;
  }

  /** Loaded, and compared with storage within LISTING_FRESH_MS. */
  async ready(): Promise<void> {
    this.loaded ??= this.load().catch((error: Error) => {
      this.loaded = null;
      throw error;
    });
    await this.loaded;
    await this.refresh();
  }

  /** Every board's summary, newest board first, each at most SUMMARY_REFRESH_MS behind. */
  async current(): Promise<BoardSummary[]> {
    await this.ready();
    return this.store().call('boards');
  }

  private async load(): Promise<void> {
    let afterId: string | undefined;
    for (;;) {
      const page = await this.deps.storage.listSummaries({ ...(afterId ? { afterId } : {}), limit: PAGE });
      const fresh = page.filter((stored) => !this.known.has(stored.boardId));
      for (const stored of fresh)
        this.known.set(stored.boardId, { seq: stored.coversSeq, status: stored.status, at: 0 });
      // The thread parses them: ten thousand summaries are tens of megabytes of JSON.
      await this.store().call(
        'put',
        fresh.map((stored) => stored.body),
      );
      if (page.length < PAGE) return;
      afterId = page[page.length - 1]!.boardId;
    }
  }

  /** One comparison with storage at a time; callers that arrive meanwhile wait for it. */
  private refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    // Shared storage (PostgreSQL): other processes change boards too, so the list is read
    // again every LISTING_FRESH_MS. Otherwise every change goes through this process, which
    // was told (noteChanged, boardsChanged): the list is read only after a board was
    // created or changed status, and changed boards are summarised again by id.
    const listAgain = this.deps.storage.shared
      ? this.deps.now() - this.listedAt >= LISTING_FRESH_MS
      : this.listedAt === -Infinity;
    if (!listAgain && this.dirty.size === 0) return Promise.resolve();
    this.refreshing = (listAgain ? this.compareWithStorage() : this.summarizeChanged()).finally(
      () => (this.refreshing = null),
    );
    return this.refreshing;
  }

  /** Summarises the boards noted as changed whose summary is older than SUMMARY_REFRESH_MS. */
  private async summarizeChanged(): Promise<void> {
    for (const id of [...this.dirty]) {
      const listed = this.listing.get(id);
      const known = this.known.get(id);
      if (!listed) this.dirty.delete(id); // not listed yet: a new board is listed when the list is read
      if (!listed || (known && this.deps.now() - known.at < SUMMARY_REFRESH_MS)) continue;
      this.dirty.delete(id);
      await this.summarizeOrWarn(listed);
    }
  }

  private async summarizeOrWarn(board: BoardListing): Promise<void> {
    try {
      await this.summarize(board);
    } catch (error) {
      // One board that cannot be read must not hide the others: it keeps its last summary.
      this.deps.log?.warn({ board: board.id, err: (error as Error).message }, 'board not summarised');
    }
    await yieldToLoop(); // live calls go first between boards
  }

  private async compareWithStorage(): Promise<void> {
    this.listedAt = this.deps.now();
    const listed = (await this.deps.storage.listBoards()).filter((board) => !isControlRoom(board.id));
    const order = listed.map((board) => board.id);
    if (order.length !== this.order.length || order.some((id, i) => id !== this.order[i])) {
      this.order = order;
      await this.store().call('setOrder', order);
    }
    this.listing = new Map(listed.map((board) => [board.id, board]));
    for (const board of listed) {
      const known = this.known.get(board.id);
      if (known && known.status === board.status && known.seq === board.lastSeq) {
        this.dirty.delete(board.id);
        continue;
      }
      // A board being edited right now waits (still noted as changed).
      if (known && known.status === board.status && this.deps.now() - known.at < SUMMARY_REFRESH_MS) continue;
      this.dirty.delete(board.id);
      await this.summarizeOrWarn(board);
    }
    for (const id of this.known.keys()) if (!this.listing.has(id)) this.known.delete(id);
  }

  private async summarize({ id, createdAt, status }: BoardListing): Promise<void> {
    const stored = await this.deps.storage.loadBoard(id);
    if (!stored) return;
    const state = storedEntries(stored);
    const full = await this.deps.heavy.run('summary', { state, id, status, createdAt }, entriesSize(state));
    // Card text is for the search index, not for memory or for the browser.
    const { searchText: _text, ...summary } = full;
    await this.deps.storage.saveSummary(
      { boardId: id, coversSeq: stored.lastSeq, status, body: JSON.stringify(summary) },
      searchDocument(full),
      this.deps.now(),
    );
    await this.store().call('put', [summary]);
    this.known.set(id, { seq: stored.lastSeq, status, at: this.deps.now() });
  }

  /** A page of the library: searched (every word a prefix), filtered by status, sorted. */
  async library(request: LibraryQuery): Promise<LibraryPage> {
    await this.ready();
    const words = queryWords(request.query);
    const found = words.length > 0 ? await this.deps.storage.searchBoards(words, Math.max(1, this.known.size)) : null;
    const answer = await this.store().call('list', {
      found,
      key: words.join(' '),
      status: request.status,
      sort: request.sort,
      order: request.order,
      offset: request.offset,
      limit: request.limit,
    });
    return { ...answer, offset: request.offset, limit: request.limit };
  }

  /**
   * Insights over the incidents that started in `scope`. The page's answer lists
   * INSIGHTS_LIST_LIMIT incidents per factor (counts whole); exports ask for every one.
   */
  async scopedInsights(
    scope: TimeScope = ALL_TIME,
    options: InsightsOptions = {},
    initiatives: readonly InitiativeRecord[] = [],
  ): Promise<InsightsOverview> {
    await this.ready();
    return this.store().call('overview', this.deps.now(), scope, options, initiatives);
  }

  /** Initiatives with the actions they group as the boards say now, and their progress. */
  async initiatives(records: readonly InitiativeRecord[]): Promise<InitiativeProgress[]> {
    await this.ready();
    return this.store().call('initiatives', records);
  }

  /** Does the board have this action (initiatives accept only actions that exist)? */
  async actionExists(boardId: string, actionId: string): Promise<boolean> {
    await this.ready();
    return this.store().call('actionExists', boardId, actionId);
  }
}
