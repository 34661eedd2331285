import { useDraggable } from '@dnd-kit/core';
import type { Card } from '@retrace/shared';
import { memo, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { Peer } from '../../stores/presence';
import { useViewStore } from '../../stores/viewStore';
import { CardEditor } from './CardEditor';
import { CardMenu } from './CardMenu';
import { CardTime } from './CardTime';
import { CardVotes } from '../facilitation/DotVotes';
import { useIsSpotlit } from '../facilitation/spotlight';
import { WordingMarker } from './WordingMarker';
import { CARD_KIND_STYLE } from './cardKinds';
import { CARD_DRAG_INSTRUCTIONS_ID } from './cardDragInstructions';
import { cardClock, cardTimeDetails } from './timeLabels';

export interface CardChipProps {
  readonly card: Card;
  /** Position inside its lane's time area or tray (numbers, not a style object: memo compares them). */
  readonly top: number;
  readonly left: number;
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

// Read when used, not subscribed to: a thousand cards, a thousand fewer listeners.
const setEditing = (cardId: string | null) => useViewStore.getState().setEditing(cardId);

const lockNoteOf = (heldBy: Peer | undefined) =>
  heldBy ? `${heldBy.user.name} is ${heldBy.dragging ? 'moving' : 'editing'} this card` : '';

/**
 * A card on the timeline: draggable (mouse, touch, keyboard), editable inline. The card is
 * an article (not a button) so its time and ⋯ menu are controls of their own; its face is
 * memoised apart from the drag state, and the drag hook itself is only mounted on a card the
 * pointer or focus is on (CardDrag).
 */
export const CardChip = memo(function CardChip({
  card,
  top,
  left,
  viewerZone,
  referenceZone,
  canEdit,
  heldBy,
  factorNames,
  names,
}: CardChipProps) {
  const editing = useViewStore((s) => s.editingCardId === card.id);
  const justAdded = useViewStore((s) => s.highlighted.has(card.id));
  const locked = heldBy !== undefined;
  const draggable = canEdit && !editing && !locked;
  // The drag hook is mounted only on a card under the pointer or holding focus (see CardDrag).
  const articleRef = useRef<HTMLElement | null>(null);
  const [armed, setArmed] = useState(false);
  const [drag, setDrag] = useState<DragHandle | null>(null);
  // Pointer events are not discrete for React: without flushSync the hook and its listeners
  // could still be missing when the press arrives. Focus is discrete (rendered at once).
  const armNow = () => {
    if (!armed && draggable) flushSync(() => setArmed(true));
  };
  const arm = () => {
    if (!armed && draggable) setArmed(true);
  };
  // Left for good (not for a control inside the card), and not in the middle of a drag.
  // Kept while the other of pointer and focus is still on the card.
  const disarm = (event: { type: string; relatedTarget: EventTarget | null }) => {
    const element = articleRef.current;
    if (!armed || drag?.isDragging || !element) return;
    if (event.relatedTarget instanceof Node && element.contains(event.relatedTarget)) return;
    if (event.type === 'pointerleave' ? element.contains(document.activeElement) : element.matches(':hover')) return;
    setArmed(false); // CardDrag unmounts and reports no drag state
  };
  const spotlit = useIsSpotlit('card', card.id);
  const kind = CARD_KIND_STYLE[card.kind];
  const lockNote = lockNoteOf(heldBy);
  const active = draggable && armed ? drag : null;

  return (
    <article
      ref={articleRef}
      className={`card kind-${card.kind}${card.misleading ? ' misleading' : ''}${active?.isDragging ? ' dragging' : ''}${locked ? ' locked' : ''}${spotlit ? ' spotlit' : ''}${justAdded ? ' just-added' : ''}`}
      style={{ top, left }}
      data-card-id={card.id}
      aria-label={`${kind.label} at ${cardClock(card, viewerZone)}: ${card.text}${card.misleading ? ' (misleading signal)' : ''}${lockNote ? `. ${lockNote}` : ''}`}
      tabIndex={0}
      aria-roledescription={draggable ? 'draggable' : undefined}
      aria-describedby={draggable ? CARD_DRAG_INSTRUCTIONS_ID : undefined}
      onPointerEnter={armNow}
      onPointerMove={armed ? undefined : armNow}
      onFocus={arm}
      onPointerLeave={disarm}
      onBlur={disarm}
      {...(active ? active.listeners : {})}
      aria-disabled={locked || undefined}
      onDoubleClick={canEdit && !locked ? () => setEditing(card.id) : undefined}
      onKeyDown={(event) => {
        if (event.target !== event.currentTarget) return;
        if (canEdit && !locked && !editing && event.key === 'Enter') {
          event.preventDefault();
          setEditing(card.id);
          return;
        }
        if (active) active.listeners?.['onKeyDown']?.(event);
      }}
    >
      {armed && (
        <CardDrag
          card={card}
          disabled={!draggable}
          node={articleRef}
          onChange={setDrag}
          onDropped={() => {
            if (!articleRef.current?.matches(':hover, :focus-within')) setArmed(false);
          }}
        />
      )}
      <CardFace
        card={card}
        viewerZone={viewerZone}
        referenceZone={referenceZone}
        canEdit={canEdit}
        editing={editing}
        heldBy={heldBy}
        factorNames={factorNames}
        names={names}
      />
    </article>
  );
});

interface DragHandle {
  readonly listeners: ReturnType<typeof useDraggable>['listeners'];
  readonly isDragging: boolean;
}

/**
 * @dnd-kit's drag hook for one card, mounted while the card is under the pointer or holds
 * focus (pointerenter and focus come before the press or key that starts a drag). With the
 * hook on all 1,000 cards of a large board, every card re-rendered whenever a drag started
 * or crossed a lane (frames of 105–160 ms), and each card's first render paid for it.
 */
function CardDrag({
  card,
  disabled,
  node,
  onChange,
  onDropped,
}: {
  card: Card;
  disabled: boolean;
  node: RefObject<HTMLElement | null>;
  onChange: (handle: DragHandle | null) => void;
  onDropped: () => void;
}) {
  const { listeners, setNodeRef, isDragging } = useDraggable({ id: card.id, data: { card }, disabled });
  useLayoutEffect(() => {
    setNodeRef(node.current);
    return () => setNodeRef(null);
  }, [node, setNodeRef]);
  useLayoutEffect(() => onChange({ listeners, isDragging }), [listeners, isDragging, onChange]);
  useLayoutEffect(() => () => onChange(null), [onChange]);
  const wasDragging = useRef(false);
  useEffect(() => {
    if (wasDragging.current && !isDragging) onDropped();
    wasDragging.current = isDragging;
  });
  return null;
}

/** What a card shows: kind, time, tools, text and tags (also used for the dragged copy). */
export const CardFace = memo(function CardFace({
  card,
  viewerZone,
  referenceZone,
  canEdit,
  editing,
  heldBy,
  factorNames,
  names,
}: {
  card: Card;
  viewerZone: string;
  referenceZone: string;
  canEdit: boolean;
  editing: boolean;
  heldBy: Peer | undefined;
  factorNames?: ReadonlyMap<string, string> | undefined;
  names?: readonly string[] | undefined;
}) {
  const kind = CARD_KIND_STYLE[card.kind];
  const locked = heldBy !== undefined;
  const lockNote = lockNoteOf(heldBy);
  return (
    <>
      <header className="card-meta">
        <span className="kind-tag">
          <span aria-hidden="true">{kind.glyph}</span> {kind.label}
        </span>
        <CardTime
          clock={cardClock(card, viewerZone)}
          details={() => cardTimeDetails(card, viewerZone, referenceZone)}
        />
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
        {card.author && (
          <span className="muted" title={card.importedFrom ? `Imported from ${card.importedFrom}` : undefined}>
            {card.author.name}
          </span>
        )}
        {heldBy && (
          <span className="lock" style={{ borderColor: heldBy.user.color }}>
            {lockNote}
          </span>
        )}
      </footer>
    </>
  );
});
