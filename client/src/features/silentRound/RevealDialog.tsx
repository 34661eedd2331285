import { formatClock, type DraftView } from '@retrace/shared';
import { useEffect, useRef, useState } from 'react';
import { ErrorNote } from '../../components/ui/ErrorNote';
import { silentRoundApi } from '../../lib/silentRoundApi';
import { useBoardContext, useBoardSnapshot, useControl } from '../board/BoardContext';
import { LaneSelect } from '../timeline/pickers';

/**
 * The facilitator's review before the reveal: every draft of the round (writing is closed),
 * each kept unless discarded, then all revealed at once — optionally without authors.
 */
export function RevealDialog() {
  const { session, token, participant } = useBoardContext();
  const { silentRound } = useControl();
  const board = useBoardSnapshot();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [drafts, setDrafts] = useState<readonly DraftView[] | null>(null);
  const [discarded, setDiscarded] = useState<ReadonlySet<string>>(new Set());
  /** Lanes I chose for drafts that have none (left to me, or their lane is gone). */
  const [placements, setPlacements] = useState<Readonly<Record<string, string>>>({});
  const [anonymous, setAnonymous] = useState(silentRound.anonymous);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const api = silentRoundApi(session.boardId, token);

  useEffect(() => {
    if (!dialogRef.current?.open) dialogRef.current?.showModal();
    let live = true;
    api
      .drafts()
      .then((review) => live && setDrafts(review.drafts))
      .catch((caught: Error) => live && setError(caught.message));
    return () => {
      live = false;
    };
    // Fetched once per round (the dialog is keyed by the round).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const act = (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    work()
      .catch((caught: Error) => setError(caught.message))
      .finally(() => setBusy(false));
  };
  const hasLane = (id: string | null) => id !== null && board.lanes.some((lane) => lane.id === id);
  const kept = (drafts ?? []).filter((draft) => !discarded.has(draft.id));
  const keep = kept.length;
  const unplaced = kept.filter((draft) => !hasLane(draft.laneId) && !hasLane(placements[draft.id] ?? null)).length;
  const toggle = (id: string) =>
    setDiscarded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  // Everything one writer wrote, set aside at once (a writer is a number, never a name).
  const writerDrafts = (writer: number | undefined) => (drafts ?? []).filter((d) => d.writer === writer);
  const writerDiscarded = (writer: number | undefined) => writerDrafts(writer).every((d) => discarded.has(d.id));
  const toggleWriter = (writer: number | undefined) =>
    setDiscarded((current) => {
      const next = new Set(current);
      const discard = !writerDiscarded(writer);
      for (const draft of writerDrafts(writer)) {
        if (discard) next.add(draft.id);
        else next.delete(draft.id);
      }
      return next;
    });

  return (
    <dialog
      ref={dialogRef}
      className="dialog reveal-dialog"
      aria-labelledby="reveal-heading"
      onCancel={(event) => event.preventDefault()}
    >
      <h2 id="reveal-heading">Reveal the silent round</h2>
      <p className="muted">
        Writing is closed. Discard anything that should not reach the board; everything else appears for everyone at
        once.
      </p>
      {drafts === null && !error && <p>Loading drafts…</p>}
      {drafts?.length === 0 && <p>Nobody wrote a draft in this round.</p>}
      {drafts && drafts.length > 0 && (
        <ul className="reveal-list" aria-label="Drafts">
          {drafts.map((draft) => (
            <li key={draft.id} className={discarded.has(draft.id) ? 'discarded' : undefined}>
              <p className="card-text">{draft.text}</p>
              <p className="muted">
                {hasLane(draft.laneId) ? (
                  board.lanes.find((lane) => lane.id === draft.laneId)!.name
                ) : (
                  <LaneSelect
                    lanes={board.lanes}
                    value={placements[draft.id] ?? ''}
                    onChange={(laneId) => setPlacements((current) => ({ ...current, [draft.id]: laneId }))}
                    emptyLabel={draft.laneId === null ? 'Place in lane…' : 'Its lane is gone: place in…'}
                    ariaLabel={`Lane for “${draft.text.slice(0, 80)}”`}
                  />
                )}{' '}
                · {draft.occurredAt === null ? 'time unknown' : formatClock(draft.occurredAt, participant.timeZone)}
                {draft.author && !anonymous ? ` · ${draft.author.name}` : ''}
                {draft.writer !== undefined ? ` · writer ${draft.writer}` : ''}
              </p>
              <span className="reveal-choices">
                <button type="button" aria-pressed={discarded.has(draft.id)} onClick={() => toggle(draft.id)}>
                  {discarded.has(draft.id) ? 'Keep' : 'Discard'}
                </button>
                {draft.writer !== undefined && writerDrafts(draft.writer).length > 1 && (
                  <button
                    type="button"
                    aria-pressed={writerDiscarded(draft.writer)}
                    onClick={() => toggleWriter(draft.writer)}
                  >
                    {writerDiscarded(draft.writer)
                      ? `Keep all from writer ${draft.writer}`
                      : `Discard all ${writerDrafts(draft.writer).length} from writer ${draft.writer}`}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} />
        Reveal without authors (no name is stored)
      </label>
      <ErrorNote message={error} />
      <div className="dialog-buttons">
        <button type="button" disabled={busy} onClick={() => act(() => api.resume())}>
          Back to writing
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || drafts === null || unplaced > 0}
          title={unplaced > 0 ? 'Choose a lane for every draft you keep' : undefined}
          onClick={() => act(() => api.reveal(silentRound.round, [...discarded], anonymous, placements))}
        >
          {keep === 1 ? 'Reveal 1 card' : `Reveal ${keep} cards`}
        </button>
      </div>
    </dialog>
  );
}
