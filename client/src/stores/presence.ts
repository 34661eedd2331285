import type { Awareness } from 'y-protocols/awareness';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Participant } from '../lib/identity';

/**
 * Presence through awareness. It carries who someone is and which card they are editing or
 * dragging (ids and a proposed place only): never card text or other document content.
 */
export interface PresenceState {
  readonly user: {
    readonly id: string;
    readonly name: string;
    readonly color: string;
    readonly team: string;
    readonly timeZone: string;
  };
  readonly editing: string | null;
  readonly dragging: { readonly cardId: string; readonly laneId: string; readonly occurredAt: number | null } | null;
}

export interface Peer extends PresenceState {
  readonly clientId: number;
}

function isPresence(value: unknown): value is PresenceState {
  const user = (value as { user?: { name?: unknown; color?: unknown } } | null)?.user;
  return typeof user?.name === 'string' && typeof user.color === 'string';
}

export function presenceOf(participant: Participant): PresenceState {
  return {
    user: {
      id: participant.id,
      name: participant.name,
      color: participant.color,
      team: participant.team,
      timeZone: participant.timeZone,
    },
    editing: null,
    dragging: null,
  };
}

/** Other people on the board, kept current from awareness changes. */
export function createPeersStore(awareness: Awareness): StoreApi<readonly Peer[]> & { destroy(): void } {
  const read = (): Peer[] => {
    const peers: Peer[] = [];
    awareness.getStates().forEach((state, clientId) => {
      if (clientId !== awareness.clientID && isPresence(state)) peers.push({ ...state, clientId });
    });
    return peers.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
  };
  const store = createStore<readonly Peer[]>(() => read());
  // My own state changes often (a drag publishes where my card is every 60 ms) and is not
  // in the list: a new list then would re-render everything that shows other people.
  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const others = [...added, ...updated, ...removed].some((clientId) => clientId !== awareness.clientID);
    if (others) store.setState(read(), true);
  };
  awareness.on('change', onChange);
  return Object.assign(store, { destroy: () => awareness.off('change', onChange) });
}

/** Which peer (other than me) holds a card: editing or dragging it. */
export function holderOf(peers: readonly Peer[], cardId: string): Peer | undefined {
  return peers.find((peer) => peer.editing === cardId || peer.dragging?.cardId === cardId);
}
