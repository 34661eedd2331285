import { BOARD_STATUSES, BOARD_STATUS_LABEL, type BoardStatus } from '@retrace/shared';
import { useState } from 'react';
import { setBoardStatus } from '../../lib/api';
import { useBoardContext, useConnection } from './BoardContext';

/** The facilitator moves the review from draft to in review to published (and back). */
export function StatusControl() {
  const { session, token, role } = useBoardContext();
  const { boardStatus } = useConnection();
  const [error, setError] = useState<string | null>(null);
  if (role !== 'facilitator') return <span className="role-badge">{BOARD_STATUS_LABEL[boardStatus]}</span>;
  return (
    <label className="inline status-control">
      <span className="visually-hidden">Review status</span>
      <select
        value={boardStatus}
        title={error ?? 'Published reviews are read-only for editors'}
        onChange={(e) => {
          setError(null);
          setBoardStatus(session.boardId, token, e.target.value as BoardStatus).catch((caught: Error) =>
            setError(caught.message),
          );
        }}
      >
        {BOARD_STATUSES.map((status) => (
          <option key={status} value={status}>
            {BOARD_STATUS_LABEL[status]}
          </option>
        ))}
      </select>
    </label>
  );
}
