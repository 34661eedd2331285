import { editCard } from '@retrace/shared';
import { useEffect, useState } from 'react';
import { InlineTextEditor } from '../../components/ui/InlineTextEditor';
import { useBoardContext, useEditContext } from '../board/BoardContext';
import { LanguageHints } from '../language/LanguageHints';

/** Inline editing of a card's text: Enter saves, Shift+Enter adds a line, Escape cancels. */
export function CardEditor({ cardId, text, onDone }: { cardId: string; text: string; onDone: () => void }) {
  const { session } = useBoardContext();
  const ctx = useEditContext();
  const [value, setValue] = useState(text);
  useEffect(() => {
    // Others see who is editing (the soft lock); the text itself never goes through awareness.
    const awareness = session.provider.awareness;
    awareness.setLocalStateField('editing', cardId);
    return () => awareness.setLocalStateField('editing', null);
  }, [session, cardId]);
  return (
    <>
      <InlineTextEditor
        initial={text}
        label="Card text"
        onChange={setValue}
        onFinish={(result) => {
          if (result !== null && result !== text) editCard(session.doc, { cardId, text: result.slice(0, 2000) }, ctx);
          onDone();
        }}
      />
      <LanguageHints text={value} />
    </>
  );
}
