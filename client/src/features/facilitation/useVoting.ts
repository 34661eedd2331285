import {
  castVote,
  observeVotes,
  readVotes,
  retractVote,
  tallyVotes,
  votesLeft,
  type Tally,
  type VotingState,
} from '@retrace/shared';
import { useEffect, useMemo, useState } from 'react';
import { useBoardContext, useControl } from '../board/BoardContext';

export interface VotingView {
  readonly voting: VotingState;
  readonly tally: Tally;
  /** Dots I have left in the open round. */
  readonly left: number;
  /** My counted dots on a target. */
  mine(target: string): number;
  cast(target: string): void;
  retract(target: string): void;
}

/** The dot-voting round (from the control document) and its live tally (from the board). */
export function useVoting(): VotingView {
  const { session, participant } = useBoardContext();
  const { voting } = useControl();
  const [version, setVersion] = useState(0);
  useEffect(() => observeVotes(session.doc, () => setVersion((v) => v + 1)), [session.doc]);
  return useMemo(() => {
    void version; // re-tally when the votes change
    const tally = tallyVotes(readVotes(session.doc), voting);
    const voter = participant.id;
    return {
      voting,
      tally,
      left: votesLeft(tally, voting, voter),
      mine: (target) => tally.byVoter.get(voter)?.filter((vote) => vote.target === target).length ?? 0,
      cast: (target) => void castVote(session.doc, voting, voter, target, Date.now(), session.origin),
      retract: (target) => void retractVote(session.doc, voting, voter, target, session.origin),
    };
  }, [session, participant.id, voting, version]);
}
