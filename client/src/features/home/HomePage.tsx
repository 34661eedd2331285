import { useState } from 'react';
import { createDemoBoard, type CreatedBoard } from '../../lib/api';
import { loadRecentBoards, rememberBoard } from '../../lib/recentBoards';
import { boardLink } from '../../lib/route';
import { CreateBoardForm } from './CreateBoardForm';
import { ShareLinks } from './ShareLinks';
import { ErrorNote } from '../../components/ui/ErrorNote';

function DemoButton() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    try {
      const board = await createDemoBoard();
      window.location.assign(boardLink(window.location.origin, board.id, board.tokens.facilitator));
    } catch (caught) {
      setError((caught as Error).message);
      setBusy(false);
    }
  };
  return (
    <section className="card-panel" aria-labelledby="demo-heading">
      <h2 id="demo-heading">New to Retrace?</h2>
      <p>
        Open a demo board from a real-shaped incident: an auth library upgrade that broke login, seen from support,
        backend and frontend.
      </p>
      <button type="button" onClick={open} disabled={busy}>
        {busy ? 'Opening…' : 'Try the demo board'}
      </button>
      <ErrorNote message={error} />
    </section>
  );
}

export function HomePage() {
  const [created, setCreated] = useState<{ board: CreatedBoard; title: string } | null>(null);
  const recent = loadRecentBoards();
  return (
    <main className="home">
      <header>
        <h1>Retrace</h1>
        <p className="tagline">Blameless post-incident reviews, together on one live timeline.</p>
      </header>
      {created ? (
        <ShareLinks board={created.board} title={created.title} />
      ) : (
        <CreateBoardForm
          onCreated={(board, title) => {
            rememberBoard({
              id: board.id,
              title,
              token: board.tokens.facilitator,
              role: 'facilitator',
              tokens: board.tokens,
            });
            setCreated({ board, title });
          }}
        />
      )}
      {!created && <DemoButton />}
      <p className="muted">
        Looking after reliability across teams? The <a href="/library">workspace library and insights</a> need the admin
        key.
      </p>
      {recent.length > 0 && (
        <section className="card-panel" aria-labelledby="recent-heading">
          <h2 id="recent-heading">Boards you opened in this browser</h2>
          <ul className="recent">
            {recent.map((board) => (
              <li key={board.id}>
                <a href={boardLink(window.location.origin, board.id, board.token)}>{board.title}</a>{' '}
                <span className="muted">({board.role})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
