import { rankTargets, type VoteSubject } from '@retrace/shared';
import { useBoardContext } from '../board/BoardContext';
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
  const { canEdit } = useBoardContext();
  const { voting, tally } = view;
  if (voting.round === null || voting.on !== subject) return null;
  if (voting.open) {
    return (
      <p className="voting-summary" role="status" data-testid="votes-left">
        Dot voting is open: results show when the facilitator closes it.{' '}
        {canEdit && (
          <strong>
            {view.left} of {voting.budget} {voting.budget === 1 ? 'dot' : 'dots'} left
          </strong>
        )}
      </p>
    );
  }
  const ranking = rankTargets(tally).filter((entry) => names.has(entry.target));
  return (
    <div className="voting-summary" data-testid="vote-results">
      <strong>Voting results</strong>
      {ranking.length === 0 ? (
        <p className="muted">No votes were cast.</p>
      ) : (
        <ol>
          {ranking.map((entry) => (
            <li key={entry.target}>
              {names.get(entry.target)}: {entry.votes} {entry.votes === 1 ? 'vote' : 'votes'}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
