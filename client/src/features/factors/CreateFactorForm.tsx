import { FACTOR_CATEGORIES, createFactor } from '@retrace/shared';
import { useState, type FormEvent } from 'react';
import { useBoardContext, useEditContext } from '../board/BoardContext';
import { LanguageHints } from '../language/LanguageHints';

const CUSTOM = '__custom';

/** A new systemic factor: a name, a category from the taxonomy (or a custom one), a description. */
export function CreateFactorForm() {
  const { session } = useBoardContext();
  const ctx = useEditContext();
  const [name, setName] = useState('');
  // No category is chosen for the group: picking one is part of naming the factor.
  const [category, setCategory] = useState('');
  const [custom, setCustom] = useState('');
  const [description, setDescription] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || !category) return;
    const chosen = category === CUSTOM ? custom.trim() || 'custom' : category;
    createFactor(session.doc, { name: name.trim(), category: chosen, description: description.trim() }, ctx);
    setName('');
    setDescription('');
    setCategory('');
  };
  return (
    <form className="create-factor" onSubmit={submit} aria-label="Add a systemic factor">
      <label>
        Systemic factor
        <input
          value={name}
          maxLength={120}
          onChange={(e) => setName(e.target.value)}
          placeholder="Alert measured the wrong signal"
        />
      </label>
      <LanguageHints text={name} />
      <label>
        Category
        <select value={category} required onChange={(e) => setCategory(e.target.value)}>
          <option value="" disabled>
            Choose a category…
          </option>
          {FACTOR_CATEGORIES.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
          <option value={CUSTOM}>Custom…</option>
        </select>
      </label>
      {category === CUSTOM && (
        <label>
          Custom category
          <input value={custom} maxLength={80} onChange={(e) => setCustom(e.target.value)} />
        </label>
      )}
      <label>
        Description <span className="muted">(optional)</span>
        <textarea value={description} rows={2} maxLength={2000} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={!name.trim() || !category}>
        Add factor
      </button>
    </form>
  );
}
