import { instantFromWallTime, parseLocalDateTime, toLocalDateTimeValue, updateMeta } from '@retrace/shared';
import { useState, type FormEvent } from 'react';
import { useBoardContext, useBoardSnapshot, useEditContext } from '../board/BoardContext';

const MOMENTS = [
  ['startedAt', 'Started', 'when users were first affected'],
  ['detectedAt', 'Detected', 'when someone knew'],
  ['mitigatedAt', 'Mitigated', 'when users stopped being affected'],
  ['resolvedAt', 'Resolved', 'when it was fixed'],
] as const;
type Moment = (typeof MOMENTS)[number][0];

/**
 * The incident's key moments, from which the report computes time to detect, to mitigate
 * and to resolve. Times are entered in the board's zone; anyone who can edit may set them.
 */
export function IncidentWindowForm({ onSaved }: { onSaved(): void }) {
  const { session, canEdit } = useBoardContext();
  const ctx = useEditContext();
  const meta = useBoardSnapshot().meta;
  const zone = meta.timeZone;
  const initial = () =>
    Object.fromEntries(
      MOMENTS.map(([key]) => [key, meta[key] === null ? '' : toLocalDateTimeValue(meta[key]!, zone)]),
    ) as Record<Moment, string>;
  const [values, setValues] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  const save = (event: FormEvent) => {
    event.preventDefault();
    const patch: { -readonly [K in Moment]?: number | null } = {};
    for (const [key, label] of MOMENTS) {
      const value = values[key];
      if (!value) {
        patch[key] = null;
        continue;
      }
      const wall = parseLocalDateTime(value);
      if (!wall) return setError(`${label}: not a date and time`);
      patch[key] = instantFromWallTime(wall, zone);
    }
    try {
      updateMeta(session.doc, patch, ctx);
      setError(null);
      onSaved();
    } catch (failure) {
      setError((failure as Error).message.replace(/^updateMeta: /, ''));
    }
  };

  return (
    <form className="incident-window" onSubmit={save} aria-labelledby="incident-window-heading">
      <h3 id="incident-window-heading">Key moments ({zone})</h3>
      <div className="row">
        {MOMENTS.map(([key, label, hint]) => (
          <label key={key} title={hint}>
            {label}
            <input
              type="datetime-local"
              value={values[key]}
              disabled={!canEdit}
              onChange={(e) => setValues((current) => ({ ...current, [key]: e.target.value }))}
            />
          </label>
        ))}
      </div>
      {error && <p role="alert">{error}</p>}
      {canEdit && <button type="submit">Save key moments</button>}
    </form>
  );
}
