import {
  BOARD_STATUSES,
  computeInsights,
  filterBoards,
  insightsToCsv,
  insightsToMarkdown,
  type BoardStatus,
} from '@retrace/shared';
import express, { type NextFunction, type Request, type Response } from 'express';
import { isAdminKey } from '../auth/adminKey';
import { bearerToken } from '../auth/tokens';
import {
  createInitiative,
  createInitiativeBody,
  loadInitiatives,
  updateInitiative,
  updateInitiativeBody,
} from '../boards/initiatives';
import { summarizeAllBoards } from '../boards/librarySummaries';
import type { BoardStorage } from '../storage/BoardStorage';
import type { RoomRegistry } from '../sync/RoomRegistry';

/** Library, insights and initiatives: everything here needs the workspace admin key. */
export function adminRoutes(deps: {
  storage: BoardStorage;
  registry: RoomRegistry;
  now: () => number;
}): express.Router {
  const router = express.Router();
  const fail = (res: Response, status: number, error: string) => res.status(status).json({ error });

  const requireAdmin = async (req: Request, res: Response, next: NextFunction) => {
    const key = bearerToken(req);
    if (!key) return fail(res, 401, 'the workspace admin key is required');
    if (!(await isAdminKey(deps.storage, key))) return fail(res, 403, 'this is not the workspace admin key');
    next();
  };
  const insights = async () => computeInsights(await summarizeAllBoards(deps.storage, deps.registry), deps.now());

  router.get('/library', requireAdmin, async (req, res) => {
    const status = String(req.query['status'] ?? 'all');
    const boards = await summarizeAllBoards(deps.storage, deps.registry);
    const filtered = filterBoards(
      boards,
      String(req.query['q'] ?? ''),
      (BOARD_STATUSES as readonly string[]).includes(status) ? (status as BoardStatus) : 'all',
    );
    res.json({ boards: filtered, total: boards.length });
  });

  router.get('/insights', requireAdmin, async (_req, res) => {
    res.json({ ...(await insights()), initiatives: await loadInitiatives(deps.storage) });
  });
  router.get('/insights.csv', requireAdmin, async (_req, res) => {
    res.type('text/csv; charset=utf-8').send(insightsToCsv(await insights()));
  });
  router.get('/insights.md', requireAdmin, async (_req, res) => {
    res.type('text/markdown; charset=utf-8').send(insightsToMarkdown(await insights()));
  });

  router.get('/initiatives', requireAdmin, async (_req, res) => {
    res.json({ initiatives: await loadInitiatives(deps.storage) });
  });
  router.post('/initiatives', requireAdmin, async (req, res) => {
    const body = createInitiativeBody.safeParse(req.body ?? {});
    if (!body.success) return fail(res, 400, 'an initiative needs a name');
    res.status(201).json(await createInitiative(deps.storage, body.data.name, deps.now()));
  });
  router.patch('/initiatives/:id', requireAdmin, async (req, res) => {
    const body = updateInitiativeBody.safeParse(req.body ?? {});
    if (!body.success)
      return fail(res, 400, body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const updated = await updateInitiative(deps.storage, String(req.params['id']), body.data);
    if (!updated) return fail(res, 404, 'no such initiative');
    res.json(updated);
  });
  return router;
}
