import { useMemo } from 'react';
import { useBoardSnapshot } from '../board/BoardContext';
import { useCardVotingRound } from './DotVotes';
import { useVoting } from './useVoting';
import { VotingSummary } from './VotingSummary';

/** For a round on cards: dots left, then which moments the group chose (cards by their text). */
export function CardVotingSummary() {
  return useCardVotingRound() ? <ActiveSummary /> : null;
}

function ActiveSummary() {
  const view = useVoting();
  const board = useBoardSnapshot();
  const names = useMemo(
    () =>
      new Map(
        board.cards
          .filter((card) => card.deletedAt === null)
          .map((card) => [card.id, card.text.length > 80 ? `${card.text.slice(0, 79)}…` : card.text] as const),
      ),
    [board.cards],
  );
  return <VotingSummary view={view} names={names} subject="cards" />;
}
