import { editCard, type Card } from '@retrace/shared';
import { useEffect, useRef, useState } from 'react';
import { useBoardContext, useEditContext } from '../board/BoardContext';
import { HintText, useLanguageFindings } from '../language/LanguageHints';

/** A small marker on a card whose wording may read as blame; opens the hint and its rewording. */
export function WordingMarker({ card, names }: { card: Card; names: readonly string[] | undefined }) {
  const { session } = useBoardContext();
  const ctx = useEditContext();
  const findings = useLanguageFindings(card.text, names);
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);
  if (findings.length === 0) return null;
  const first = findings[0]!;
  return (
    <div
      className="wording"
      ref={ref}
      onPointerDown={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
    >
      <button
        type="button"
        className="icon-button wording-button"
        aria-expanded={open}
        aria-label="Wording hint"
        onClick={() => setOpen((v) => !v)}
      >
        ✎?
      </button>
      {open && (
        <div className="menu wording-popover" role="dialog" aria-label="Wording hint">
          <HintText
            text={card.text}
            finding={first}
            onReword={(next) => {
              editCard(session.doc, { cardId: card.id, text: next.slice(0, 2000) }, ctx);
              setOpen(false);
            }}
          />
          <button type="button" onClick={() => editCard(session.doc, { cardId: card.id, hintsDismissed: true }, ctx)}>
            Keep our wording (hide for everyone)
          </button>
        </div>
      )}
    </div>
  );
}
