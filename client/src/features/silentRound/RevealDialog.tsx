import { formatClock, type DraftView } from '@retrace/shared';
import { useEffect, useRef, useState } from 'react';
import { ErrorNote } from '../../components/ui/ErrorNote';
import { silentRoundApi } from '../../lib/silentRoundApi';
import { useBoardContext, useBoardSnapshot, useControl } from '../board/BoardContext';

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
  const laneName = (id: string) => board.lanes.find((lane) => lane.id === id)?.name ?? 'first lane (its lane is gone)';
  const keep = (drafts ?? []).filter((draft) => !discarded.has(draft.id)).length;
  const toggle = (id: string) =>
    setDiscarded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
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
                {laneName(draft.laneId)} ·{' '}
                {draft.occurredAt === null ? 'time unknown' : formatClock(draft.occurredAt, participant.timeZone)}
                {draft.author && !anonymous ? ` · ${draft.author.name}` : ''}
              </p>
              <button type="button" aria-pressed={discarded.has(draft.id)} onClick={() => toggle(draft.id)}>
                {discarded.has(draft.id) ? 'Keep' : 'Discard'}
              </button>
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
          disabled={busy || drafts === null}
          onClick={() => act(() => api.reveal(silentRound.round, [...discarded], anonymous))}
        >
          {keep === 1 ? 'Reveal 1 card' : `Reveal ${keep} cards`}
        </button>
      </div>
    </dialog>
  );
}
