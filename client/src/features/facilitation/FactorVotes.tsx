import { useBoardContext } from '../board/BoardContext';
import type { VotingView } from './useVoting';

/** A factor's dots: mine to add and take back while voting is open, everyone's once it closes. */
export function FactorVotes({ view, target, name }: { view: VotingView; target: string; name: string }) {
  const { canEdit } = useBoardContext();
  const { voting, tally } = view;
  if (voting.round === null) return null;
  if (!voting.open) {
    const votes = tally.byTarget.get(target) ?? 0;
    return (
      <p className="factor-votes result" data-testid="vote-result">
        {votes} {votes === 1 ? 'vote' : 'votes'}
      </p>
    );
  }
  if (!canEdit) return null;
  const mine = view.mine(target);
  return (
    <p className="factor-votes">
      <span aria-label={`Your votes on “${name}”: ${mine}`} className="dots">
        {'●'.repeat(mine) || 'No dots yet'}
      </span>
      <button type="button" onClick={() => view.cast(target)} disabled={view.left === 0}>
        Vote
      </button>
      {mine > 0 && (
        <button type="button" onClick={() => view.retract(target)} aria-label={`Take back a vote from “${name}”`}>
          −
        </button>
      )}
    </p>
  );
}
