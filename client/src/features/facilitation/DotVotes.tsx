import { votingShownIn, type VoteSubject } from '@retrace/shared';
import { useStore } from 'zustand';
import { useBoardContext, useControl } from '../board/BoardContext';
import { useVoting, type VotingView } from './useVoting';

/**
 * A factor's or card's dots: mine to add and take back while voting is open, everyone's
 * once it closes. Shown only when the round votes on `subject`.
 */
export function DotVotes({
  view,
  target,
  name,
  subject,
}: {
  view: VotingView;
  target: string;
  name: string;
  subject: VoteSubject;
}) {
  const { canEdit } = useBoardContext();
  const { phase } = useControl();
  const { voting } = view;
  if (voting.round === null || voting.on !== subject || !votingShownIn(voting, phase)) return null;
  if (!voting.open) {
    const votes = view.results.get(target) ?? 0;
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
        {'●'.repeat(mine) || (subject === 'cards' ? '○' : 'No dots yet')}
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

/**
 * A card's dots. Cards are many: each subscribes to the votes only while a round on cards
 * exists, so an ordinary board pays nothing for it.
 */
export function CardVotes({ cardId, text }: { cardId: string; text: string }) {
  return useCardVotingRound() ? <ActiveCardVotes cardId={cardId} text={text} /> : null;
}

/** Whether a dot-voting round on cards exists (re-renders only when that changes). */
export function useCardVotingRound(): boolean {
  const { session } = useBoardContext();
  return useStore(session.control.state, (s) => s.voting.round !== null && s.voting.on === 'cards');
}

function ActiveCardVotes({ cardId, text }: { cardId: string; text: string }) {
  const view = useVoting();
  return <DotVotes view={view} target={cardId} name={text.slice(0, 60)} subject="cards" />;
}
