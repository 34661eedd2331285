import { formatClock } from '@retrace/shared';
import type { CSSProperties } from 'react';
import type { LocalDraft } from '../../sync/DraftBook';
import { useBoardContext } from '../board/BoardContext';

/** One of my private drafts on the timeline: visible to me only until the round is revealed. */
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
  const clock = draft.occurredAt === null ? 'time unknown' : formatClock(draft.occurredAt, viewerZone);
  return (
    <article
      className="card draft"
      style={style}
      data-draft-id={draft.id}
      tabIndex={0}
      aria-label={`Private draft at ${clock}: ${draft.text}`}
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
      <p className="card-text">{draft.text}</p>
      <footer className="card-foot">
        <span className="muted">{draft.saved ? 'Only you see this until the reveal' : 'Not sent yet: kept here'}</span>
      </footer>
    </article>
  );
}
