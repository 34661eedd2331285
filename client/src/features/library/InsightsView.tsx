import { describeScope, type ScopedInsights } from '@retrace/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { downloadText } from '../actions/download';
import {
  createInitiative,
  fetchInsights,
  fetchInsightsText,
  updateInitiative,
  type Initiative,
  type InsightsPeriod,
} from './libraryApi';
import { FactorTrends, MetricsTable, PeriodPicker, TrendsChart } from './InsightsPeriod';
import { ErrorNote } from '../../components/ui/ErrorNote';
import { LibraryBoardLink } from './LibraryBoardLink';

/** Recurring factors, open actions by owner and initiatives across every incident. */
export function InsightsView() {
  const [insights, setInsights] = useState<(ScopedInsights & { initiatives: Initiative[] }) | null>(null);
  const [period, setPeriod] = useState<InsightsPeriod>({ preset: 'all' });
  const [open, setOpen] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const custom = !('preset' in period);
    if (custom && (!period.from || !period.to)) return;
    let current = true;
    fetchInsights(period).then(
      (found) => {
        if (!current) return;
        setInsights(found);
        setError(null);
      },
      (caught: Error) => current && setError(caught.message),
    );
    return () => {
      current = false;
    };
  }, [version, period]);

  const guard = (work: Promise<unknown>) =>
    work.then(
      () => setVersion((v) => v + 1),
      (caught: Error) => setError(caught.message),
    );
  const addInitiative = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) void guard(createInitiative(name.trim()).then(() => setName('')));
  };
  if (!insights) return <p aria-busy="true">{error ?? 'Loading insights…'}</p>;

  return (
    <section aria-labelledby="insights-heading" data-testid="insights">
      <h2 id="insights-heading">
        Insights across {insights.boards} {insights.boards === 1 ? 'incident' : 'incidents'}{' '}
        <span className="muted">({describeScope(insights.scope)})</span>
      </h2>
      <PeriodPicker period={period} onChange={setPeriod} />
      <div className="row-buttons">
        <button
          type="button"
          onClick={() =>
            void fetchInsightsText('csv', period).then((t) => downloadText('retrace-insights.csv', 'text/csv', t))
          }
        >
          Download CSV
        </button>
        <button
          type="button"
          onClick={() =>
            void fetchInsightsText('md', period).then((t) => downloadText('retrace-insights.md', 'text/markdown', t))
          }
        >
          Download Markdown
        </button>
      </div>
      <ErrorNote message={error} />
      <h3>Incidents by severity</h3>
      <MetricsTable metrics={insights.metrics} />
      <h3>Factor categories per month</h3>
      <TrendsChart trends={insights.trends} />
      <h3>Recurring factors per month</h3>
      <FactorTrends trends={insights.trends} factors={insights.factors} />
      <h3>Systemic factor categories</h3>
      <ol className="ranked">
        {insights.categories.map((c) => (
          <li key={c.category}>
            <strong>{c.label}</strong> — {c.incidentCount} {c.incidentCount === 1 ? 'incident' : 'incidents'}
          </li>
        ))}
      </ol>
      <h3>Follow-up actions</h3>
      <p data-testid="follow-ups">
        {insights.followUps.total === 0
          ? 'No follow-up actions yet.'
          : `${insights.followUps.done} of ${insights.followUps.total} done (${Math.round(
              (insights.followUps.completionRate ?? 0) * 100,
            )} %) · ${insights.followUps.open} open, ${insights.followUps.inProgress} in progress · ${
              insights.followUps.overdue
            } overdue`}
      </p>
      <h3>Recurring systemic factors</h3>
      {insights.factors.length === 0 && <p className="muted">No factor has appeared in two incidents yet.</p>}
      <ol className="ranked">
        {insights.factors.map((f) => (
          <li key={f.key}>
            <button
              type="button"
              className="link-button"
              aria-expanded={open === f.key}
              onClick={() => setOpen(open === f.key ? null : f.key)}
            >
              {f.name}
            </button>{' '}
            — {f.incidentCount} {f.incidentCount === 1 ? 'incident' : 'incidents'}
            {open === f.key && (
              <ul className="drill-down">
                {f.incidents.map((incident) => (
                  <li key={incident.id}>
                    <LibraryBoardLink boardId={incident.id}>{incident.title}</LibraryBoardLink>
                  </li>
                ))}
                {f.incidentCount > f.incidents.length && (
                  <li className="muted">
                    and {f.incidentCount - f.incidents.length} earlier: the CSV and Markdown downloads list them all
                  </li>
                )}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {insights.singleFactors.length > 0 && (
        <details>
          <summary>Seen in one incident ({insights.singleFactors.length})</summary>
          <ul>
            {insights.singleFactors.map((f) => (
              <li key={f.key}>
                {f.name} — <LibraryBoardLink boardId={f.incidents[0]!.id}>{f.incidents[0]!.title}</LibraryBoardLink>
              </li>
            ))}
          </ul>
        </details>
      )}
      <h3>Open follow-up actions by owner</h3>
      {insights.openActions.map((group) => (
        <div key={group.owner}>
          <h4>
            {group.owner} <span className="muted">({group.total})</span>
          </h4>
          {group.total > group.actions.length && (
            <p className="muted">
              The {group.actions.length} oldest of {group.total}; the CSV and Markdown downloads list them all.
            </p>
          )}
          <ul>
            {group.actions.map((action) => (
              <li key={`${action.board.id}-${action.id}`}>
                {action.title} — <LibraryBoardLink boardId={action.board.id}>{action.board.title}</LibraryBoardLink>,{' '}
                {action.ageDays} {action.ageDays === 1 ? 'day' : 'days'} old
                {action.overdue && <strong className="danger"> · overdue</strong>}{' '}
                {insights.initiatives.length > 0 && (
                  <select
                    aria-label={`Add “${action.title}” to an initiative`}
                    value=""
                    onChange={(e) =>
                      e.target.value &&
                      void guard(
                        updateInitiative(e.target.value, {
                          addAction: { boardId: action.board.id, actionId: action.id },
                        }),
                      )
                    }
                  >
                    <option value="">Add to initiative…</option>
                    {insights.initiatives.map((i) => (
                      <option key={i.id} value={i.id}>
                        {i.name}
                      </option>
                    ))}
                  </select>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <h3>Initiatives</h3>
      <ul>
        {insights.initiatives.map((initiative) => (
          <li key={initiative.id}>
            <strong>{initiative.name}</strong> — {initiative.done} of {initiative.counted}{' '}
            {initiative.counted === 1 ? 'action' : 'actions'} done{' '}
            <progress max={Math.max(1, initiative.counted)} value={initiative.done} aria-hidden="true" />{' '}
            <select
              aria-label={`Status of ${initiative.name}`}
              value={initiative.status}
              onChange={(e) => void guard(updateInitiative(initiative.id, { status: e.target.value }))}
            >
              <option value="proposed">Proposed</option>
              <option value="in-progress">In progress</option>
              <option value="done">Done</option>
            </select>
            {initiative.items.length > 0 && (
              <ul>
                {initiative.items.map((item) => (
                  <li key={`${item.boardId}-${item.actionId}`}>
                    {item.status === 'missing' ? (
                      <span className="muted">An action that no longer exists</span>
                    ) : (
                      <>
                        {item.title} — {item.owner}, {item.status} (
                        <LibraryBoardLink boardId={item.boardId}>{item.board}</LibraryBoardLink>)
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <form onSubmit={addInitiative} className="row-buttons">
        <label className="inline">
          <span className="visually-hidden">New initiative</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Progressive deploys everywhere"
            maxLength={200}
          />
        </label>
        <button type="submit" disabled={!name.trim()}>
          Start an initiative
        </button>
      </form>
    </section>
  );
}
