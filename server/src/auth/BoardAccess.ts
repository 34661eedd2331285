import type { Role } from '@retrace/shared';
import type { BoardStorage } from '../storage/BoardStorage';
import { hashToken, isPlausibleToken, tokenId } from './tokens';

export type AccessResult =
  | { readonly ok: true; readonly role: Role; readonly actor: string; readonly tokenHash: string }
  | { readonly ok: false; readonly status: 401 | 404; readonly error: string };

/** Decides what a token may do on a board: the one place that checks tokens. */
export async function checkBoardAccess(
  storage: BoardStorage,
  boardId: string,
  token: string | null,
): Promise<AccessResult> {
  if (!(await storage.boardExists(boardId))) return { ok: false, status: 404, error: 'board not found' };
  if (!isPlausibleToken(token)) return { ok: false, status: 401, error: 'a board token is required' };
  const hash = hashToken(token);
  // Board links only: the library opens a board with a view-only link minted for the visit,
  // so the workspace admin key never has to travel in a board URL.
  const role = await storage.findRole(boardId, hash);
  if (!role) return { ok: false, status: 401, error: 'this link is not valid for the board' };
  return { ok: true, role, actor: `${role}:${tokenId(hash)}`, tokenHash: hash };
}
