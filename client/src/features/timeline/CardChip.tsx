import { useDraggable } from '@dnd-kit/core';
import type { Card } from '@retrace/shared';
import { memo, type CSSProperties } from 'react';
import type { Peer } from '../../stores/presence';
import { useViewStore } from '../../stores/viewStore';
import { CardEditor } from './CardEditor';
import { CardMenu } from './CardMenu';
import { CardVotes } from '../facilitation/DotVotes';
import { useIsSpotlit } from '../facilitation/spotlight';
import { WordingMarker } from './WordingMarker';
import { CARD_KIND_STYLE } from './cardKinds';
import { cardClock, cardTimeDetails } from './timeLabels';

export interface CardChipProps {
  readonly card: Card;
  readonly style: CSSProperties;
  readonly viewerZone: string;
  readonly referenceZone: string;
  readonly canEdit: boolean;
  /** Someone else editing or dragging this card (soft lock). */
  readonly heldBy: Peer | undefined;
  /** Names of live factors by id (for the card's tags). */
  readonly factorNames?: ReadonlyMap<string, string>;
  /** People on the board, for the language hints. */
  readonly names?: readonly string[];
}

/** A card on the timeline: draggable (mouse, touch, keyboard), editable inline. */
export const CardChip = memo(function CardChip({
  card,
  style,
  viewerZone,
  referenceZone,
  canEdit,
  heldBy,
  factorNames,
  names,
}: CardChipProps) {
  const editing = useViewStore((s) => s.editingCardId === card.id);
  const setEditing = useViewStore((s) => s.setEditing);
  const locked = heldBy !== undefined;
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: card.id,
    data: { card },
    disabled: !canEdit || locked || editing,
  });
  // While editing, the card is a plain container: a draggable role around a text box would
  // announce the text box as part of a disabled button.
  const draggable = canEdit && !editing;
  const kind = CARD_KIND_STYLE[card.kind];
  const clock = cardClock(card, viewerZone);
  const spotlit = useIsSpotlit('card', card.id);
  const lockNote = heldBy ? `${heldBy.user.name} is ${heldBy.dragging ? 'moving' : 'editing'} this card` : '';

  return (
    <article
      ref={setNodeRef}
      className={`card kind-${card.kind}${card.misleading ? ' misleading' : ''}${isDragging ? ' dragging' : ''}${locked ? ' locked' : ''}${spotlit ? ' spotlit' : ''}`}
      style={style}
      data-card-id={card.id}
      aria-label={`${kind.label} at ${clock}: ${card.text}${card.misleading ? ' (misleading signal)' : ''}${lockNote ? `. ${lockNote}` : ''}`}
      {...(draggable ? attributes : { tabIndex: 0 })}
      {...(draggable ? listeners : {})}
      aria-disabled={locked || undefined}
      onDoubleClick={canEdit && !locked ? () => setEditing(card.id) : undefined}
      onKeyDown={(event) => {
        if (canEdit && !locked && !editing && event.key === 'Enter') {
          event.preventDefault();
          setEditing(card.id);
          return;
        }
        listeners?.['onKeyDown']?.(event);
      }}
    >
      <header className="card-meta">
        <span className="kind-tag">
          <span aria-hidden="true">{kind.glyph}</span> {kind.label}
        </span>
        <time title={cardTimeDetails(card, viewerZone, referenceZone)}>{clock}</time>
        {canEdit && !locked && !card.hintsDismissed && <WordingMarker card={card} names={names} />}
        {canEdit && !locked && <CardMenu card={card} />}
      </header>
      {editing ? (
        <CardEditor cardId={card.id} text={card.text} onDone={() => setEditing(null)} />
      ) : (
        <p className="card-text">{card.text || <span className="muted">(empty)</span>}</p>
      )}
      <footer className="card-foot">
        {card.factorIds
          .map((id) => factorNames?.get(id))
          .filter((name): name is string => name !== undefined)
          .slice(0, 2)
          .map((name) => (
            <span key={name} className="factor-chip" title={`Systemic factor: ${name}`}>
              ◈ {name}
            </span>
          ))}
        <CardVotes cardId={card.id} text={card.text} />
        {card.misleading && <span className="flag">⚠ Misleading signal</span>}
        {card.author && <span className="muted">{card.author.name}</span>}
        {heldBy && (
          <span className="lock" style={{ borderColor: heldBy.user.color }}>
            {lockNote}
          </span>
        )}
      </footer>
    </article>
  );
});
