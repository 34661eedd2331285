import type { Severity } from '../schema/types';
import { categoryLabel } from '../report/actionsExport';
import type { BoardSummary, Insights } from './insights';

/**
 * Time scope, trends and incident metrics for insights. An incident belongs to the moment
 * it started (the board's creation when no start time was recorded). Calendar periods are
 * UTC months and quarters.
 */
export interface TimeScope {
  /** Inclusive start, or null for no lower bound. */
  readonly from: number | null;
  /** Exclusive end, or null for no upper bound. */
  readonly to: number | null;
}

export const ALL_TIME: TimeScope = { from: null, to: null };

export const SCOPE_PRESETS = ['all', 'this-month', 'last-month', 'this-quarter', 'last-quarter', 'this-year'] as const;
export type ScopePreset = (typeof SCOPE_PRESETS)[number];

export function incidentTime(board: Pick<BoardSummary, 'startedAt' | 'createdAt'>): number {
  return board.startedAt ?? board.createdAt;
}

export function inScope<T extends Pick<BoardSummary, 'startedAt' | 'createdAt'>>(
  boards: readonly T[],
  scope: TimeScope,
): T[] {
  return boards.filter((board) => {
    const at = incidentTime(board);
    return (scope.from === null || at >= scope.from) && (scope.to === null || at < scope.to);
  });
}

const monthStart = (year: number, month: number) => Date.UTC(year, month, 1);

/** The period a preset names, around `now`. */
export function scopeFor(preset: ScopePreset, now: number): TimeScope {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const quarter = month - (month % 3);
  switch (preset) {
    case 'all':
      return ALL_TIME;
    case 'this-month':
      return { from: monthStart(year, month), to: monthStart(year, month + 1) };
    case 'last-month':
      return { from: monthStart(year, month - 1), to: monthStart(year, month) };
    case 'this-quarter':
      return { from: monthStart(year, quarter), to: monthStart(year, quarter + 3) };
    case 'last-quarter':
      return { from: monthStart(year, quarter - 3), to: monthStart(year, quarter) };
    case 'this-year':
      return { from: monthStart(year, 0), to: monthStart(year + 1, 0) };
  }
}

export interface SeverityMetrics {
  readonly severity: Severity | 'unset';
  readonly incidents: number;
  /** Start to resolution. */
  readonly duration: { readonly median: number | null; readonly p90: number | null };
  /** Start to detection. */
  readonly timeToDetect: { readonly median: number | null; readonly p90: number | null };
  /** Detection to resolution. */
  readonly timeToResolve: { readonly median: number | null; readonly p90: number | null };
}

export interface MonthTrend {
  /** "2024-05" (UTC). */
  readonly month: string;
  readonly incidents: number;
  /** Incidents per factor category that month (a category counts once per incident). */
  readonly categories: Readonly<Record<string, number>>;
  /** Incidents per factor (by factorKey) that month. */
  readonly factors: Readonly<Record<string, number>>;
}

/** Insights for a period: the incidents that started in it, their metrics and monthly trends. */
export interface ScopedInsights extends Insights {
  readonly scope: TimeScope;
  readonly metrics: readonly SeverityMetrics[];
  readonly trends: readonly MonthTrend[];
}

/** "45 min", "3.5 h", "2.0 d"; an em dash without a value. */
export function formatSpan(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = ms / 60_000;
  if (minutes < 90) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} d`;
}

/** The period in words ("2024-04-01 to 2024-06-30", "all time"). */
export function describeScope(scope: TimeScope): string {
  const day = (at: number) => new Date(at).toISOString().slice(0, 10);
  if (scope.from === null && scope.to === null) return 'all time';
  if (scope.to === null) return `since ${day(scope.from!)}`;
  const last = day(scope.to - 86_400_000);
  return scope.from === null ? `until ${last}` : `${day(scope.from)} to ${last}`;
}

/** The period, incident metrics by severity and the monthly counts, as Markdown (for the export). */
export function scopeToMarkdown(insights: ScopedInsights): string {
  const out = ['', '## Incident metrics', '', `Period: ${describeScope(insights.scope)}.`, ''];
  if (insights.metrics.length > 0) {
    out.push(
      '| Severity | Incidents | Duration, median (p90) | Time to detect, median (p90) | Time to resolve, median (p90) |',
      '| --- | --- | --- | --- | --- |',
    );
    const pair = (s: { median: number | null; p90: number | null }) => `${formatSpan(s.median)} (${formatSpan(s.p90)})`;
    for (const m of insights.metrics)
      out.push(
        `| ${m.severity === 'unset' ? 'not set' : m.severity} | ${m.incidents} | ${pair(m.duration)} | ${pair(m.timeToDetect)} | ${pair(m.timeToResolve)} |`,
      );
  }
  if (insights.trends.length > 0) {
    out.push('', '## Incidents per month', '');
    for (const t of insights.trends) {
      const top = Object.entries(t.categories).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
      out.push(`- ${t.month}: ${t.incidents}${top ? ` (most often: ${categoryLabel(top[0])}, ${top[1]})` : ''}`);
    }
  }
  return out.join('\n') + '\n';
}
