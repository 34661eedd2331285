import { createLane, type Role } from '@retrace/shared';
import { useEffect, useState } from 'react';
import type { Participant } from '../../lib/identity';
import { createPeersStore, presenceOf, type Peer } from '../../stores/presence';
import { BoardSession } from '../../sync/BoardSession';
import { syncUrl } from '../../sync/serverUrl';
import { adoptEarlySession, discardEarlySession } from '../../sync/earlySession';
import type { StoreApi } from 'zustand/vanilla';

export interface OpenBoard {
  readonly session: BoardSession;
  readonly peers: StoreApi<readonly Peer[]>;
}

/** Opens the board's session for as long as the component lives. */
export function useBoardSession(boardId: string, token: string | null): OpenBoard | null {
  const [open, setOpen] = useState<OpenBoard | null>(null);
  // Bumped when a session dropped its local copy after a refused change: a fresh one opens.
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!token) return discardEarlySession();
    const session = adoptEarlySession(boardId, token) ?? new BoardSession(boardId, token, syncUrl(window.location));
    const peers = createPeersStore(session.provider.awareness);
    const stopWatching = session.onDiscarded(() => setGeneration((n) => n + 1));
    // The session is an external system (WebSocket, IndexedDB) owned by this effect; state
    // is how the rendered tree learns about it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setOpen({ session, peers });
    return () => {
      stopWatching();
      peers.destroy();
      session.destroy();
      setOpen(null);
    };
  }, [boardId, token, generation]);
  return open;
}

/** Publishes who this person is through awareness, and gives them a lane once synced. */
export function useJoin(open: OpenBoard | null, participant: Participant | null, role: Role | null): void {
  useEffect(() => {
    if (!open || !participant || !role) return;
    const { session } = open;
    // Fields the board's components published first (readiness, view) are kept.
    const awareness = session.provider.awareness;
    awareness.setLocalState({
      ...awareness.getLocalState(),
      ...presenceOf(participant),
    });
    if (role === 'viewer') return;
    const ensureLane = () => {
      const hasLane = session.projection.snapshot.lanes.some((lane) => lane.owner === participant.id);
      if (hasLane) return;
      const name = participant.team ? `${participant.name} (${participant.team})` : participant.name;
      createLane(
        session.doc,
        { name, kind: 'person', owner: participant.id, timeZone: participant.timeZone },
        { origin: session.origin },
      );
    };
    // Only after the server's state is known, so a returning person keeps their lane.
    if (session.provider.synced) ensureLane();
    else session.provider.once('sync', (synced: boolean) => synced && ensureLane());
  }, [open, participant, role]);
}
