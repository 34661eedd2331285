import type { BoardSnapshot, ControlState, Role } from '@retrace/shared';
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Participant } from '../../lib/identity';
import type { Peer } from '../../stores/presence';
import type { BoardSession } from '../../sync/BoardSession';
import type { ConnectionState } from '../../sync/connectionState';

/** Everything a board's components need, provided once by BoardPage. */
export interface BoardContextValue {
  readonly session: BoardSession;
  readonly participant: Participant;
  readonly role: Role;
  /** The link's token (kept in memory; needed by facilitator actions). */
  readonly token: string;
  readonly canEdit: boolean;
  readonly peers: StoreApi<readonly Peer[]>;
}

const BoardContext = createContext<BoardContextValue | null>(null);
export const BoardContextProvider = BoardContext.Provider;

export function useBoardContext(): BoardContextValue {
  const value = useContext(BoardContext);
  if (!value) throw new Error('useBoardContext outside a board');
  return value;
}

/** The live board snapshot (re-renders when the document changes). */
export function useBoardSnapshot(): BoardSnapshot {
  return useStore(useBoardContext().session.board);
}

export function usePeers(): readonly Peer[] {
  return useStore(useBoardContext().peers);
}

export function useConnection(): ConnectionState {
  return useStore(useBoardContext().session.connection);
}

/** The operation context for local edits: origin (for undo) and author. */
export function useEditContext() {
  const { session, participant } = useBoardContext();
  return { origin: session.origin, author: { name: participant.name, timeZone: participant.timeZone } };
}

/** The facilitation state: phase, timer, script, voting round, spotlight (re-renders on change). */
export function useControl(): ControlState {
  return useStore(useBoardContext().session.control.state);
}
