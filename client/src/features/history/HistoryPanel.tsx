import { deriveHistory, formatClock, formatDateTime, type BoardSnapshot } from '@retrace/shared';
import { useEffect, useMemo, useState } from 'react';
import { fetchBoardLog, type LogEntryJson } from '../../lib/api';
import { useBoardContext } from '../board/BoardContext';
import { cardClock } from '../timeline/timeLabels';
import { Replayer, decodeBase64 } from './replay';
import { ErrorNote } from '../../components/ui/ErrorNote';

/** "editor:1a2b3c4d Ana" → "Ana (editor link 1a2b)". */
export function describeActor(actor: string): string {
  const match = /^(facilitator|editor|viewer):([0-9a-f]{4})[0-9a-f]*(?: (.+))?$/.exec(actor);
  if (!match) return actor === 'facilitator:create' ? 'board created' : actor;
  const [, role, id, name] = match;
  return name ? `${name} (${role} link ${id})` : `${role} link ${id}`;
}

/**
 * The meeting's record: what changed, when the server received it and who sent it, from
 * the stored log. The slider replays the board as it was at any moment.
 */
export function HistoryPanel() {
  const { session, token, participant } = useBoardContext();
  const [entries, setEntries] = useState<LogEntryJson[] | null>(null);
  const [position, setPosition] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    fetchBoardLog(session.boardId, token).then(
      (log) => {
        if (cancelled) return;
        setEntries(log);
        setPosition(log.length);
      },
      (caught: Error) => !cancelled && setError(caught.message),
    );
    return () => {
      cancelled = true;
    };
  }, [session.boardId, token, version]);

  const replayer = useMemo(() => (entries ? new Replayer(entries) : null), [entries]);
  // What each change did, derived from the stored log with the same code as the report.
  const changes = useMemo(() => {
    if (!entries) return new Map<number, readonly string[]>();
    const derived = deriveHistory(
      entries.map((e) => ({ seq: e.seq, receivedAt: e.receivedAt, actor: e.actor, data: decodeBase64(e.data) })),
    );
    return new Map(derived.map((h) => [h.seq, h.changes]));
  }, [entries]);
  useEffect(() => () => replayer?.destroy(), [replayer]);
  const board: BoardSnapshot | null = useMemo(() => replayer?.at(position) ?? null, [replayer, position]);
  const zone = participant.timeZone;
  const at = entries && position > 0 ? entries[position - 1] : null;

  return (
    <section className="panel-section" aria-labelledby="history-heading">
      <h2 id="history-heading">History and replay</h2>
      <p className="muted">From the server’s record of every change: who sent it and when it arrived.</p>
      <button type="button" onClick={() => setVersion((v) => v + 1)}>
        Refresh
      </button>
      <ErrorNote message={error} />
      {entries && board && (
        <>
          <label className="replay">
            Replay: {position} of {entries.length} changes
            <input
              type="range"
              min={0}
              max={entries.length}
              value={position}
              onChange={(e) => setPosition(Number(e.target.value))}
              aria-valuetext={
                at ? `after the change at ${formatClock(at.receivedAt, zone, true)}` : 'before the first change'
              }
            />
          </label>
          <p data-testid="replay-summary">
            {at
              ? `As it was at ${formatDateTime(at.receivedAt, zone).slice(0, 10)} ${formatClock(at.receivedAt, zone, true)}`
              : 'Before the board existed'}{' '}
            — {board.cards.filter((c) => c.deletedAt === null).length} cards,{' '}
            {board.factors.filter((f) => f.deletedAt === null).length} factors
          </p>
          {/* Scrolls on its own: focusable so keyboard users can scroll it too. */}
          <ol className="replay-cards" data-testid="replay-cards" tabIndex={0} aria-label="Cards at this moment">
            {board.cards
              .filter((card) => card.deletedAt === null)
              .map((card) => (
                <li key={card.id}>
                  <time>{cardClock(card, zone)}</time> {board.lanes.find((l) => l.id === card.place.laneId)?.name ?? ''}{' '}
                  · {card.text}
                </li>
              ))}
          </ol>
          <h3>Changes</h3>
          <ol className="history-list" reversed>
            {entries
              .slice(0, position)
              .filter((entry) => changes.has(entry.seq))
              .map((entry) => ({ entry, who: describeActor(entry.actor), what: changes.get(entry.seq) ?? [] }))
              .reverse()
              .slice(0, 200)
              .map(({ entry, who, what }) => (
                <li key={entry.seq}>
                  <button type="button" className="link-button" onClick={() => setPosition(entries.indexOf(entry) + 1)}>
                    {formatClock(entry.receivedAt, zone, true)}
                  </button>{' '}
                  <strong>{who}</strong>: {what.join('; ')}
                </li>
              ))}
          </ol>
        </>
      )}
    </section>
  );
}
