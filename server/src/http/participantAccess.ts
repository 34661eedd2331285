import { ID_PATTERN, type Seat } from '@retrace/shared';
import express, { type Request, type Response } from 'express';
import { checkBoardAccess, type AccessResult } from '../auth/BoardAccess';
import { WRITER_HEADER, isWriterSecret, seatFor } from '../auth/seats';
import { bearerToken } from '../auth/tokens';
import type { BoardStorage } from '../storage/BoardStorage';

export type Granted = Extract<AccessResult, { ok: true }>;

export const fail = (res: Response, status: number, error: string) => void res.status(status).json({ error });

/**
 * Checks the board and the link of a facilitation call; answers and returns null when the
 * request may not go on. `participant`: an editor or facilitator link (not view-only, and
 * an editor not on a published board); `facilitator`: a facilitator link.
 */
export async function boardAccess(
  storage: BoardStorage,
  req: Request,
  res: Response,
  need: 'participant' | 'facilitator',
  what: string,
): Promise<Granted | null> {
  const boardId = String(req.params['boardId'] ?? '');
  if (!ID_PATTERN.test(boardId)) return (fail(res, 404, 'board not found'), null);
  const result = await checkBoardAccess(storage, boardId, bearerToken(req));
  if (!result.ok) return (fail(res, result.status, result.error), null);
  if (need === 'facilitator' && result.role !== 'facilitator')
    return (fail(res, 403, `only the facilitator ${what}`), null);
  if (need === 'participant' && result.role === 'viewer')
    return (fail(res, 403, `a view-only link cannot ${what}`), null);
  if (need === 'participant' && result.role === 'editor' && (await storage.getBoardStatus(boardId)) === 'published')
    return (fail(res, 403, 'the board is published and read-only'), null);
  return result;
}

/** The caller's seat from the link and the `x-retrace-writer` header; answers 400 and returns null without one. */
export function seatOf(req: Request, res: Response, granted: Granted): Seat | null {
  const secret = req.get(WRITER_HEADER);
  if (!isWriterSecret(secret)) {
    fail(res, 400, `the ${WRITER_HEADER} header must hold your browser's secret (22–128 letters, digits, - or _)`);
    return null;
  }
  return seatFor(String(req.params['boardId']), granted.tokenHash, granted.role, secret);
}

/**
 * The caller's seat, which must have connected to the board (the server recorded it when
 * its WebSocket opened): only people on the board write drafts and spend dots, not scripts
 * inventing secrets. Answers 403 and returns null otherwise.
 */
export async function connectedSeatOf(
  storage: BoardStorage,
  req: Request,
  res: Response,
  granted: Granted,
): Promise<Seat | null> {
  const seat = seatOf(req, res, granted);
  if (!seat) return null;
  if ((await storage.findSeat(String(req.params['boardId']), seat.id)) === null) {
    fail(res, 403, 'join the board first: only participants connected to the board can do this');
    return null;
  }
  return seat;
}

/** `GET /boards/:boardId/seat`: who the server takes this browser to be on the board. */
export function seatRoutes(storage: BoardStorage): express.Router {
  const router = express.Router();
  router.get('/boards/:boardId/seat', async (req, res) => {
    const boardId = String(req.params['boardId'] ?? '');
    if (!ID_PATTERN.test(boardId)) return fail(res, 404, 'board not found');
    const granted = await checkBoardAccess(storage, boardId, bearerToken(req));
    if (!granted.ok) return fail(res, granted.status, granted.error);
    const seat = seatOf(req, res, granted);
    if (seat) res.json({ seat });
  });
  return router;
}
