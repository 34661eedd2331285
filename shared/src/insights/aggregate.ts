import { categoryLabel } from '../report/actionsExport';
import { SEVERITIES, type Severity } from '../schema/types';
import {
  factorKey,
  mostCommonSpelling,
  personKey,
  tidyName,
  type BoardSummary,
  type IncidentRef,
  type Insights,
  type RecurringFactor,
} from './insights';
import {
  ALL_TIME,
  incidentTime,
  type MonthTrend,
  type ScopedInsights,
  type SeverityMetrics,
  type TimeScope,
} from './scope';

/**
 * Insights in one pass over board summaries: `add` each board (the server feeds thousands
 * in slices, with a turn of its event loop between them), then `finish`. Every count is
 * whole; the lists of incidents per factor and category, and of open actions per owner,
 * can be limited (`listLimit`, most recent incidents and oldest actions first), so that an
 * answer about ten thousand incidents stays small enough to send at once.
 */
export interface InsightsOptions {
  /** Longest list of incidents per factor or category and of open actions per owner (default: all). */
  readonly listLimit?: number;
}

const DAY = 86_400_000;

type OpenAction = Insights['openActions'][number]['actions'][number];

interface Seen {
  readonly ref: IncidentRef;
  readonly at: number;
}

interface FactorTally {
  readonly spellings: Map<string, number>;
  readonly category: string;
  readonly incidents: Seen[];
}

interface OwnerTally {
  readonly spellings: Map<string, number>;
  readonly open: OpenAction[];
  done: number;
  overdue: number;
}

interface MonthTally {
  incidents: number;
  readonly categories: Record<string, number>;
  readonly factors: Record<string, number>;
}

interface Spans {
  incidents: number;
  readonly duration: number[];
  readonly timeToDetect: number[];
  readonly timeToResolve: number[];
}

/** A function's answers kept per input: thousands of boards repeat a few hundred names. */
function remembered(fn: (value: string) => string): (value: string) => string {
  const seen = new Map<string, string>();
  return (value) => {
    let answer = seen.get(value);
    if (answer === undefined) seen.set(value, (answer = fn(value)));
    return answer;
  };
}

function countSpelling(counts: Map<string, number>, spelling: string): void {
  counts.set(spelling, (counts.get(spelling) ?? 0) + 1);
}

const monthOf = (at: number) => new Date(at).toISOString().slice(0, 7);

/** Nearest-rank percentile of sorted values, or null without any. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function spread(values: number[]): { median: number | null; p90: number | null } {
  values.sort((a, b) => a - b);
  return { median: percentile(values, 50), p90: percentile(values, 90) };
}

/** b − a when both were recorded and in order. */
function span(a: number | null | undefined, b: number | null | undefined): number | null {
  return a !== null && a !== undefined && b !== null && b !== undefined && b >= a ? b - a : null;
}

export class InsightsBuilder {
  private readonly limit: number;
  private readonly factorKeyOf = remembered(factorKey);
  private readonly tidy = remembered(tidyName);
  private readonly personKeyOf = remembered(personKey);
  private readonly factors = new Map<string, FactorTally>();
  private readonly categories = new Map<string, Seen[]>();
  private readonly dueTimes = new Map<string, number>();
  /** The month of the latest incident added, and its bounds: incidents come mostly in order. */
  private month: { key: string; from: number; to: number; tally: MonthTally } | null = null;
  private readonly owners = new Map<string, OwnerTally>();
  private readonly months = new Map<string, MonthTally>();
  private readonly severities = new Map<Severity | 'unset', Spans>();
  private first = Infinity;
  private last = -Infinity;
  private boards = 0;
  private total = 0;
  private done = 0;
  private inProgress = 0;
  private overdue = 0;

  constructor(
    private readonly now: number,
    private readonly scope: TimeScope = ALL_TIME,
    options: InsightsOptions = {},
  ) {
    this.limit = options.listLimit ?? Infinity;
  }

  /** Counts the board if its incident started in the scope; each board is added once. */
  add(board: BoardSummary): void {
    const at = incidentTime(board);
    if ((this.scope.from !== null && at < this.scope.from) || (this.scope.to !== null && at >= this.scope.to)) return;
    this.boards++;
    const seen: Seen = { ref: { id: board.id, title: board.title }, at };
    const month = this.monthTally(at);
    month.incidents++;
    // A board names a factor or category once however many of its factors share it.
    const boardCategories: string[] = [];
    const boardKeys: string[] = [];
    for (const factor of board.factors) {
      if (!boardCategories.includes(factor.category)) {
        boardCategories.push(factor.category);
        const category = this.categories.get(factor.category);
        if (category) category.push(seen);
        else this.categories.set(factor.category, [seen]);
        month.categories[factor.category] = (month.categories[factor.category] ?? 0) + 1;
      }
      const key = this.factorKeyOf(factor.name);
      if (!key) continue;
      let tally = this.factors.get(key);
      if (!tally) this.factors.set(key, (tally = { spellings: new Map(), category: factor.category, incidents: [] }));
      countSpelling(tally.spellings, this.tidy(factor.name));
      if (!boardKeys.includes(key)) {
        boardKeys.push(key);
        tally.incidents.push(seen);
        month.factors[key] = (month.factors[key] ?? 0) + 1;
      }
    }
    for (const action of board.actions) this.addAction(seen.ref, action);
    this.addSpans(board);
  }

  private monthTally(at: number): MonthTally {
    this.first = Math.min(this.first, at);
    this.last = Math.max(this.last, at);
    if (this.month && at >= this.month.from && at < this.month.to) return this.month.tally;
    const date = new Date(at);
    const from = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    const to = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    const key = monthOf(from);
    let tally = this.months.get(key);
    if (!tally) this.months.set(key, (tally = { incidents: 0, categories: {}, factors: {} }));
    this.month = { key, from, to, tally };
    return tally;
  }

  /** The end of a due day (UTC), remembered: many actions share a due date. */
  private dueTime(dueDate: string): number {
    let at = this.dueTimes.get(dueDate);
    if (at === undefined) this.dueTimes.set(dueDate, (at = Date.parse(`${dueDate}T23:59:59Z`)));
    return at;
  }

  private addAction(board: IncidentRef, action: BoardSummary['actions'][number]): void {
    if (action.status === 'wont-do') return;
    this.total++;
    const spelling = this.tidy(action.owner) || 'Unassigned';
    const key = this.personKeyOf(spelling);
    let owner = this.owners.get(key);
    if (!owner) this.owners.set(key, (owner = { spellings: new Map(), open: [], done: 0, overdue: 0 }));
    countSpelling(owner.spellings, spelling);
    if (action.status === 'done') {
      this.done++;
      owner.done++;
      return;
    }
    if (action.status === 'in-progress') this.inProgress++;
    const overdue = action.dueDate !== null && this.dueTime(action.dueDate) < this.now;
    if (overdue) {
      this.overdue++;
      owner.overdue++;
    }
    owner.open.push({
      board,
      id: action.id,
      title: action.title,
      ageDays: Math.max(0, Math.floor((this.now - action.createdAt) / DAY)),
      dueDate: action.dueDate,
      overdue,
    });
  }

  private addSpans(board: BoardSummary): void {
    const severity = board.severity ?? 'unset';
    let spans = this.severities.get(severity);
    if (!spans)
      this.severities.set(severity, (spans = { incidents: 0, duration: [], timeToDetect: [], timeToResolve: [] }));
    spans.incidents++;
    const duration = span(board.startedAt, board.resolvedAt);
    const detect = span(board.startedAt, board.detectedAt);
    const resolve = span(board.detectedAt, board.resolvedAt);
    if (duration !== null) spans.duration.push(duration);
    if (detect !== null) spans.timeToDetect.push(detect);
    if (resolve !== null) spans.timeToResolve.push(resolve);
  }

  /** Incidents most recent first (ties in the order they were added), up to the limit. */
  private listed(incidents: readonly Seen[]): IncidentRef[] {
    if (incidents.length <= this.limit) return [...incidents].sort((a, b) => b.at - a.at).map((seen) => seen.ref);
    // The few most recent of thousands, in one pass: each kept in order, after its equals.
    const best: Seen[] = [];
    for (const seen of incidents) {
      if (best.length === this.limit && seen.at <= best[best.length - 1]!.at) continue;
      let at = best.length;
      while (at > 0 && best[at - 1]!.at < seen.at) at--;
      best.splice(at, 0, seen);
      if (best.length > this.limit) best.pop();
    }
    return best.map((seen) => seen.ref);
  }

  finish(): ScopedInsights {
    const byCount = <T extends { incidentCount: number }>(a: T, b: T, name: (x: T) => string) =>
      b.incidentCount - a.incidentCount || name(a).localeCompare(name(b));
    const factors: RecurringFactor[] = [...this.factors.entries()]
      .map(([key, tally]) => ({
        key,
        name: mostCommonSpelling(tally.spellings),
        category: tally.category,
        incidentCount: tally.incidents.length,
        incidents: this.listed(tally.incidents),
      }))
      .sort((a, b) => byCount(a, b, (x) => x.name));
    const owners = [...this.owners.values()].map((owner) => ({ ...owner, name: mostCommonSpelling(owner.spellings) }));
    return {
      boards: this.boards,
      followUps: {
        total: this.total,
        done: this.done,
        inProgress: this.inProgress,
        open: this.total - this.done,
        overdue: this.overdue,
        completionRate: this.total === 0 ? null : this.done / this.total,
        byOwner: owners
          .map((owner) => ({ owner: owner.name, open: owner.open.length, overdue: owner.overdue, done: owner.done }))
          .sort((a, b) => b.open - a.open || b.overdue - a.overdue || a.owner.localeCompare(b.owner)),
      },
      categories: [...this.categories.entries()]
        .map(([category, incidents]) => ({
          category,
          label: categoryLabel(category),
          incidentCount: incidents.length,
          incidents: this.listed(incidents),
        }))
        .sort((a, b) => byCount(a, b, (x) => x.label)),
      // Recurring means two incidents or more; the others are listed apart.
      factors: factors.filter((factor) => factor.incidentCount >= 2),
      singleFactors: factors.filter((factor) => factor.incidentCount < 2),
      openActions: owners
        .filter((owner) => owner.open.length > 0)
        .map((owner) => ({
          owner: owner.name,
          total: owner.open.length,
          actions: owner.open
            .sort((a, b) => b.ageDays - a.ageDays || a.title.localeCompare(b.title))
            .slice(0, this.limit),
        }))
        .sort((a, b) => b.total - a.total || a.owner.localeCompare(b.owner)),
      scope: this.scope,
      metrics: this.metrics(),
      trends: this.trends(),
    };
  }

  private metrics(): SeverityMetrics[] {
    return [...SEVERITIES, 'unset' as const].flatMap((severity) => {
      const spans = this.severities.get(severity);
      return spans
        ? [
            {
              severity,
              incidents: spans.incidents,
              duration: spread(spans.duration),
              timeToDetect: spread(spans.timeToDetect),
              timeToResolve: spread(spans.timeToResolve),
            },
          ]
        : [];
    });
  }

  /** Every month from the first incident to the last, those without any included with zeros. */
  private trends(): MonthTrend[] {
    if (this.boards === 0) return [];
    const first = new Date(this.first);
    const last = monthOf(this.last);
    const trends: MonthTrend[] = [];
    for (let m = 0; m <= 1_200; m++) {
      const month = monthOf(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + m, 1));
      const tally = this.months.get(month);
      trends.push({
        month,
        incidents: tally?.incidents ?? 0,
        categories: { ...tally?.categories },
        factors: { ...tally?.factors },
      });
      if (month === last) break;
    }
    return trends;
  }
}

/** Insights over the incidents that started in `scope`, with metrics by severity and monthly trends. */
export function scopedInsights(
  boards: readonly BoardSummary[],
  now: number,
  scope: TimeScope = ALL_TIME,
  options: InsightsOptions = {},
): ScopedInsights {
  const builder = new InsightsBuilder(now, scope, options);
  for (const board of boards) builder.add(board);
  return builder.finish();
}

/** Which systemic factors recur, which follow-up actions are still open and for how long. */
export function computeInsights(boards: readonly BoardSummary[], now: number, options: InsightsOptions = {}): Insights {
  const {
    scope: _scope,
    metrics: _metrics,
    trends: _trends,
    ...insights
  } = scopedInsights(boards, now, ALL_TIME, options);
  return insights;
}

/** Incidents per severity with durations (ms); a time is counted only where both ends were recorded, in order. */
export function incidentMetrics(boards: readonly BoardSummary[]): readonly SeverityMetrics[] {
  return scopedInsights(boards, 0).metrics;
}

/** Per month from the first incident to the last (months without any included, with zeros). */
export function monthlyTrends(boards: readonly BoardSummary[]): readonly MonthTrend[] {
  return scopedInsights(boards, 0).trends;
}
