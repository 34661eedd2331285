import { CloseCode, closeCodeName, isBoardStatus, type BoardStatus } from '@retrace/shared';

/**
 * What the connection badge shows; derived from provider events and browser state.
 * `discarding`: the server refused a change from this browser; the local copy (with the
 * refused change and everything after it) is being dropped and the board reopened.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed' | 'discarding';

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
  /** Something the person should know about their own changes (a refused change), until dismissed. */
  readonly notice: string | null;
  /** The server takes no more changes to this board (its size limit): editing is off. */
  readonly frozen: boolean;
}

export const initialConnectionState: ConnectionState = {
  status: 'connecting',
  pending: 0,
  closedReason: null,
  synced: false,
  serverSaving: true,
  boardStatus: 'draft',
  notice: null,
  frozen: false,
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

/** WebSocket's own "message too big" (RFC 6455), sent by the server's socket before reading it. */
const MESSAGE_TOO_BIG = 1009;

/**
 * A close that means the server refused a change this browser sent, with what to tell the
 * person; null for other closes. Reconnecting would send the same change again, so the
 * client drops its local copy of the board (the refused change and what it made after
 * it) and opens the board afresh from the server.
 */
export function refusedChangeMessage(code: number): { message: string; frozen: boolean } | null {
  if (code === MESSAGE_TOO_BIG || code === CloseCode.MessageTooLarge.code)
    return { message: 'Your last change was too large for the server to accept, so it was not saved.', frozen: false };
  switch (closeCodeName(code)) {
    case 'BoardPublished':
      return {
        message: 'The board was published before your last changes reached the server, so they were not saved.',
        frozen: false,
      };
    case 'ViewOnly':
      return { message: 'This link can only view the board, so your changes were not saved.', frozen: false };
    case 'UpdateRejected':
      return {
        message: 'The server refused a change from this browser as invalid, so it was not saved.',
        frozen: false,
      };
    case 'BoardFull':
      return {
        message:
          'This board has reached its size limit: your last change was not saved, and the board takes no more changes.',
        frozen: true,
      };
    default:
      return null;
  }
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
    case 'discarding':
      return 'Reopening the board from the server…';
  }
}

function pluralChanges(n: number): string {
  return n === 1 ? '1 change' : `${n} changes`;
}
