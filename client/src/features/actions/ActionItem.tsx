import { ACTION_STATUSES, editAction, type Action, type Factor } from '@retrace/shared';
import { useBoardContext, useEditContext } from '../board/BoardContext';

const STATUS_TEXT: Record<Action['status'], string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  'wont-do': 'Won’t do',
};

/** One follow-up action, edited in place; flagged when it addresses no systemic factor. */
export function ActionItem({ action, factors }: { action: Action; factors: readonly Factor[] }) {
  const { session, canEdit } = useBoardContext();
  const ctx = useEditContext();
  const linked = action.factorIds.filter((id) => factors.some((f) => f.id === id));
  const update = (patch: Parameters<typeof editAction>[1]) => {
    try {
      editAction(session.doc, patch, ctx);
    } catch {
      // invalid input (e.g. a malformed URL) is simply not applied; the field shows what is stored
    }
  };
  return (
    <li className={`action${linked.length === 0 ? ' unlinked' : ''}`} aria-label={`Action ${action.title}`}>
      <p className="action-title">
        <strong>{action.title}</strong>
        {linked.length === 0 && <span className="no-evidence">Not linked to a systemic factor</span>}
      </p>
      <div className="action-fields">
        <label>
          Owner
          <input
            defaultValue={action.owner}
            disabled={!canEdit}
            onBlur={(e) => e.target.value !== action.owner && update({ actionId: action.id, owner: e.target.value })}
          />
        </label>
        <label>
          Due
          <input
            type="date"
            value={action.dueDate ?? ''}
            disabled={!canEdit}
            onChange={(e) => update({ actionId: action.id, dueDate: e.target.value || null })}
          />
        </label>
        <label>
          Status
          <select
            value={action.status}
            disabled={!canEdit}
            onChange={(e) => update({ actionId: action.id, status: e.target.value as Action['status'] })}
          >
            {ACTION_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_TEXT[status]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tracker URL
          <input
            type="url"
            defaultValue={action.trackerUrl ?? ''}
            disabled={!canEdit}
            placeholder="https://…"
            onBlur={(e) =>
              (e.target.value || null) !== action.trackerUrl &&
              update({ actionId: action.id, trackerUrl: e.target.value || null })
            }
          />
        </label>
      </div>
      <fieldset className="action-factors" disabled={!canEdit}>
        <legend>Addresses</legend>
        {factors.length === 0 && <span className="muted">Add systemic factors first.</span>}
        {factors.map((factor) => (
          <label key={factor.id} className="checkbox">
            <input
              type="checkbox"
              checked={linked.includes(factor.id)}
              onChange={(e) =>
                update(
                  e.target.checked
                    ? { actionId: action.id, linkFactorIds: [factor.id] }
                    : { actionId: action.id, unlinkFactorIds: [factor.id] },
                )
              }
            />
            {factor.name}
          </label>
        ))}
      </fieldset>
    </li>
  );
}
