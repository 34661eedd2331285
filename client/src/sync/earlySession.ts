import { BoardSession } from './BoardSession';
import { syncUrl } from './serverUrl';

/**
 * The board's session, opened as soon as the page's script runs, before React's first
 * render: the socket, the server's loading of the board and the first render of the page
 * then overlap instead of following one another. The board page adopts it once; later
 * sessions (another token, a local copy dropped after a refused change) open as before.
 */
let early: { readonly session: BoardSession; readonly token: string } | null = null;

export function openEarlySession(boardId: string, token: string): void {
  early?.session.destroy();
  early = { session: new BoardSession(boardId, token, syncUrl(window.location)), token };
}

/** The session opened early for this board and token, once; null otherwise. */
export function adoptEarlySession(boardId: string, token: string): BoardSession | null {
  const found = early;
  early = null;
  if (found && found.session.boardId === boardId && found.token === token) return found.session;
  found?.session.destroy();
  return null;
}

/** The link turned out to be refused (or the page left the board): close what opened early. */
export function discardEarlySession(): void {
  early?.session.destroy();
  early = null;
}
