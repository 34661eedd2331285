import { CARD_KINDS, deleteCard, editCard, tagCard, untagCard, type Card } from '@retrace/shared';
import { MenuButton, MenuGroup, MenuItem, MenuSeparator } from '../../components/ui/Menu';
import { useStore } from 'zustand';
import { useBoardContext, useEditContext } from '../board/BoardContext';
import { useViewStore } from '../../stores/viewStore';
import { useSpotlightAction } from '../facilitation/spotlight';
import { CARD_KIND_STYLE } from './cardKinds';

/** The card's "⋯" menu: edit, move to…, kind, factor tags, misleading-signal flag, delete. */
export function CardMenu({ card }: { card: Card }) {
  const { session } = useBoardContext();
  const ctx = useEditContext();
  // Read when chosen, not subscribed to (every card has this menu).
  const view = () => useViewStore.getState();
  const spotlight = useSpotlightAction();
  // Only the factors: subscribed to the whole board, every card's menu re-rendered on every
  // edit anyone made (a card edit keeps the factors list as it was).
  const factors = useStore(session.board, (board) => board.factors).filter((factor) => factor.deletedAt === null);
  const short = card.text.length > 40 ? `${card.text.slice(0, 40)}…` : card.text;

  return (
    <span className="card-menu" onKeyDown={(e) => e.stopPropagation()}>
      <MenuButton className="icon-button" label={`Actions for card “${short}”`} content="⋯">
        {spotlight && <MenuItem onSelect={() => spotlight('card', card.id)}>Spotlight for everyone</MenuItem>}
        <MenuItem onSelect={() => view().setEditing(card.id)}>Edit text</MenuItem>
        <MenuItem onSelect={() => view().openMoveDialog(card.id)}>Move to…</MenuItem>
        <MenuItem
          kind="checkbox"
          checked={card.misleading}
          onSelect={() => editCard(session.doc, { cardId: card.id, misleading: !card.misleading }, ctx)}
        >
          Misleading signal
        </MenuItem>
        <MenuSeparator />
        <MenuGroup label="Kind">
          {CARD_KINDS.map((kind) => (
            <MenuItem
              key={kind}
              kind="radio"
              checked={card.kind === kind}
              onSelect={() => editCard(session.doc, { cardId: card.id, kind }, ctx)}
            >
              {CARD_KIND_STYLE[kind].label}
            </MenuItem>
          ))}
        </MenuGroup>
        {factors.length > 0 && (
          <MenuGroup label="Tag with factor">
            {factors.map((factor) => {
              const tagged = card.factorIds.includes(factor.id);
              return (
                <MenuItem
                  key={factor.id}
                  kind="checkbox"
                  checked={tagged}
                  keepOpen
                  onSelect={() =>
                    (tagged ? untagCard : tagCard)(session.doc, { cardId: card.id, factorId: factor.id }, ctx)
                  }
                >
                  {factor.name}
                </MenuItem>
              );
            })}
          </MenuGroup>
        )}
        <MenuSeparator />
        <MenuItem className="danger" onSelect={() => deleteCard(session.doc, { cardId: card.id }, ctx)}>
          Delete (undo brings it back)
        </MenuItem>
      </MenuButton>
    </span>
  );
}
