import { useStore } from 'zustand';
import { ErrorNote } from '../../components/ui/ErrorNote';
import { useBoardContext, useControl } from '../board/BoardContext';

const people = (n: number) => (n === 1 ? '1 person' : `${n} people`);
const drafts = (n: number) => (n === 1 ? '1 draft' : `${n} drafts`);

/** Tells everyone a silent writing round is on, what it means for what they add, and how far it is. */
export function SilentRoundBanner() {
  const { session, role } = useBoardContext();
  const { silentRound } = useControl();
  const synced = useStore(session.control.synced);
  const mine = useStore(session.drafts.state);
  if (!synced || silentRound.stage === 'idle') return null;
  const unplaced = mine.drafts.filter((draft) => draft.laneId === null).length;
  const progress = `${drafts(silentRound.drafts)} from ${people(silentRound.writers)} so far.`;
  return (
    <section className="silent-round" aria-label="Silent writing round" data-testid="silent-round">
      {silentRound.stage === 'writing' ? (
        <p>
          <strong>Silent writing{silentRound.anonymous ? ' (anonymous)' : ''}.</strong>{' '}
          {role === 'viewer'
            ? 'Participants are writing privately; their cards appear when the facilitator reveals the round.'
            : silentRound.anonymous
              ? 'What you add now is a private draft: nobody sees it until the facilitator reveals the round, and then without your name. Choose a shared lane for it, or leave it for the facilitator to place (a card in your own lane would show whose perspective it is).'
              : 'What you add now is a private draft: nobody sees it until the facilitator reveals the round.'}{' '}
          {progress}
          {role !== 'viewer' && ` You have ${drafts(mine.drafts.length)}`}
          {role !== 'viewer' && unplaced > 0 && ` (${unplaced} for the facilitator to place, listed in the list view)`}
          {role !== 'viewer' && '.'}
        </p>
      ) : (
        <p>
          <strong>Revealing the silent round.</strong> Writing is closed while the facilitator reviews {progress}
        </p>
      )}
      <ErrorNote message={mine.error} />
    </section>
  );
}
