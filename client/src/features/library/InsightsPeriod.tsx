import {
  FACTOR_CATEGORIES,
  formatSpan,
  type MonthTrend,
  type ScopePreset,
  type SeverityMetrics,
} from '@retrace/shared';
import { PRESENCE_COLORS } from '../../lib/identity';
import type { InsightsPeriod } from './libraryApi';

/** Each factor category with a colour (the presence palette: 4.5:1 against white). */
const CATEGORY_COLORS = [...FACTOR_CATEGORIES, { id: 'custom', label: 'Other' }].map((category, i) => ({
  ...category,
  color: PRESENCE_COLORS[i % PRESENCE_COLORS.length]!,
}));

const PRESET_LABEL: Record<ScopePreset, string> = {
  all: 'All time',
  'this-month': 'This month',
  'last-month': 'Last month',
  'this-quarter': 'This quarter',
  'last-quarter': 'Last quarter',
  'this-year': 'This year',
};

/** Which period the insights cover: a preset, or a custom range of dates. */
export function PeriodPicker({ period, onChange }: { period: InsightsPeriod; onChange: (p: InsightsPeriod) => void }) {
  const custom = !('preset' in period);
  return (
    <div className="row-buttons period-picker">
      <label className="inline">
        Period
        <select
          value={custom ? 'custom' : period.preset}
          onChange={(event) =>
            onChange(
              event.target.value === 'custom'
                ? {
                    from: new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10),
                    to: new Date().toISOString().slice(0, 10),
                  }
                : { preset: event.target.value as ScopePreset },
            )
          }
        >
          {(Object.keys(PRESET_LABEL) as ScopePreset[]).map((preset) => (
            <option key={preset} value={preset}>
              {PRESET_LABEL[preset]}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </select>
      </label>
      {custom && (
        <>
          <label className="inline">
            From
            <input type="date" value={period.from} onChange={(e) => onChange({ ...period, from: e.target.value })} />
          </label>
          <label className="inline">
            To
            <input type="date" value={period.to} onChange={(e) => onChange({ ...period, to: e.target.value })} />
          </label>
        </>
      )}
    </div>
  );
}

/** Count, duration, time to detect and to resolve, per severity. */
export function MetricsTable({ metrics }: { metrics: readonly SeverityMetrics[] }) {
  if (metrics.length === 0) return <p className="muted">No incidents in this period.</p>;
  const pair = (s: { median: number | null; p90: number | null }) =>
    `${formatSpan(s.median)} (p90 ${formatSpan(s.p90)})`;
  return (
    <table className="metrics" data-testid="incident-metrics">
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Incidents</th>
          <th scope="col">Duration, median</th>
          <th scope="col">Time to detect, median</th>
          <th scope="col">Time to resolve, median</th>
        </tr>
      </thead>
      <tbody>
        {metrics.map((m) => (
          <tr key={m.severity}>
            <th scope="row">{m.severity === 'unset' ? 'Not set' : m.severity}</th>
            <td>{m.incidents}</td>
            <td>{pair(m.duration)}</td>
            <td>{pair(m.timeToDetect)}</td>
            <td>{pair(m.timeToResolve)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Factor categories per month: one bar per month, a segment per category as tall as the
 * number of incidents it appeared in that month, the month's incident count above the
 * bar; the numbers also in a table for screen readers and exact values.
 */
export function TrendsChart({ trends }: { trends: readonly MonthTrend[] }) {
  if (trends.length === 0) return null;
  const categories = CATEGORY_COLORS.filter((c) => trends.some((t) => (t.categories[c.id] ?? 0) > 0));
  const stacked = (t: MonthTrend) => Object.values(t.categories).reduce((a, b) => a + b, 0);
  const peak = Math.max(1, ...trends.map(stacked));
  const barWidth = 28;
  const height = 120;
  const top = 14;
  return (
    // Wide when it spans many months: it scrolls, so it takes keyboard focus too.
    <figure className="trends" data-testid="trends" tabIndex={0} aria-label="Factor categories per month">
      <svg
        width={trends.length * (barWidth + 8) + 24}
        height={top + height + 20}
        role="img"
        aria-label={`Factor categories per month, ${trends[0]!.month} to ${trends[trends.length - 1]!.month}`}
      >
        {trends.map((t, i) => {
          let y = top + height;
          return (
            <g key={t.month} transform={`translate(${i * (barWidth + 8)},0)`}>
              {t.incidents > 0 && (
                <text
                  x={barWidth / 2}
                  y={top + height - (stacked(t) / peak) * height - 3}
                  textAnchor="middle"
                  fontSize="10"
                >
                  {t.incidents}
                </text>
              )}
              {categories.map((c) => {
                const count = t.categories[c.id] ?? 0;
                if (!count) return null;
                const h = (count / peak) * height;
                y -= h;
                return <rect key={c.id} x={0} y={y} width={barWidth} height={h} fill={c.color} />;
              })}
              <text x={barWidth / 2} y={top + height + 14} textAnchor="middle" fontSize="10">
                {t.month.slice(2)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="muted">
          Incidents in which each category appeared (the number above a bar: incidents that month).
        </span>
        <ul className="legend">
          {categories.map((c) => (
            <li key={c.id}>
              <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {c.label}
            </li>
          ))}
        </ul>
      </figcaption>
      <table className="visually-hidden">
        <caption>Incidents per month and the factor categories seen</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Incidents</th>
            {categories.map((c) => (
              <th key={c.id} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {trends.map((t) => (
            <tr key={t.month}>
              <th scope="row">{t.month}</th>
              <td>{t.incidents}</td>
              {categories.map((c) => (
                <td key={c.id}>{t.categories[c.id] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** How many recurring factors get a row of their own. */
const FACTOR_ROWS = 6;

/**
 * The most frequent recurring factors, one row each: a bar per month as tall as the number
 * of incidents it appeared in that month (the same months as the chart above), then the
 * total; the numbers also in a table for screen readers.
 */
export function FactorTrends({
  trends,
  factors,
}: {
  trends: readonly MonthTrend[];
  factors: ReadonlyArray<{ key: string; name: string; incidentCount: number }>;
}) {
  const shown = factors.slice(0, FACTOR_ROWS);
  if (shown.length === 0 || trends.length === 0)
    return <p className="muted">No factor has appeared in two incidents in this period.</p>;
  const peak = Math.max(1, ...shown.flatMap((f) => trends.map((t) => t.factors[f.key] ?? 0)));
  const barWidth = 10;
  const height = 28;
  return (
    <figure className="factor-trends" data-testid="factor-trends" tabIndex={0} aria-label="Recurring factors per month">
      <table>
        <caption className="visually-hidden">
          Incidents per month, {trends[0]!.month} to {trends[trends.length - 1]!.month}, for the most frequent recurring
          factors
        </caption>
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Factor</th>
            <th scope="col">Per month</th>
            <th scope="col">Incidents</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => (
            <tr key={f.key}>
              <th scope="row">{f.name}</th>
              <td>
                <svg width={trends.length * (barWidth + 2)} height={height} aria-hidden="true">
                  {trends.map((t, i) => {
                    const count = t.factors[f.key] ?? 0;
                    const h = count === 0 ? 1 : Math.max(3, (count / peak) * height);
                    return (
                      <rect
                        key={t.month}
                        x={i * (barWidth + 2)}
                        y={height - h}
                        width={barWidth}
                        height={h}
                        className={count === 0 ? 'empty' : undefined}
                      >
                        <title>{`${t.month}: ${count}`}</title>
                      </rect>
                    );
                  })}
                </svg>
                <span className="visually-hidden">
                  {trends
                    .filter((t) => (t.factors[f.key] ?? 0) > 0)
                    .map((t) => `${t.month}: ${t.factors[f.key]}`)
                    .join(', ')}
                </span>
              </td>
              <td>{f.incidentCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
