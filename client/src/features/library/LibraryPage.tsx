import { useState, type FormEvent } from 'react';
import { BoardList } from './BoardList';
import { InsightsView } from './InsightsView';
import { adminKeyStore } from './libraryApi';

/** The workspace library and cross-incident insights, behind the admin key. */
export function LibraryPage() {
  const [adminKey, setAdminKey] = useState<string | null>(() => adminKeyStore.get());
  const [draft, setDraft] = useState('');
  const [tab, setTab] = useState<'boards' | 'insights'>('boards');
  const signIn = (event: FormEvent) => {
    event.preventDefault();
    adminKeyStore.set(draft.trim());
    setAdminKey(draft.trim());
  };
  return (
    <main className="home library">
      <header>
        <a href="/" className="brand">
          Retrace
        </a>
        <h1>Workspace library</h1>
      </header>
      {!adminKey ? (
        <form className="card-panel" onSubmit={signIn}>
          <label>
            Workspace admin key
            <input type="password" autoComplete="off" value={draft} onChange={(e) => setDraft(e.target.value)} />
          </label>
          <p className="muted">
            Shown once in the server log on first start, or set with RETRACE_ADMIN_KEY. Kept only for this tab.
          </p>
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
          <button
            type="button"
            onClick={() => {
              adminKeyStore.clear();
              setAdminKey(null);
            }}
          >
            Forget the key
          </button>
          <div role="tabpanel">
            {tab === 'boards' ? <BoardList adminKey={adminKey} /> : <InsightsView adminKey={adminKey} />}
          </div>
        </>
      )}
    </main>
  );
}
