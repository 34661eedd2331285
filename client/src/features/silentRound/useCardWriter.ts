import { createCard, parseDraft, type CardKind, type TimePrecision } from '@retrace/shared';
import { useStore } from 'zustand';
import { useViewStore } from '../../stores/viewStore';
import { useBoardContext, useControl, useEditContext } from '../board/BoardContext';

export interface NewCard {
  readonly text: string;
  /** null only for a draft in an anonymous round: the facilitator places it at the reveal. */
  readonly laneId: string | null;
  readonly occurredAt: number | null;
  readonly precision?: TimePrecision;
  readonly kind?: CardKind;
}

/** What adding a card does right now: a card for everyone, a private draft, or nothing (writing closed). */
export type WriteMode = 'card' | 'draft' | 'closed';

const WRITING_CLOSED = 'Writing is closed while the facilitator reveals the silent round.';

function laneOf(card: NewCard): string {
  if (card.laneId === null) throw new Error('Choose a lane for the card.');
  return card.laneId;
}

/**
 * Adds a card, or, during a silent writing round, a private draft that only the server
 * holds until the facilitator reveals the round.
 */
export function useCardWriter(): { mode: WriteMode; anonymous: boolean; write: (card: NewCard) => string } {
  const { session, participant } = useBoardContext();
  const ctx = useEditContext();
  const { silentRound } = useControl();
  const synced = useStore(session.control.synced);
  const stage = synced ? silentRound.stage : 'idle';
  const mode: WriteMode = stage === 'writing' ? 'draft' : stage === 'reviewing' ? 'closed' : 'card';
  /** Adds it and brings it into view for this person, highlighted for a moment; returns its id. */
  const write = (card: NewCard) => {
    if (mode === 'closed') throw new Error(WRITING_CLOSED);
    const id =
      mode === 'draft'
        ? session.drafts.add(
            parseDraft({ ...card, author: { name: participant.name, timeZone: participant.timeZone } }),
          ).id
        : createCard(session.doc, { ...card, laneId: laneOf(card) }, ctx);
    useViewStore.getState().revealCards([id]);
    return id;
  };
  return { mode, anonymous: silentRound.anonymous, write };
}
