import { CloseCode, closeCodeName, isBoardStatus, type BoardStatus } from '@retrace/shared';

/** What the connection badge shows; derived from provider events and browser state. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

export interface ConnectionState {
  readonly status: ConnectionStatus;
  /** Local changes not yet sent to the server (survives reloads). */
  readonly pending: number;
  /** Why the server closed the connection for good, in words for people. */
  readonly closedReason: string | null;
  /** The document has been synced with the server at least once in this page. */
  readonly synced: boolean;
  /** false while the server reports that it cannot write to its storage. */
  readonly serverSaving: boolean;
  /** Draft / in review / published, as the server announces it. */
  readonly boardStatus: BoardStatus;
}

export const initialConnectionState: ConnectionState = {
  status: 'connecting',
  pending: 0,
  closedReason: null,
  synced: false,
  serverSaving: true,
  boardStatus: 'draft',
};

/** The awareness field under which the server publishes its status (see server Room). */
export const SERVER_STATUS_FIELD = 'retraceServer';

/** What the server announces in its awareness state: saving, and the board's status. */
export function serverState(states: Iterable<unknown>): { saving: boolean; status: BoardStatus | null } {
  for (const state of states) {
    const announced = (state as Record<string, { saving?: unknown; status?: unknown } | undefined> | null)?.[
      SERVER_STATUS_FIELD
    ];
    if (announced) {
      const status = typeof announced.status === 'string' && isBoardStatus(announced.status) ? announced.status : null;
      return { saving: announced.saving !== false, status };
    }
  }
  return { saving: true, status: null };
}

/** Whether any awareness state is the server saying it cannot save. */
export function serverIsSaving(states: Iterable<unknown>): boolean {
  return serverState(states).saving;
}

/** A close the client should not retry, with a message for the person, or null. */
export function finalCloseMessage(code: number): string | null {
  const name = closeCodeName(code);
  if (!name || CloseCode[name].retry) return null;
  switch (name) {
    case 'TokenRevoked':
      return 'This link was replaced by the facilitator. Ask them for the new link.';
    case 'Unauthorized':
      return 'This link is not valid for the board. Check that you copied the whole link.';
    case 'BoardNotFound':
      return 'This board does not exist (any more). Check the link.';
    case 'MessageTooLarge':
      return 'A change was too large for the server to accept. Reload the page to continue.';
    case 'BoardFull':
      return 'This board has reached its size limit, so the server no longer accepts changes to it.';
    case 'UpdateRejected':
      return 'The server refused a change from this browser as invalid. Reload the page to continue.';
    case 'MalformedMessage':
      return 'The server could not read a message from this browser. Reload the page to continue.';
    default:
      return CloseCode[name].reason;
  }
}

export function describeConnection(state: ConnectionState): string {
  switch (state.status) {
    case 'connected':
      if (!state.serverSaving) {
        return 'Connected, but the server cannot save right now: changes are kept and saved when it recovers';
      }
      return state.pending > 0 ? `Connected, sending ${state.pending} changes…` : 'Connected';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return state.pending > 0 ? `Reconnecting… ${pluralChanges(state.pending)} waiting` : 'Reconnecting…';
    case 'offline':
      return `Offline — ${pluralChanges(state.pending)} waiting, saved on this device`;
    case 'closed':
      return state.closedReason ?? 'Disconnected';
  }
}

function pluralChanges(n: number): string {
  return n === 1 ? '1 change' : `${n} changes`;
}
