import { BoardOperationError, ID_PATTERN } from '@retrace/shared';
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
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
import { boardAccess, connectedSeatOf, fail, seatOf, type Granted } from './participantAccess';

const roundBody = z
  .object({ action: z.enum(['start', 'review', 'resume', 'cancel']), anonymous: z.boolean().optional() })
  .strict();
const revealBody = z
  .object({
    round: z.number().int().min(1),
    discard: z.array(z.string().regex(ID_PATTERN)).max(2_000).default([]),
    anonymous: z.boolean().optional(),
    /** Lanes the facilitator chose for drafts without one (draft id → lane id). */
    placements: z
      .record(z.string().regex(ID_PATTERN), z.string().regex(ID_PATTERN))
      .refine((value) => Object.keys(value).length <= 2_000, 'too many placements')
      .optional(),
  })
  .strict();

/** Silent writing rounds: participants' private drafts and the facilitator's reveal. */
export function silentRoundRoutes(deps: SilentRoundDeps & { log: Logger }): express.Router {
  const router = express.Router();
  const access = (req: Request, res: Response, need: 'writer' | 'facilitator') =>
    need === 'writer'
      ? boardAccess(deps.storage, req, res, 'participant', 'write drafts')
      : boardAccess(deps.storage, req, res, 'facilitator', 'runs the silent writing round');

  /** Listing and deleting one's own drafts needs the seat; writing one needs it connected to the board. */
  const writerOf = async (req: Request, res: Response, granted: Granted | null, connected = false) => {
    if (!granted) return null;
    const seat = connected ? await connectedSeatOf(deps.storage, req, res, granted) : seatOf(req, res, granted);
    return seat?.id ?? null;
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
    const writer = await writerOf(req, res, await access(req, res, 'writer'));
    if (writer) await answer(res, async () => ({ drafts: await listOwnDrafts(deps, req.params.boardId, writer) }));
  });

  router.put('/boards/:boardId/drafts/:draftId', async (req, res) => {
    if (!ID_PATTERN.test(req.params.draftId)) return fail(res, 400, 'a draft id is letters, digits, - or _');
    const writer = await writerOf(req, res, await access(req, res, 'writer'), true);
    if (writer)
      await answer(res, async () => ({
        draft: await saveDraft(deps, req.params.boardId, writer, req.params.draftId, req.body),
      }));
  });

  router.delete('/boards/:boardId/drafts/:draftId', async (req, res) => {
    const writer = await writerOf(req, res, await access(req, res, 'writer'));
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
