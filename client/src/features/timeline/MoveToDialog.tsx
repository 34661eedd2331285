import { instantFromWallTime, moveCard, parseLocalDateTime, toLocalDateTimeValue, type Card } from '@retrace/shared';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useViewStore } from '../../stores/viewStore';
import { LaneSelect } from './pickers';
import { useBoardContext, useBoardSnapshot, useEditContext } from '../board/BoardContext';
import { ErrorNote } from '../../components/ui/ErrorNote';

/** "Move to…": lane and time for a card without dragging (keyboard and screen-reader path). */
export function MoveToDialog() {
  const cardId = useViewStore((s) => s.moveDialogCardId);
  const board = useBoardSnapshot();
  const card = board.cards.find((c) => c.id === cardId);
  // A new form per card: its fields start from that card's place.
  return card ? <MoveToForm key={card.id} card={card} /> : null;
}

function MoveToForm({ card }: { card: Card }) {
  const close = useViewStore((s) => s.openMoveDialog);
  const { session, participant } = useBoardContext();
  const ctx = useEditContext();
  const board = useBoardSnapshot();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [laneId, setLaneId] = useState(card.place.laneId);
  const [unknown, setUnknown] = useState(card.place.occurredAt === null);
  const [when, setWhen] = useState(
    card.place.occurredAt === null ? '' : toLocalDateTimeValue(card.place.occurredAt, participant.timeZone),
  );
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!dialogRef.current?.open) dialogRef.current?.showModal();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let occurredAt: number | null = null;
    if (!unknown) {
      const wall = parseLocalDateTime(when);
      if (!wall) {
        setError('Enter a date and time, or tick “time unknown”.');
        return;
      }
      occurredAt = instantFromWallTime(wall, participant.timeZone);
    }
    moveCard(
      session.doc,
      { cardId: card.id, laneId, occurredAt, precision: occurredAt === null ? card.place.precision : 'minute' },
      ctx,
    );
    useViewStore.getState().revealCards([card.id]);
    dialogRef.current?.close();
    close(null);
  };
  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby="move-heading" onClose={() => close(null)}>
      <form onSubmit={submit}>
        <h2 id="move-heading">Move “{card.text.slice(0, 60)}”</h2>
        <label>
          Lane
          <LaneSelect lanes={board.lanes} value={laneId} onChange={setLaneId} />
        </label>
        <label>
          Time ({participant.timeZone})
          <input type="datetime-local" value={when} disabled={unknown} onChange={(e) => setWhen(e.target.value)} />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={unknown} onChange={(e) => setUnknown(e.target.checked)} /> Time unknown
        </label>
        <ErrorNote message={error} />
        <div className="dialog-buttons">
          <button type="button" onClick={() => dialogRef.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Move
          </button>
        </div>
      </form>
    </dialog>
  );
}
