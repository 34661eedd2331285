import { useViewStore } from '../../stores/viewStore';
import { formatClock } from '@retrace/shared';
import { useState, type CSSProperties } from 'react';
import type { LocalDraft } from '../../sync/DraftBook';
import { InlineTextEditor } from '../../components/ui/InlineTextEditor';
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
  const justAdded = useViewStore((s) => s.highlighted.has(draft.id));
  const clock = draft.occurredAt === null ? 'time unknown' : formatClock(draft.occurredAt, viewerZone);
  return (
    <article
      className={`card draft${justAdded ? ' just-added' : ''}`}
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
        <InlineTextEditor
          initial={draft.text}
          label="Edit draft"
          onFinish={(text) => {
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
