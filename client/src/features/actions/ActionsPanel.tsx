import { actionsToCsv, actionsToIssueMarkdown, createAction } from '@retrace/shared';
import { useState, type FormEvent } from 'react';
import { useBoardContext, useBoardSnapshot, useEditContext } from '../board/BoardContext';
import { LanguageHints } from '../language/LanguageHints';
import { ActionItem } from './ActionItem';
import { downloadText } from './download';

/** Follow-up actions, each linked to the systemic factors it addresses; CSV and issue-text export. */
export function ActionsPanel() {
  const { session, canEdit } = useBoardContext();
  const ctx = useEditContext();
  const board = useBoardSnapshot();
  const factors = board.factors.filter((factor) => factor.deletedAt === null);
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [factorId, setFactorId] = useState('');
  const [copied, setCopied] = useState(false);
  const fileBase = board.meta.title.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60) || 'retrace';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    createAction(session.doc, { title: title.trim(), owner: owner.trim(), factorIds: factorId ? [factorId] : [] }, ctx);
    setTitle('');
    setOwner('');
    setFactorId(''); // each action picks its factor deliberately
  };

  return (
    <section className="panel-section" aria-labelledby="actions-heading">
      <h2 id="actions-heading">Follow-up actions</h2>
      <p className="muted">Changes that stick address a systemic factor, not a person.</p>
      <ul className="action-list">
        {board.actions.map((action) => (
          <ActionItem key={action.id} action={action} factors={factors} />
        ))}
      </ul>
      {canEdit && (
        <form onSubmit={submit} className="create-action" aria-label="Add a follow-up action">
          <label>
            Action
            <input
              value={title}
              maxLength={300}
              onChange={(e) => setTitle(e.target.value)}
              placeholder="Add a canary stage to the auth pipeline"
            />
          </label>
          <LanguageHints text={title} onReword={(next) => setTitle(next.slice(0, 300))} />
          <label>
            Owner
            <input
              value={owner}
              maxLength={200}
              onChange={(e) => setOwner(e.target.value)}
              placeholder="Platform team"
            />
          </label>
          <label>
            Addresses
            <select value={factorId} onChange={(e) => setFactorId(e.target.value)}>
              <option value="">(choose a systemic factor)</option>
              {factors.map((factor) => (
                <option key={factor.id} value={factor.id}>
                  {factor.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={!title.trim()}>
            Add action
          </button>
        </form>
      )}
      {board.actions.length > 0 && (
        <div className="row-buttons export-buttons">
          <button
            type="button"
            onClick={() => downloadText(`${fileBase}-actions.csv`, 'text/csv', actionsToCsv(board))}
          >
            Download CSV
          </button>
          <button
            type="button"
            onClick={() => downloadText(`${fileBase}-actions.md`, 'text/markdown', actionsToIssueMarkdown(board))}
          >
            Download issues (Markdown)
          </button>
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard.writeText(actionsToIssueMarkdown(board)).then(() => setCopied(true));
            }}
          >
            {copied ? 'Copied' : 'Copy issue text'}
          </button>
        </div>
      )}
    </section>
  );
}
