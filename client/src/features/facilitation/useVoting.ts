import { resultsByTarget, type VotingState } from '@retrace/shared';
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { useBoardContext, useControl } from '../board/BoardContext';

export interface VotingView {
  readonly voting: VotingState;
  /** Dots per target, as the server counted them when the round closed. */
  readonly results: ReadonlyMap<string, number>;
  /** Dots I have left in the open round. */
  readonly left: number;
  /** Why my last dot was refused (the round closed, the budget is spent). */
  readonly error: string | null;
  /** My dots on a target. */
  mine(target: string): number;
  cast(target: string): void;
  retract(target: string): void;
}

/** The dot-voting round (control document), the results the server fixed, and my own dots (from the server). */
export function useVoting(): VotingView {
  const { session } = useBoardContext();
  const { voting } = useControl();
  const book = useStore(session.votes.state);
  return useMemo(() => {
    const current = book.round === voting.round;
    return {
      voting,
      results: resultsByTarget(voting),
      left: current ? book.left : voting.open ? voting.budget : 0,
      error: book.error,
      mine: (target) => (current ? (book.mine[target] ?? 0) : 0),
      cast: (target) => void session.votes.cast(target),
      retract: (target) => void session.votes.retract(target),
    };
  }, [session, voting, book]);
}
