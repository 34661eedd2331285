import { deleteCard, editCard, tagCard, untagCard, type Card } from '@retrace/shared';
import { useEffect, useRef, useState } from 'react';
import { useBoardContext, useBoardSnapshot, useEditContext } from '../board/BoardContext';
import { useViewStore } from '../../stores/viewStore';
import { CardKindSelect } from './pickers';
import { useSpotlightAction } from '../facilitation/spotlight';

/** The card's "⋯" menu: edit, move to…, kind, misleading-signal flag, delete. Keyboard first. */
export function CardMenu({ card }: { card: Card }) {
  const { session } = useBoardContext();
  const ctx = useEditContext();
  const [open, setOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const setEditing = useViewStore((s) => s.setEditing);
  const openMoveDialog = useViewStore((s) => s.openMoveDialog);
  const spotlight = useSpotlightAction();
  const factors = useBoardSnapshot().factors.filter((factor) => factor.deletedAt === null);

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('button, select')?.focus();
    const onDown = (event: PointerEvent) => {
      if (!menuRef.current?.contains(event.target as Node) && event.target !== buttonRef.current) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const act = (action: () => void) => () => {
    action();
    setOpen(false);
  };

  return (
    <div className="card-menu" onPointerDown={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Actions for card “${card.text.slice(0, 40)}”`}
        onClick={() => setOpen((v) => !v)}
      >
        ⋯
      </button>
      {open && (
        <div
          ref={menuRef}
          role="menu"
          className="menu"
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          {spotlight && (
            <button role="menuitem" type="button" onClick={act(() => spotlight('card', card.id))}>
              Spotlight for everyone
            </button>
          )}
          <button role="menuitem" type="button" onClick={act(() => setEditing(card.id))}>
            Edit text
          </button>
          <button role="menuitem" type="button" onClick={act(() => openMoveDialog(card.id))}>
            Move to…
          </button>
          <label className="menu-field">
            Kind
            <CardKindSelect
              value={card.kind}
              onChange={(kind) => editCard(session.doc, { cardId: card.id, kind }, ctx)}
            />
          </label>
          {factors.length > 0 && (
            <div role="group" aria-label="Tag with factor" className="menu-group">
              <p className="menu-heading">Tag with factor</p>
              {factors.map((factor) => {
                const tagged = card.factorIds.includes(factor.id);
                return (
                  <button
                    key={factor.id}
                    role="menuitemcheckbox"
                    aria-checked={tagged}
                    type="button"
                    onClick={() =>
                      (tagged ? untagCard : tagCard)(session.doc, { cardId: card.id, factorId: factor.id }, ctx)
                    }
                  >
                    {tagged ? '☑' : '☐'} {factor.name}
                  </button>
                );
              })}
            </div>
          )}
          <button
            role="menuitemcheckbox"
            aria-checked={card.misleading}
            type="button"
            onClick={act(() => editCard(session.doc, { cardId: card.id, misleading: !card.misleading }, ctx))}
          >
            {card.misleading ? 'Unflag misleading signal' : 'Flag as misleading signal'}
          </button>
          <button
            role="menuitem"
            type="button"
            className="danger"
            onClick={act(() => deleteCard(session.doc, { cardId: card.id }, ctx))}
          >
            Delete (undo brings it back)
          </button>
        </div>
      )}
    </div>
  );
}
