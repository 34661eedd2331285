import {
  BOARD_STATUSES,
  BOARD_STATUS_LABEL,
  formatDateTime,
  isOpenAction,
  type BoardStatus,
  type BoardSummary,
  type LibraryPage,
  type LibrarySort,
} from '@retrace/shared';
import { useEffect, useState } from 'react';
import { LibraryBoardLink } from './LibraryBoardLink';
import { fetchLibrary } from './libraryApi';
import { ErrorNote } from '../../components/ui/ErrorNote';

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const PAGE_SIZE = 50;

/** Columns that sort, with the order a first click asks for. */
const COLUMNS: ReadonlyArray<{
  label: string;
  sort: LibrarySort | null;
  first: 'asc' | 'desc';
  cell: (board: BoardSummary) => React.ReactNode;
}> = [
  {
    label: 'Incident',
    sort: 'title',
    first: 'asc',
    cell: (board) => <LibraryBoardLink boardId={board.id}>{board.title}</LibraryBoardLink>,
  },
  {
    label: 'Started',
    sort: 'started',
    first: 'desc',
    cell: (board) => (board.startedAt ? formatDateTime(board.startedAt, zone()) : '—'),
  },
  { label: 'Severity', sort: 'severity', first: 'asc', cell: (board) => board.severity ?? '—' },
  { label: 'Status', sort: 'status', first: 'asc', cell: (board) => BOARD_STATUS_LABEL[board.status] },
  { label: 'Participants', sort: null, first: 'asc', cell: (board) => board.participants.join(', ') || '—' },
  { label: 'Cards', sort: 'cards', first: 'desc', cell: (board) => board.cards },
  {
    label: 'Open actions',
    sort: 'open-actions',
    first: 'desc',
    cell: (board) => board.actions.filter((a) => isOpenAction(a.status)).length,
  },
];

/**
 * Every board of the workspace, a page at a time: searched by title, people, factors,
 * card text, actions and owners (each word a prefix), filtered by status, sorted by any
 * column. A search is asked once typing pauses, and a newer one cancels an older request.
 */
export function BoardList() {
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<BoardStatus | 'all'>('all');
  const [sort, setSort] = useState<{ by: LibrarySort; order: 'asc' | 'desc' }>({ by: 'relevance', order: 'desc' });
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<LibraryPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    const timer = setTimeout(() => {
      fetchLibrary({ query, status, sort: sort.by, order: sort.order, offset, limit: PAGE_SIZE }, abort.signal).then(
        (data) => {
          if (abort.signal.aborted) return;
          setResult(data);
          setError(null);
        },
        (caught: Error) => !abort.signal.aborted && setError(caught.message),
      );
    }, 250);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [query, status, sort, offset]);

  // Without a search, "relevance" means newest incident first.
  const effective = sort.by === 'relevance' && !query.trim() ? { by: 'started', order: sort.order } : sort;
  const sortBy = (column: LibrarySort) => {
    const first = COLUMNS.find((c) => c.sort === column)!.first;
    setSort(
      effective.by === column
        ? { by: column, order: effective.order === 'asc' ? 'desc' : 'asc' }
        : { by: column, order: first },
    );
    setOffset(0);
  };
  const last = result ? Math.min(result.offset + result.boards.length, result.matched) : 0;

  return (
    <section aria-labelledby="boards-heading">
      <h2 id="boards-heading">
        Boards{' '}
        {result && (
          <span className="muted" data-testid="library-count">
            ({result.matched === result.total ? result.total : `${result.matched} of ${result.total}`})
          </span>
        )}
      </h2>
      <div className="row">
        <label>
          Search titles, people, factors, cards and actions
          <input
            type="search"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setOffset(0);
              if (!e.target.value.trim() || sort.by === 'relevance') return;
              setSort({ by: 'relevance', order: 'desc' }); // a new search ranks best matches first
            }}
            placeholder="canary, Ana, login…"
          />
        </label>
        <label>
          Status
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as BoardStatus | 'all');
              setOffset(0);
            }}
          >
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
            {COLUMNS.map((column) => {
              const active = column.sort !== null && effective.by === column.sort;
              return (
                <th
                  key={column.label}
                  scope="col"
                  aria-sort={active ? (effective.order === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {column.sort ? (
                    <button type="button" onClick={() => sortBy(column.sort!)}>
                      {column.label}
                      <span aria-hidden="true">{active ? (effective.order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {result?.boards.map((board) => (
            <tr key={board.id}>
              {COLUMNS.map((column) => (
                <td key={column.label}>{column.cell(board)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {result && result.matched === 0 && <p className="muted">No board matches.</p>}
      {result && result.matched > PAGE_SIZE && (
        <nav className="library-pages" aria-label="Pages of boards">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            Previous
          </button>
          <span role="status">
            {result.offset + 1}–{last} of {result.matched}
          </span>
          <button type="button" disabled={last >= result.matched} onClick={() => setOffset(offset + PAGE_SIZE)}>
            Next
          </button>
        </nav>
      )}
    </section>
  );
}
