import { parseQuickAdd, type CardKind } from '@retrace/shared';
import { useId, useState, type FormEvent } from 'react';
import { useBoardContext, useBoardSnapshot } from '../board/BoardContext';
import { useCardWriter } from '../silentRound/useCardWriter';
import { LanguageHints } from '../language/LanguageHints';
import { CardKindSelect, LaneSelect } from './pickers';
import { goToLane } from './goToLane';
import { ErrorNote } from '../../components/ui/ErrorNote';

/** "14:32 restarted the pods" → a card in my lane at 14:32 (my time zone). */
export function QuickAdd() {
  const { participant } = useBoardContext();
  const board = useBoardSnapshot();
  const { mode, write, anonymous } = useCardWriter();
  const id = useId();
  // In an anonymous round a card in my own lane would name me: the writer picks a shared
  // perspective, or leaves the lane to the facilitator (nothing is filed where nobody chose).
  const anonymousDraft = anonymous && mode === 'draft';
  const choices = anonymousDraft ? board.lanes.filter((lane) => lane.kind !== 'person') : board.lanes;
  const myLane = board.lanes.find((lane) => lane.owner === participant.id) ?? board.lanes[0];
  const [text, setText] = useState('');
  const [laneId, setLaneId] = useState<string | null>(null);
  const [kind, setKind] = useState<CardKind>('event');
  const [error, setError] = useState<string | null>(null);
  const chosen = choices.find((lane) => lane.id === laneId);
  const targetLane = anonymousDraft ? (chosen ?? null) : (chosen ?? myLane);
  const ownLane = board.lanes.find((lane) => lane.owner === participant.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if ((!targetLane && !anonymousDraft) || !text.trim()) return;
    const near =
      board.meta.startedAt ?? board.cards.find((c) => c.place.occurredAt !== null)?.place.occurredAt ?? Date.now();
    const parsed = parseQuickAdd(text, { timeZone: participant.timeZone, near });
    if (!parsed.text) {
      setError('Add what happened after the time.');
      return;
    }
    try {
      write({
        text: parsed.text,
        laneId: targetLane?.id ?? null,
        occurredAt: parsed.occurredAt,
        precision: parsed.precision,
        kind,
      });
      setText('');
      setError(null);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };

  return (
    <form className="quick-add" onSubmit={submit} aria-label="Add a card">
      <label htmlFor={`${id}-text`} className="visually-hidden">
        What happened (start with a time like 14:32)
      </label>
      <input
        id={`${id}-text`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={`14:32 restarted the pods   (times in ${participant.timeZone})`}
        maxLength={2000}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <label>
        <span className="visually-hidden">Kind</span>
        <CardKindSelect value={kind} onChange={setKind} />
      </label>
      <label>
        <span className="visually-hidden">Lane</span>
        <LaneSelect
          lanes={choices}
          value={targetLane?.id ?? ''}
          onChange={setLaneId}
          {...(anonymousDraft ? { emptyLabel: 'Facilitator places it' } : {})}
        />
      </label>
      <button type="submit" className="primary" disabled={!text.trim() || mode === 'closed'}>
        {mode === 'draft' ? 'Add private draft' : 'Add'}
      </button>
      {ownLane && (
        <button type="button" className="go-to-lane" onClick={() => goToLane(ownLane.id, { focus: true })}>
          Go to my lane
        </button>
      )}
      <div className="quick-add-hints">
        <LanguageHints text={text} onReword={setText} />
      </div>
      <ErrorNote message={error} id={`${id}-error`} />
    </form>
  );
}
