import {
  BOARD_STATUSES,
  BOARD_STATUS_LABEL,
  formatDateTime,
  isOpenAction,
  type BoardStatus,
  type BoardSummary,
} from '@retrace/shared';
import { useEffect, useState } from 'react';
import { LibraryBoardLink } from './LibraryBoardLink';
import { fetchLibrary } from './libraryApi';
import { ErrorNote } from '../../components/ui/ErrorNote';

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Every board of the workspace, searchable by title, people and factors. */
export function BoardList() {
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<BoardStatus | 'all'>('all');
  const [result, setResult] = useState<{ boards: BoardSummary[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Asked once typing pauses; a newer search cancels the request of an older one.
  useEffect(() => {
    const abort = new AbortController();
    const timer = setTimeout(() => {
      fetchLibrary(query, status, abort.signal).then(
        (data) => !abort.signal.aborted && setResult(data),
        (caught: Error) => !abort.signal.aborted && setError(caught.message),
      );
    }, 250);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [query, status]);

  return (
    <section aria-labelledby="boards-heading">
      <h2 id="boards-heading">
        Boards{' '}
        {result && (
          <span className="muted">
            ({result.boards.length} of {result.total})
          </span>
        )}
      </h2>
      <div className="row">
        <label>
          Search titles, people and factors
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="canary, Ana, login…"
          />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as BoardStatus | 'all')}>
            <option value="all">All</option>
            {BOARD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {BOARD_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote message={error} />
      <table className="library-table" data-testid="library-table">
        <thead>
          <tr>
            <th scope="col">Incident</th>
            <th scope="col">Window</th>
            <th scope="col">Status</th>
            <th scope="col">Participants</th>
            <th scope="col">Open actions</th>
          </tr>
        </thead>
        <tbody>
          {result?.boards.map((board) => (
            <tr key={board.id}>
              <td>
                <LibraryBoardLink boardId={board.id}>{board.title}</LibraryBoardLink>
              </td>
              <td>{board.startedAt ? formatDateTime(board.startedAt, zone()) : '—'}</td>
              <td>{BOARD_STATUS_LABEL[board.status]}</td>
              <td>{board.participants.join(', ') || '—'}</td>
              <td>{board.actions.filter((a) => isOpenAction(a.status)).length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
