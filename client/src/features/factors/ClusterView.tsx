import { categoryLabel } from '@retrace/shared';
import { useMemo } from 'react';
import { useBoardContext, useBoardSnapshot } from '../board/BoardContext';
import { CARD_KIND_STYLE } from '../timeline/cardKinds';
import { cardClock, cardTimeDetails } from '../timeline/timeLabels';
import { groupFactors } from './factorGroups';

/** Each systemic factor with the cards behind it, in time order; factors without evidence stand out. */
export function ClusterView() {
  const { participant } = useBoardContext();
  const board = useBoardSnapshot();
  const groups = useMemo(() => groupFactors(board), [board]);
  const lanes = new Map(board.lanes.map((lane) => [lane.id, lane.name]));
  return (
    <div className="cluster-view" data-testid="cluster-view" tabIndex={0}>
      {groups.length === 0 && (
        <p className="muted">No systemic factors yet. Add them in the Factors panel, then drop cards on them.</p>
      )}
      {groups.map((group) => (
        <section key={group.category} aria-labelledby={`cluster-${group.category}`}>
          <h2 id={`cluster-${group.category}`}>{categoryLabel(group.category)}</h2>
          {group.factors.map(({ factor, evidence }) => (
            <article
              key={factor.id}
              className={`cluster${evidence.length === 0 ? ' empty' : ''}`}
              data-cluster-factor={factor.id}
            >
              <h3>
                {factor.name} {evidence.length === 0 && <span className="no-evidence">No evidence yet</span>}
              </h3>
              {factor.description && <p className="muted">{factor.description}</p>}
              {evidence.length > 0 && (
                <ol className="evidence">
                  {evidence.map((card) => (
                    <li key={card.id}>
                      <time title={cardTimeDetails(card, participant.timeZone, board.meta.timeZone)}>
                        {cardClock(card, participant.timeZone)}
                      </time>{' '}
                      <span className="muted">{lanes.get(card.place.laneId) ?? ''}</span>{' '}
                      <span aria-hidden="true">{CARD_KIND_STYLE[card.kind].glyph}</span>{' '}
                      <span className="evidence-text">{card.text}</span>
                      {card.misleading && <strong> · misleading signal</strong>}
                    </li>
                  ))}
                </ol>
              )}
            </article>
          ))}
        </section>
      ))}
    </div>
  );
}
