import { editCard } from '@retrace/shared';
import { useEffect, useRef, useState } from 'react';
import { useBoardContext, useEditContext } from '../board/BoardContext';
import { LanguageHints } from '../language/LanguageHints';

/** Inline editing of a card's text: Enter saves, Shift+Enter adds a line, Escape cancels. */
export function CardEditor({ cardId, text, onDone }: { cardId: string; text: string; onDone: () => void }) {
  const { session } = useBoardContext();
  const ctx = useEditContext();
  const [value, setValue] = useState(text);
  const ref = useRef<HTMLTextAreaElement>(null);
  const finished = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
    // Others see who is editing (the soft lock); the text itself never goes through awareness.
    const awareness = session.provider.awareness;
    awareness.setLocalStateField('editing', cardId);
    return () => awareness.setLocalStateField('editing', null);
  }, [session, cardId]);
  const finish = (save: boolean) => {
    if (finished.current) return;
    finished.current = true;
    if (save && value !== text) editCard(session.doc, { cardId, text: value.slice(0, 2000) }, ctx);
    onDone();
  };
  return (
    <>
      <textarea
        ref={ref}
        className="card-editor"
        aria-label="Card text"
        value={value}
        maxLength={2000}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => finish(true)}
        onPointerDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            finish(true);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            finish(false);
          }
        }}
      />
      <LanguageHints text={value} />
    </>
  );
}
