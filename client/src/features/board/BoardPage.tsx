import { useMemo, useState } from 'react';
import { loadParticipant, type Participant } from '../../lib/identity';
import { JoinDialog } from '../join/JoinDialog';
import { BoardContextProvider, type BoardContextValue } from './BoardContext';
import { BoardView } from './BoardView';
import { useBoardAccess } from './useBoardAccess';
import { useBoardSession, useJoin } from './useBoardSession';

/** `/b/<boardId>#t=<token>`: check the link, ask for a name once, then the live board. */
export function BoardPage({ boardId, token }: { boardId: string; token: string | null }) {
  const access = useBoardAccess(boardId, token);
  const [participant, setParticipant] = useState<Participant | null>(loadParticipant);
  // The board starts syncing while the link is checked (the server checks the token on the
  // socket too): on a large board that check and the first sync would otherwise add up.
  const open = useBoardSession(boardId, access.state === 'denied' ? null : token);
  const role = access.state === 'ok' ? access.role : null;
  useJoin(open, participant, role);

  const context = useMemo<BoardContextValue | null>(
    () =>
      open && participant && role
        ? {
            session: open.session,
            peers: open.peers,
            participant,
            role,
            token: token ?? '',
            canEdit: role !== 'viewer',
          }
        : null,
    [open, participant, role, token],
  );

  if (access.state === 'denied') {
    return (
      <main className="home">
        <h1>Retrace</h1>
        <p role="alert">{access.message}</p>
        <a href="/">Go to the home page</a>
      </main>
    );
  }
  if (access.state === 'checking')
    return (
      <main className="home" aria-busy="true">
        <p>Opening the board…</p>
      </main>
    );
  if (!participant) return <JoinDialog boardTitle={access.title} onJoined={setParticipant} />;
  if (!context)
    return (
      <main className="home" aria-busy="true">
        <p>Opening the board…</p>
      </main>
    );
  return (
    <BoardContextProvider value={context}>
      <BoardView />
    </BoardContextProvider>
  );
}
