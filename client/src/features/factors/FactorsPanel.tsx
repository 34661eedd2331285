import { useDndMonitor } from '@dnd-kit/core';
import { categoryLabel, tagCard } from '@retrace/shared';
import { useMemo } from 'react';
import { useBoardContext, useBoardSnapshot, useEditContext } from '../board/BoardContext';
import { CreateFactorForm } from './CreateFactorForm';
import { FactorItem } from './FactorItem';
import { groupFactors } from './factorGroups';
import { useVoting } from '../facilitation/useVoting';
import { VotingSummary } from '../facilitation/VotingSummary';

/** Systemic factors grouped by category; drop a card on one to tag it. */
export function FactorsPanel() {
  const { session, canEdit } = useBoardContext();
  const ctx = useEditContext();
  const board = useBoardSnapshot();
  const groups = useMemo(() => groupFactors(board), [board]);
  const live = groups.flatMap((group) => group.factors.map((entry) => entry.factor));
  const voting = useVoting();

  useDndMonitor({
    onDragEnd(event) {
      const over = event.over ? String(event.over.id) : '';
      // Only cards carry evidence (an inbox item is placed first).
      if (!canEdit || !over.startsWith('factor:') || !(event.active.data.current as { card?: unknown })?.card) return;
      tagCard(session.doc, { cardId: String(event.active.id), factorId: over.slice('factor:'.length) }, ctx);
    },
  });

  return (
    <section className="panel-section" aria-labelledby="factors-heading">
      <h2 id="factors-heading">Systemic factors</h2>
      <p className="muted">
        Which parts of our systems made this likely, or its repair slow? Drop a card on a factor to link it as evidence.
      </p>
      {groups.length === 0 && <p className="muted">No factors yet.</p>}
      <VotingSummary view={voting} names={new Map(live.map((f) => [f.id, f.name]))} subject="factors" />
      {groups.map((group) => (
        <div key={group.category} className="factor-group">
          <h3>{categoryLabel(group.category)}</h3>
          <ul className="factor-list">
            {group.factors.map(({ factor, evidence }) => (
              <FactorItem
                key={factor.id}
                factor={factor}
                evidence={evidence.length}
                others={live.filter((f) => f.id !== factor.id)}
                voting={voting}
              />
            ))}
          </ul>
        </div>
      ))}
      {canEdit && <CreateFactorForm />}
    </section>
  );
}
