import { boardRoots, type NoteKey } from '@retrace/shared';
import { useCallback, useSyncExternalStore } from 'react';
import { useBoardContext, useEditContext } from '../board/BoardContext';
import { LanguageHints } from '../language/LanguageHints';
import { replaceText } from './textDiff';

const NOTES: ReadonlyArray<{ key: NoteKey; label: string; hint: string }> = [
  { key: 'wentWell', label: 'What went well', hint: 'What helped us detect, understand or fix it?' },
  { key: 'gotLucky', label: 'Where we got lucky', hint: 'What could have made this worse, and did not?' },
  { key: 'openQuestions', label: 'Open questions', hint: 'What do we still not understand?' },
];

function NoteEditor({ noteKey, label, hint }: { noteKey: NoteKey; label: string; hint: string }) {
  const { session, canEdit } = useBoardContext();
  const ctx = useEditContext();
  const text = boardRoots(session.doc).note(noteKey);
  const subscribe = useCallback(
    (notify: () => void) => {
      text.observe(notify);
      return () => text.unobserve(notify);
    },
    [text],
  );
  const value = useSyncExternalStore(subscribe, () => text.toString());
  return (
    <label className="note">
      {label}
      <span className="muted note-hint">{hint}</span>
      <textarea
        value={value}
        rows={4}
        readOnly={!canEdit}
        onChange={(e) => session.doc.transact(() => replaceText(text, e.target.value), ctx.origin)}
      />
      <LanguageHints
        text={value}
        {...(canEdit
          ? { onReword: (next: string) => session.doc.transact(() => replaceText(text, next), ctx.origin) }
          : {})}
      />
    </label>
  );
}

/** Shared notes, edited by everyone at once (collaborative text, merged character by character). */
export function NotesPanel() {
  return (
    <section className="panel-section" aria-labelledby="notes-heading">
      <h2 id="notes-heading">Notes</h2>
      {NOTES.map((note) => (
        <NoteEditor key={note.key} noteKey={note.key} label={note.label} hint={note.hint} />
      ))}
    </section>
  );
}
