import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { ErrorNote } from '../../components/ui/ErrorNote';
import { useViewStore, type Composer as ComposerState } from '../../stores/viewStore';
import { LanguageHints } from '../language/LanguageHints';
import { useCardWriter } from '../silentRound/useCardWriter';

/**
 * A new card being written where the person double-clicked; nothing is stored until Enter.
 * During a silent writing round it becomes a private draft instead.
 */
export function Composer({ composer, style, label }: { composer: ComposerState; style: CSSProperties; label: string }) {
  const openComposer = useViewStore((s) => s.openComposer);
  const { mode, write } = useCardWriter();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const save = () => {
    try {
      if (text.trim()) write({ text: text.trim(), laneId: composer.laneId, occurredAt: composer.occurredAt });
      openComposer(null);
    } catch (caught) {
      setError((caught as Error).message); // kept open: the text is not lost
    }
  };
  return (
    <div className={`card composer${mode === 'draft' ? ' draft' : ''}`} style={style}>
      <p className="card-meta">
        {mode === 'draft' ? 'Private draft' : 'New card'} · {label}
      </p>
      <textarea
        ref={ref}
        className="card-editor"
        aria-label={`${mode === 'draft' ? 'New private draft' : 'New card'} at ${label}`}
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
      <LanguageHints text={text} onReword={setText} />
      <ErrorNote message={error} />
    </div>
  );
}
