import { isAgendaPhase, setSpotlight, votingShownIn, type VoteSubject } from '@retrace/shared';
import { serverNow } from '../../sync/serverClock';
import { useBoardContext, useControl } from '../board/BoardContext';
import type { VotingView } from './useVoting';

/** My dots left while voting is open; the ranking once it closes (for rounds on `subject`). */
export function VotingSummary({
  view,
  names,
  subject,
}: {
  view: VotingView;
  names: ReadonlyMap<string, string>;
  subject: VoteSubject;
}) {
  const { canEdit, role, session } = useBoardContext();
  const { phase } = useControl();
  const { voting } = view;
  if (voting.round === null || voting.on !== subject || !votingShownIn(voting, phase)) return null;
  if (voting.open) {
    return (
      <p className="voting-summary" role="status" data-testid="votes-left">
        Dot voting is open: results show when the facilitator closes it
        {voting.closeAtTimeUp ? ' or the time is up' : ''}.{' '}
        {canEdit && (
          <strong>
            {view.left} of {voting.budget} {voting.budget === 1 ? 'dot' : 'dots'} left
          </strong>
        )}{' '}
        <span className="muted">
          {voting.cast} {voting.cast === 1 ? 'dot' : 'dots'} cast by {voting.voters}{' '}
          {voting.voters === 1 ? 'person' : 'people'}
        </span>
        {view.error && <span className="error"> {view.error}</span>}
      </p>
    );
  }
  const ranking = (voting.results ?? []).filter((entry) => names.has(entry.target));
  const agenda = isAgendaPhase(voting, phase);
  const spotlight = role === 'facilitator' && subject === 'cards';
  return (
    <div className="voting-summary" data-testid="vote-results">
      <strong>{agenda ? 'Agenda from the vote: discuss in this order' : 'Voting results'}</strong>
      {ranking.length === 0 ? (
        <p className="muted">No votes were cast.</p>
      ) : (
        <ol>
          {ranking.map((entry) => (
            <li key={entry.target}>
              {names.get(entry.target)}: {entry.votes} {entry.votes === 1 ? 'vote' : 'votes'}
              {spotlight && (
                <>
                  {' '}
                  <button
                    type="button"
                    onClick={() =>
                      setSpotlight(session.control.doc, { kind: 'card', id: entry.target, at: serverNow() })
                    }
                    aria-label={`Spotlight “${names.get(entry.target)}”`}
                  >
                    Spotlight
                  </button>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
