import { readBoard, type BoardSnapshot } from '@retrace/shared';
import { useEffect, useState } from 'react';
import { connectBoard } from '../../sync/boardConnection';

/** A read-out of the live board; the interactive timeline replaces it. */
export function BoardPage({ boardId, token }: { boardId: string; token: string | null }) {
  const [board, setBoard] = useState<BoardSnapshot | null>(null);
  const [status, setStatus] = useState('connecting');
  useEffect(() => {
    if (!token) return;
    const connection = connectBoard(boardId, token);
    const refresh = () => setBoard(readBoard(connection.doc));
    connection.doc.on('update', refresh);
    connection.provider.on('status', (event: { status: string }) => setStatus(event.status));
    return () => connection.destroy();
  }, [boardId, token]);

  if (!token)
    return (
      <main className="home">
        <p role="alert">This link has no access token. Ask the facilitator for the full link.</p>
      </main>
    );
  return (
    <main className="home">
      <h1>{board?.meta.title ?? 'Loading board…'}</h1>
      <p aria-live="polite">Connection: {status}</p>
      <ul>
        {board?.lanes.map((lane) => (
          <li key={lane.id}>{lane.name}</li>
        ))}
      </ul>
    </main>
  );
}
