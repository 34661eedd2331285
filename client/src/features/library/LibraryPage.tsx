import { useEffect, useState, type FormEvent } from 'react';
import { CopyField } from '../../components/ui/CopyField';
import { ErrorNote } from '../../components/ui/ErrorNote';
import { BoardList } from './BoardList';
import { InsightsView } from './InsightsView';
import { openBoardFromLibrary, replaceAdminKey, signIn, signOut, signedIn } from './libraryApi';

/**
 * The workspace library and cross-incident insights. Signing in sends the admin key once
 * and gets a session cookie the page cannot read: the key is not kept in this browser.
 */
export function LibraryPage() {
  const [session, setSession] = useState<boolean | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [newKey, setNewKey] = useState<string | null>(null);
  const [tab, setTab] = useState<'boards' | 'insights'>('boards');
  useEffect(() => {
    signedIn().then(setSession, () => setSession(false));
  }, []);
  // Links in exported reports point at /library#board=<id>: once signed in, open that board.
  useEffect(() => {
    const board = /^#board=([A-Za-z0-9_-]+)$/.exec(window.location.hash)?.[1];
    if (!session || !board) return;
    history.replaceState(null, '', '/library');
    openBoardFromLibrary(board).catch((caught: Error) => setError(caught.message));
  }, [session]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    signIn(draft.trim()).then(
      () => {
        setDraft('');
        setSession(true);
      },
      (caught: Error) => setError(caught.message),
    );
  };
  return (
    <main className="home library">
      <header>
        <a href="/" className="brand">
          Retrace
        </a>
        <h1>Workspace library</h1>
      </header>
      {session === null ? (
        <p aria-busy="true">Loading…</p>
      ) : !session ? (
        <form className="card-panel" onSubmit={submit}>
          <label>
            Workspace admin key
            <input type="password" autoComplete="off" value={draft} onChange={(e) => setDraft(e.target.value)} />
          </label>
          <p className="muted">
            Shown once in the server log on first start, or set with RETRACE_ADMIN_KEY. It is not stored in this
            browser: signing in opens a session for 12 hours.
          </p>
          <ErrorNote message={error} />
          <button type="submit" className="primary" disabled={!draft.trim()}>
            Open the library
          </button>
        </form>
      ) : (
        <>
          <div className="button-group" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'boards'} onClick={() => setTab('boards')}>
              Boards
            </button>
            <button type="button" role="tab" aria-selected={tab === 'insights'} onClick={() => setTab('insights')}>
              Insights
            </button>
          </div>{' '}
          <button type="button" onClick={() => void signOut().then(() => setSession(false))}>
            Sign out
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              if (!window.confirm('Replace the admin key? The current key and every other session stop working.'))
                return;
              replaceAdminKey().then(setNewKey, (caught: Error) => setError(caught.message));
            }}
          >
            Replace the admin key
          </button>
          {newKey && (
            <div className="card-panel" role="status">
              <p>The new admin key, shown only now. Keep it somewhere safe:</p>
              <CopyField label="New admin key" value={newKey} />
            </div>
          )}
          <ErrorNote message={error} />
          <div role="tabpanel">{tab === 'boards' ? <BoardList /> : <InsightsView />}</div>
        </>
      )}
    </main>
  );
}
