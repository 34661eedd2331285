import { BoardOperationError, MAX_VOTE_BUDGET, VOTE_SUBJECTS } from '@retrace/shared';
import express, { type Response } from 'express';
import { z } from 'zod';
import type { BoardCallDeps } from '../boards/boardCalls';
import { VotingRefusal, castVote, changeVoting, myVotes, retractVote } from '../boards/votingRounds';
import type { Logger } from '../logger';
import { boardAccess, connectedSeatOf, fail, seatOf } from './participantAccess';

const votingBody = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('open'),
      budget: z.number().int().min(1).max(MAX_VOTE_BUDGET),
      on: z.enum(VOTE_SUBJECTS),
      closeAtTimeUp: z.boolean().default(false),
    })
    .strict(),
  z.object({ action: z.literal('close') }).strict(),
  z.object({ action: z.literal('clear') }).strict(),
]);

const dotBody = z
  .object({
    target: z.string().min(1).max(64),
    /** The round the voter's screen shows: a dot meant for an earlier round is refused. */
    round: z.string().min(1).max(64).nullable().default(null),
  })
  .strict();

const problems = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

/** Dot voting: the facilitator runs the round; participants spend and take back their own dots. */
export function votingRoutes(deps: BoardCallDeps & { log: Logger }): express.Router {
  const router = express.Router();

  const answer = async (res: Response, work: () => Promise<unknown>) => {
    try {
      res.json(await work());
    } catch (error) {
      if (error instanceof VotingRefusal) return fail(res, error.status, error.message);
      if (error instanceof BoardOperationError) return fail(res, 400, error.message);
      throw error;
    }
  };

  router.post('/boards/:boardId/voting', async (req, res) => {
    const granted = await boardAccess(deps.storage, req, res, 'facilitator', 'runs dot voting');
    if (!granted) return;
    const body = votingBody.safeParse(req.body ?? {});
    if (!body.success) return fail(res, 400, problems(body.error));
    await answer(res, async () => {
      const voting = await changeVoting(deps, req.params.boardId, body.data, granted.actor);
      deps.log.info({ board: req.params.boardId, action: body.data.action, round: voting.round }, 'voting changed');
      return { voting };
    });
  });

  router.get('/boards/:boardId/votes', async (req, res) => {
    const granted = await boardAccess(deps.storage, req, res, 'participant', 'vote');
    const seat = granted && seatOf(req, res, granted);
    if (seat) await answer(res, () => myVotes(deps, req.params.boardId, seat.id));
  });

  for (const [method, change] of [
    ['post', castVote],
    ['delete', retractVote],
  ] as const) {
    router[method]('/boards/:boardId/votes', async (req, res) => {
      const granted = await boardAccess(deps.storage, req, res, 'participant', 'vote');
      if (!granted) return;
      const body = dotBody.safeParse(req.body ?? {});
      if (!body.success) return fail(res, 400, problems(body.error));
      const seat = await connectedSeatOf(deps.storage, req, res, granted);
      if (seat) await answer(res, () => change(deps, req.params.boardId, seat.id, body.data));
    });
  }

  return router;
}
