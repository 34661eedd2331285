import { BoardOperationError, ID_PATTERN } from '@retrace/shared';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { checkBoardAccess, type AccessResult } from '../auth/BoardAccess';
import { bearerToken, hashToken } from '../auth/tokens';
import {
  SilentRoundRefusal,
  changeSilentRound,
  deleteDraft,
  listOwnDrafts,
  listRoundDrafts,
  revealSilentRound,
  saveDraft,
  type SilentRoundDeps,
} from '../boards/silentRounds';
import type { Logger } from '../logger';

/** The header carrying a participant's own secret: it alone lists, changes and deletes their drafts. */
export const WRITER_HEADER = 'x-retrace-writer';
const WRITER_SECRET = /^[A-Za-z0-9_-]{22,128}$/;

const roundBody = z
  .object({ action: z.enum(['start', 'review', 'resume', 'cancel']), anonymous: z.boolean().optional() })
  .strict();
const revealBody = z
  .object({
    round: z.number().int().min(1),
    discard: z.array(z.string().regex(ID_PATTERN)).max(2_000).default([]),
    anonymous: z.boolean().optional(),
  })
  .strict();

type Granted = Extract<AccessResult, { ok: true }>;

/** Silent writing rounds: participants' private drafts and the facilitator's reveal. */
export function silentRoundRoutes(deps: SilentRoundDeps & { log: Logger }): express.Router {
  const router = express.Router();
  const fail = (res: Response, status: number, error: string) => void res.status(status).json({ error });

  /** Checks the board and link; answers and returns null when the request may not go on. */
  const access = async (req: Request, res: Response, need: 'writer' | 'facilitator'): Promise<Granted | null> => {
    const boardId = String(req.params['boardId'] ?? '');
    if (!ID_PATTERN.test(boardId)) return (fail(res, 404, 'board not found'), null);
    const result = await checkBoardAccess(deps.storage, boardId, bearerToken(req));
    if (!result.ok) return (fail(res, result.status, result.error), null);
    if (need === 'facilitator' && result.role !== 'facilitator')
      return (fail(res, 403, 'only the facilitator runs the silent writing round'), null);
    if (need === 'writer' && result.role === 'viewer')
      return (fail(res, 403, 'a view-only link cannot write drafts'), null);
    if (need === 'writer' && result.role === 'editor' && (await deps.storage.getBoardStatus(boardId)) === 'published')
      return (fail(res, 403, 'the board is published and read-only'), null);
    return result;
  };

  const writerOf = (req: Request, res: Response): string | null => {
    const secret = req.get(WRITER_HEADER);
    if (!secret || !WRITER_SECRET.test(secret)) {
      fail(res, 400, `the ${WRITER_HEADER} header must hold your writer secret (22–128 letters, digits, - or _)`);
      return null;
    }
    return hashToken(secret);
  };

  /** Refusals and bad input become clear answers; anything else is a server error. */
  const answer = async (res: Response, work: () => Promise<unknown>, status = 200) => {
    try {
      const body = await work();
      res.status(status).json(body ?? { ok: true });
    } catch (error) {
      if (error instanceof SilentRoundRefusal) return fail(res, error.status, error.message);
      if (error instanceof BoardOperationError) return fail(res, 400, error.message);
      throw error;
    }
  };

  router.get('/boards/:boardId/drafts', async (req, res) => {
    if (!(await access(req, res, 'writer'))) return;
    const writer = writerOf(req, res);
    if (writer) await answer(res, async () => ({ drafts: await listOwnDrafts(deps, req.params.boardId, writer) }));
  });

  router.put('/boards/:boardId/drafts/:draftId', async (req, res) => {
    if (!ID_PATTERN.test(req.params.draftId)) return fail(res, 400, 'a draft id is letters, digits, - or _');
    if (!(await access(req, res, 'writer'))) return;
    const writer = writerOf(req, res);
    if (writer)
      await answer(res, async () => ({
        draft: await saveDraft(deps, req.params.boardId, writer, req.params.draftId, req.body),
      }));
  });

  router.delete('/boards/:boardId/drafts/:draftId', async (req, res) => {
    if (!(await access(req, res, 'writer'))) return;
    const writer = writerOf(req, res);
    if (writer) await answer(res, () => deleteDraft(deps, req.params.boardId, writer, req.params.draftId));
  });

  router.post('/boards/:boardId/silent-round', async (req, res) => {
    const granted = await access(req, res, 'facilitator');
    if (!granted) return;
    const body = roundBody.safeParse(req.body ?? {});
    if (!body.success) return fail(res, 400, 'action must be start, review, resume or cancel');
    const { action, anonymous } = body.data;
    await answer(res, async () => {
      const round = await changeSilentRound(deps, req.params.boardId, action, { anonymous }, granted.actor);
      deps.log.info({ board: req.params.boardId, action, round: round.round }, 'silent round changed');
      return action === 'review' ? await listRoundDrafts(deps, req.params.boardId) : { round };
    });
  });

  router.get('/boards/:boardId/silent-round/drafts', async (req, res) => {
    if (await access(req, res, 'facilitator')) await answer(res, () => listRoundDrafts(deps, req.params.boardId));
  });

  router.post('/boards/:boardId/silent-round/reveal', async (req, res) => {
    const granted = await access(req, res, 'facilitator');
    if (!granted) return;
    const body = revealBody.safeParse(req.body ?? {});
    if (!body.success)
      return fail(res, 400, body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    await answer(res, async () => {
      const outcome = await revealSilentRound(deps, req.params.boardId, body.data, granted.actor);
      deps.log.info({ board: req.params.boardId, ...outcome }, 'silent round revealed');
      return outcome;
    });
  });

  return router;
}
