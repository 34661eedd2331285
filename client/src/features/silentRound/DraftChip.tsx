import { formatClock } from '@retrace/shared';
import { useState, type CSSProperties } from 'react';
import type { LocalDraft } from '../../sync/DraftBook';
import { useBoardContext } from '../board/BoardContext';

/**
 * One of my private drafts on the timeline: visible to me only until the round is
 * revealed. Double-click (or Enter) to change its text; × deletes it.
 */
export function DraftChip({
  draft,
  style,
  viewerZone,
}: {
  draft: LocalDraft;
  style: CSSProperties;
  viewerZone: string;
}) {
  const { session } = useBoardContext();
  const [editing, setEditing] = useState(false);
  const clock = draft.occurredAt === null ? 'time unknown' : formatClock(draft.occurredAt, viewerZone);
  return (
    <article
      className="card draft"
      style={style}
      data-draft-id={draft.id}
      tabIndex={0}
      aria-label={`Private draft at ${clock}: ${draft.text}`}
      onDoubleClick={() => setEditing(true)}
      onKeyDown={(event) => {
        if (!editing && event.key === 'Enter') {
          event.preventDefault();
          setEditing(true);
        }
      }}
    >
      <header className="card-meta">
        <span className="kind-tag">
          <span aria-hidden="true">✎</span> Private draft
        </span>
        <time>{clock}</time>
        <button
          type="button"
          className="icon-button"
          aria-label={`Delete draft “${draft.text.slice(0, 40)}”`}
          onClick={() => void session.drafts.remove(draft.id)}
        >
          ×
        </button>
      </header>
      {editing ? (
        <DraftEditor
          text={draft.text}
          onDone={(text) => {
            if (text !== null && text.trim() && text.trim() !== draft.text) session.drafts.update(draft.id, text);
            setEditing(false);
          }}
        />
      ) : (
        <p className="card-text">{draft.text}</p>
      )}
      <footer className="card-foot">
        <span className="muted">{draft.saved ? 'Only you see this until the reveal' : 'Not sent yet: kept here'}</span>
      </footer>
    </article>
  );
}

/** Enter or leaving the field keeps the change; Escape drops it (null). */
function DraftEditor({ text, onDone }: { text: string; onDone: (text: string | null) => void }) {
  const [value, setValue] = useState(text);
  return (
    <textarea
      className="card-editor"
      aria-label="Edit draft"
      autoFocus
      value={value}
      maxLength={2000}
      onChange={(event) => setValue(event.target.value)}
      onBlur={() => onDone(value)}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          onDone(value);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          onDone(null);
        }
      }}
    />
  );
}
