import { createLane } from '@retrace/shared';
import { useState, type FormEvent } from 'react';
import { useBoardContext, useEditContext } from '../board/BoardContext';

/** Adds a shared lane ("Deploy pipeline", "Customers", …). */
export function AddLaneButton() {
  const { session } = useBoardContext();
  const ctx = useEditContext();
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    createLane(session.doc, { name: name.trim(), kind: 'system' }, ctx);
    setName('');
  };
  return (
    <form className="add-lane" onSubmit={submit}>
      <label>
        <span className="visually-hidden">New shared lane</span>
        <input
          value={name}
          maxLength={120}
          onChange={(e) => setName(e.target.value)}
          placeholder="New shared lane, e.g. Database"
        />
      </label>
      <button type="submit" disabled={!name.trim()}>
        Add lane
      </button>
    </form>
  );
}
