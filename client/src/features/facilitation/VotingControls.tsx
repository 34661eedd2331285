import { NO_VOTING, openVotingRound, setVoting, type VoteSubject } from '@retrace/shared';
import { useState } from 'react';
import { useBoardContext, useControl } from '../board/BoardContext';

/** The facilitator's dot-voting controls: what to vote on, budget, and start, close, clear. */
export function VotingControls({ defaultSubject }: { defaultSubject: VoteSubject }) {
  const { session } = useBoardContext();
  const { voting } = useControl();
  const [budget, setBudget] = useState(voting.budget);
  const [subject, setSubject] = useState<VoteSubject>(defaultSubject);
  const doc = session.control.doc;
  return (
    <span className="button-group" role="group" aria-label="Dot voting">
      {voting.open ? (
        <button type="button" onClick={() => setVoting(doc, { ...voting, open: false })}>
          Close voting
        </button>
      ) : (
        <>
          <label className="inline">
            Vote on
            <select
              value={subject}
              onChange={(event) => setSubject(event.target.value as VoteSubject)}
              aria-label="Vote on"
            >
              <option value="factors">factors</option>
              <option value="cards">cards</option>
            </select>
          </label>
          <label className="inline">
            Dots each
            <input
              type="number"
              min={1}
              max={20}
              value={budget}
              onChange={(event) => setBudget(Number(event.target.value))}
              aria-label="Dots per person"
            />
          </label>
          <button type="button" onClick={() => setVoting(doc, openVotingRound(budget, subject))}>
            {voting.round === null ? 'Start dot voting' : 'New voting round'}
          </button>
          {voting.round !== null && (
            <button
              type="button"
              onClick={() => setVoting(doc, { ...NO_VOTING, budget: voting.budget, on: voting.on })}
            >
              Clear results
            </button>
          )}
        </>
      )}
    </span>
  );
}
