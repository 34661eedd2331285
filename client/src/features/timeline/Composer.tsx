import { createCard } from '@retrace/shared';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useViewStore, type Composer as ComposerState } from '../../stores/viewStore';
import { useBoardContext, useEditContext } from '../board/BoardContext';
import { LanguageHints } from '../language/LanguageHints';

/** A new card being written where the person double-clicked; nothing is stored until Enter. */
export function Composer({ composer, style, label }: { composer: ComposerState; style: CSSProperties; label: string }) {
  const { session } = useBoardContext();
  const ctx = useEditContext();
  const openComposer = useViewStore((s) => s.openComposer);
  const [text, setText] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const save = () => {
    if (text.trim())
      createCard(session.doc, { text: text.trim(), laneId: composer.laneId, occurredAt: composer.occurredAt }, ctx);
    openComposer(null);
  };
  return (
    <div className="card composer" style={style}>
      <p className="card-meta">New card · {label}</p>
      <textarea
        ref={ref}
        className="card-editor"
        aria-label={`New card at ${label}`}
        value={text}
        maxLength={2000}
        onChange={(e) => setText(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            save();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            openComposer(null);
          }
        }}
      />
      <LanguageHints text={text} />
    </div>
  );
}
