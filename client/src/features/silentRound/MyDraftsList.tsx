import { formatClock } from '@retrace/shared';
import { useStore } from 'zustand';
import { useBoardContext, useBoardSnapshot } from '../board/BoardContext';

/** In the list view: my private drafts of the open round, above the shared cards. */
export function MyDraftsList() {
  const { session, participant } = useBoardContext();
  const board = useBoardSnapshot();
  const drafts = useStore(session.drafts.state, (state) => state.drafts);
  if (drafts.length === 0) return null;
  const laneName = (id: string | null) =>
    id === null ? 'the facilitator places it' : (board.lanes.find((lane) => lane.id === id)?.name ?? '—');
  return (
    <table className="my-drafts">
      <caption>Your private drafts: only you see them until the facilitator reveals the round</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Perspective</th>
          <th scope="col">What happened</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {drafts.map((draft) => (
          <tr key={draft.id} data-draft-id={draft.id}>
            <td>{draft.occurredAt === null ? 'unknown' : formatClock(draft.occurredAt, participant.timeZone)}</td>
            <td>{laneName(draft.laneId)}</td>
            <td>
              {draft.text}
              {!draft.saved && <span className="muted"> (not sent yet)</span>}
            </td>
            <td>
              <button type="button" onClick={() => void session.drafts.remove(draft.id)}>
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
