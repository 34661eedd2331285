import type { Role } from '@retrace/shared';
import { useEffect, useState } from 'react';
import { ApiError, fetchBoard } from '../../lib/api';
import { loadRecentBoards, rememberBoard } from '../../lib/recentBoards';

export type Access =
  | { readonly state: 'checking' }
  | { readonly state: 'ok'; readonly role: Role; readonly title: string }
  | { readonly state: 'denied'; readonly message: string };

/**
 * Which role this link grants. Asks the server; when the server cannot be reached (offline
 * reload), falls back to what this browser remembered the last time it opened the board.
 */
const NO_TOKEN: Access = {
  state: 'denied',
  message: 'This link has no access token. Ask the facilitator for the full link.',
};

export function useBoardAccess(boardId: string, token: string | null): Access {
  const [result, setResult] = useState<{ key: string; access: Access } | null>(null);
  const key = `${boardId}#${token ?? ''}`;
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    const setAccess = (access: Access) => setResult({ key, access });
    fetchBoard(boardId, token).then(
      (board) => {
        if (cancelled) return;
        rememberBoard({ id: boardId, title: board.meta.title, token, role: board.role });
        setAccess({ state: 'ok', role: board.role, title: board.meta.title });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && (error.status === 401 || error.status === 404)) {
          setAccess({
            state: 'denied',
            message:
              error.status === 404
                ? 'This board does not exist. Check the link.'
                : 'This link is not valid for the board. Ask the facilitator for a new one.',
          });
          return;
        }
        const remembered = loadRecentBoards().find((board) => board.id === boardId && board.token === token);
        if (remembered) setAccess({ state: 'ok', role: remembered.role as Role, title: remembered.title });
        else setAccess({ state: 'denied', message: 'The server cannot be reached right now. Try again in a moment.' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [boardId, token, key]);
  if (!token) return NO_TOKEN;
  return result?.key === key ? result.access : { state: 'checking' };
}
