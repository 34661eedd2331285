import { useState } from 'react';
import { ErrorNote } from '../../components/ui/ErrorNote';
import { PopoverButton } from '../../components/ui/Popover';
import { silentRoundApi } from '../../lib/silentRoundApi';
import { useBoardContext, useControl } from '../board/BoardContext';
import { RevealDialog } from './RevealDialog';

/** The facilitator's silent-round controls: start (optionally anonymous), reveal, cancel. */
export function SilentRoundControls() {
  const { session, token } = useBoardContext();
  const { silentRound } = useControl();
  const [anonymous, setAnonymous] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const api = silentRoundApi(session.boardId, token);
  const run = (work: () => Promise<unknown>) => {
    setError(null);
    work().catch((caught: Error) => setError(caught.message));
  };
  return (
    <span className="button-group" role="group" aria-label="Silent writing">
      {silentRound.stage === 'idle' ? (
        <PopoverButton label="Silent writing" panelLabel="Silent writing">
          <>
            <label className="checkbox">
              <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} />
              Anonymous
            </label>
            <button
              type="button"
              className="primary"
              data-popover-close
              onClick={() => run(() => api.start(anonymous))}
            >
              Start silent writing
            </button>
          </>
        </PopoverButton>
      ) : (
        <>
          {silentRound.stage === 'writing' && (
            <button type="button" className="primary" onClick={() => run(() => api.review(silentRound.anonymous))}>
              Reveal…
            </button>
          )}
          <button
            type="button"
            onClick={() => {
              if (window.confirm('End the silent round without revealing it? Every draft is discarded.'))
                run(() => api.cancel());
            }}
          >
            Cancel round
          </button>
        </>
      )}
      {silentRound.stage === 'reviewing' && <RevealDialog key={silentRound.round} />}
      <ErrorNote message={error} />
    </span>
  );
}
