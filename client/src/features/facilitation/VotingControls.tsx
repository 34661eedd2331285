import type { VoteSubject } from '@retrace/shared';
import { useState } from 'react';
import { PopoverButton } from '../../components/ui/Popover';
import { announce } from '../../stores/announcer';
import { useBoardContext, useControl } from '../board/BoardContext';

/** The facilitator's dot-voting controls: what to vote on, budget, time's up, and start, close, clear. */
export function VotingControls({ defaultSubject }: { defaultSubject: VoteSubject }) {
  const { session } = useBoardContext();
  const { voting, timer } = useControl();
  const [budget, setBudget] = useState(voting.budget);
  const [subject, setSubject] = useState<VoteSubject>(defaultSubject);
  const [closeAtTimeUp, setCloseAtTimeUp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (call: () => Promise<unknown>, done: string) => {
    setError(null);
    call().then(
      () => announce(done),
      (e: Error) => setError(e.message),
    );
  };
  return (
    <span className="button-group" role="group" aria-label="Dot voting">
      {voting.open ? (
        <button type="button" onClick={() => run(() => session.voting.change('close'), 'Voting closed')}>
          Close voting
        </button>
      ) : (
        <>
          <PopoverButton label={voting.round === null ? 'Dot voting' : 'Voting'} panelLabel="Dot voting">
            <>
              <label>
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
              <label>
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
              <label title={timer.endsAt === null ? 'Start the timer for this to apply' : undefined}>
                <input
                  type="checkbox"
                  checked={closeAtTimeUp}
                  onChange={(event) => setCloseAtTimeUp(event.target.checked)}
                />
                Close at time’s up
              </label>
              <button
                type="button"
                className="primary"
                data-popover-close
                onClick={() => {
                  run(
                    () => session.voting.open(Math.min(20, Math.max(1, budget || 1)), subject, closeAtTimeUp),
                    'Voting open',
                  );
                }}
              >
                {voting.round === null ? 'Start dot voting' : 'New voting round'}
              </button>
              {voting.round !== null && (
                <button
                  type="button"
                  data-popover-close
                  onClick={() => {
                    run(() => session.voting.change('clear'), 'Results cleared');
                  }}
                >
                  Clear results
                </button>
              )}
            </>
          </PopoverButton>
        </>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
