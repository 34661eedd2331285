import { useDroppable } from '@dnd-kit/core';
import { FACTOR_CATEGORIES, deleteFactor, editFactor, mergeFactors, type Factor } from '@retrace/shared';
import { useState } from 'react';
import { useBoardContext, useEditContext } from '../board/BoardContext';
import { DotVotes } from '../facilitation/DotVotes';
import type { VotingView } from '../facilitation/useVoting';

/** One systemic factor: a drop target for cards, editable in place, mergeable, deletable. */
export function FactorItem({
  factor,
  evidence,
  others,
  voting,
}: {
  factor: Factor;
  evidence: number;
  others: readonly Factor[];
  voting: VotingView;
}) {
  const { session, canEdit } = useBoardContext();
  const ctx = useEditContext();
  const { setNodeRef, isOver } = useDroppable({ id: `factor:${factor.id}`, disabled: !canEdit });
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(factor.name);
  const [description, setDescription] = useState(factor.description);
  const [category, setCategory] = useState(factor.category);
  const [mergeInto, setMergeInto] = useState('');
  const votingOnFactors = voting.voting.open && voting.voting.on === 'factors';

  const save = () => {
    setEditing(false);
    editFactor(
      session.doc,
      { factorId: factor.id, name: name.trim() || factor.name, description, category: category || factor.category },
      ctx,
    );
  };

  return (
    <li
      ref={setNodeRef}
      className={`factor${isOver ? ' drop-target' : ''}`}
      data-factor-id={factor.id}
      aria-label={`Factor ${factor.name}`}
    >
      {editing ? (
        <div className="factor-edit">
          <label>
            Name
            <input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            Category
            <select value={category} onChange={(e) => setCategory(e.target.value)}>
              {FACTOR_CATEGORIES.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
              {!FACTOR_CATEGORIES.some((c) => c.id === factor.category) && (
                <option value={factor.category}>{factor.category}</option>
              )}
            </select>
          </label>
          <label>
            Description
            <textarea value={description} rows={2} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <div className="row-buttons">
            <button type="button" className="primary" onClick={save}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <>
          <p className="factor-name">
            <strong>{factor.name}</strong>{' '}
            {evidence === 0 ? (
              <span className="no-evidence">No evidence yet</span>
            ) : (
              <span className="muted">
                {evidence} {evidence === 1 ? 'card' : 'cards'}
              </span>
            )}
          </p>
          {factor.description && <p className="muted factor-description">{factor.description}</p>}
          <DotVotes view={voting} target={factor.id} name={factor.name} subject="factors" />
        </>
      )}
      {/* While dots go on factors, the factors hold still: merging or deleting one would move or drop votes. */}
      {canEdit && !editing && !votingOnFactors && (
        <div className="row-buttons">
          <button
            type="button"
            onClick={() => {
              setName(factor.name);
              setDescription(factor.description);
              setCategory(factor.category);
              setEditing(true);
            }}
          >
            Edit
          </button>
          {others.length > 0 && (
            <label className="inline">
              <span className="visually-hidden">Merge “{factor.name}” into</span>
              <select value={mergeInto} onChange={(e) => setMergeInto(e.target.value)}>
                <option value="">Merge into…</option>
                {others.map((other) => (
                  <option key={other.id} value={other.id}>
                    {other.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          {mergeInto && (
            <button
              type="button"
              onClick={() => {
                mergeFactors(session.doc, { sourceId: factor.id, targetId: mergeInto }, ctx);
                setMergeInto('');
              }}
            >
              Merge
            </button>
          )}
          <button
            type="button"
            className="danger"
            onClick={() => deleteFactor(session.doc, { factorId: factor.id }, ctx)}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
