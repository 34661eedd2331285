import {
  BOARD_STATUSES,
  LIBRARY_SORTS,
  SCOPE_PRESETS,
  insightsToCsv,
  insightsToMarkdown,
  isControlRoom,
  scopeFor,
  scopeToMarkdown,
  type BoardStatus,
  type LibrarySort,
  type ScopePreset,
  type TimeScope,
} from '@retrace/shared';
import express, { type NextFunction, type Request, type Response } from 'express';
import { isAdminKey, rotateAdminKey } from '../auth/adminKey';
import {
  adminCookie,
  adminSessionOf,
  clearedAdminCookie,
  closeAdminSession,
  isAdminSession,
  openAdminSession,
} from '../auth/adminSessions';
import { bearerToken, generateToken, hashToken } from '../auth/tokens';
import {
  createInitiative,
  createInitiativeBody,
  loadInitiatives,
  updateInitiative,
  updateInitiativeBody,
} from '../boards/initiatives';
import { INSIGHTS_LIST_LIMIT, type LibraryIndex } from '../boards/libraryIndex';
import type { BoardStorage } from '../storage/BoardStorage';

/**
 * Library, insights and initiatives: everything here needs the workspace admin, signed in
 * with a session cookie (the library page) or sending the key as a bearer token (scripts).
 */
export function adminRoutes(deps: {
  storage: BoardStorage;
  library: LibraryIndex;
  now: () => number;
  /** RETRACE_ADMIN_KEY: when set, the key is replaced there, not through the API. */
  configuredAdminKey: string | null;
}): express.Router {
  const router = express.Router();
  const fail = (res: Response, status: number, error: string) => res.status(status).json({ error });

  const requireAdmin = async (req: Request, res: Response, next: NextFunction) => {
    if (await isAdminSession(deps.storage, adminSessionOf(req), deps.now())) return next();
    const key = bearerToken(req);
    if (!key) return fail(res, 401, 'sign in to the library with the workspace admin key');
    if (!(await isAdminKey(deps.storage, key))) return fail(res, 403, 'this is not the workspace admin key');
    next();
  };

  // Signing in trades the key for a session cookie the page's scripts cannot read.
  router.post('/admin/session', async (req, res) => {
    const key = (req.body as { key?: unknown } | undefined)?.key;
    if (typeof key !== 'string' || !(await isAdminKey(deps.storage, key)))
      return fail(res, 403, 'this is not the workspace admin key');
    const id = await openAdminSession(deps.storage, deps.now());
    res.setHeader('Set-Cookie', adminCookie(id, req.secure));
    res.json({ signedIn: true });
  });
  router.get('/admin/session', async (req, res) => {
    res.json({ signedIn: await isAdminSession(deps.storage, adminSessionOf(req), deps.now()) });
  });
  router.delete('/admin/session', async (req, res) => {
    await closeAdminSession(deps.storage, adminSessionOf(req));
    res.setHeader('Set-Cookie', clearedAdminCookie());
    res.json({ signedIn: false });
  });
  // A new key, shown once: the old key and every session (this one too) stop working; this
  // browser gets a new session.
  router.post('/admin/key', requireAdmin, async (req, res) => {
    if (deps.configuredAdminKey)
      return fail(res, 409, 'the key is set by RETRACE_ADMIN_KEY: change it there and restart');
    const key = await rotateAdminKey(deps.storage);
    res.setHeader('Set-Cookie', adminCookie(await openAdminSession(deps.storage, deps.now()), req.secure));
    res.json({ key });
  });
  // Opening a board from the library: a view-only link of that board, minted for the visit
  // (the admin key itself never goes into a board URL or the browser's recent boards).
  router.post('/library/boards/:boardId/link', requireAdmin, async (req, res) => {
    const boardId = String(req.params['boardId']);
    if (isControlRoom(boardId) || !(await deps.storage.boardExists(boardId))) return fail(res, 404, 'board not found');
    const token = generateToken();
    await deps.storage.addToken(boardId, 'viewer', hashToken(token), deps.now());
    res.json({ boardId, token });
  });
  /**
   * The period insights cover: `?scope=this-quarter` (a preset) or `?from=2024-04-01&to=2024-06-30`
   * (UTC dates, both included); all time otherwise. Undefined when the query is malformed.
   */
  const scopeOf = (req: Request): TimeScope | undefined => {
    const preset = req.query['scope'];
    if (typeof preset === 'string' && preset !== '')
      return (SCOPE_PRESETS as readonly string[]).includes(preset)
        ? scopeFor(preset as ScopePreset, deps.now())
        : undefined;
    const day = (value: unknown, offsetDays = 0): number | null | undefined => {
      if (value === undefined || value === '') return null;
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
      const at = Date.parse(`${value}T00:00:00Z`);
      return Number.isNaN(at) ? undefined : at + offsetDays * 86_400_000;
    };
    const from = day(req.query['from']);
    const to = day(req.query['to'], 1);
    if (from === undefined || to === undefined || (from !== null && to !== null && to <= from)) return undefined;
    return { from, to };
  };
  /**
   * Answers 400 for a malformed period, else the insights for it with the initiatives (one
   * call to the summary thread): the page's answer lists the first INSIGHTS_LIST_LIMIT
   * incidents per factor and actions per owner, exports all.
   */
  const insights = async (req: Request, res: Response, listLimit?: number) => {
    const scope = scopeOf(req);
    if (!scope) {
      fail(res, 400, `scope is one of ${SCOPE_PRESETS.join(', ')}, or from/to are dates (YYYY-MM-DD), from before to`);
      return null;
    }
    return deps.library.scopedInsights(
      scope,
      listLimit === undefined ? {} : { listLimit },
      await loadInitiatives(deps.storage),
    );
  };
  /** How long the answer took on the server (Server-Timing, seen in the browser's network panel). */
  const timed = (res: Response, started: number) =>
    res.setHeader('Server-Timing', `app;dur=${(performance.now() - started).toFixed(1)}`);

  // A page of the library: ?q=words&status=&sort=&order=asc|desc&offset=&limit= (at most 200).
  router.get('/library', requireAdmin, async (req, res) => {
    const started = performance.now();
    const text = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : '');
    const whole = (name: string, fallback: number, max: number) => {
      const value = Number.parseInt(text(name), 10);
      return Number.isFinite(value) && value >= 0 ? Math.min(value, max) : fallback;
    };
    const status = text('status');
    const sort = text('sort');
    const page = await deps.library.library({
      query: text('q').slice(0, 200),
      status: (BOARD_STATUSES as readonly string[]).includes(status) ? (status as BoardStatus) : 'all',
      sort: (LIBRARY_SORTS as readonly string[]).includes(sort) ? (sort as LibrarySort) : 'relevance',
      order: text('order') === 'asc' ? 'asc' : 'desc',
      offset: whole('offset', 0, Number.MAX_SAFE_INTEGER),
      limit: Math.max(1, whole('limit', 50, 200)),
    });
    timed(res, started);
    res.json(page);
  });

  const initiatives = async () => deps.library.initiatives(await loadInitiatives(deps.storage));
  // Exports link back to each board through the library (which opens it with a fresh view-only link).
  const boardUrl = (req: Request) => (boardId: string) =>
    `${req.protocol}://${req.get('host') ?? 'localhost'}/library#board=${encodeURIComponent(boardId)}`;

  router.get('/insights', requireAdmin, async (req, res) => {
    const started = performance.now();
    const found = await insights(req, res, INSIGHTS_LIST_LIMIT);
    if (!found) return;
    timed(res, started);
    res.json({ ...found.insights, initiatives: found.initiatives });
  });
  router.get('/insights.csv', requireAdmin, async (req, res) => {
    const found = await insights(req, res);
    if (found)
      res.type('text/csv; charset=utf-8').send(insightsToCsv(found.insights, found.initiatives, boardUrl(req)));
  });
  router.get('/insights.md', requireAdmin, async (req, res) => {
    const found = await insights(req, res);
    if (found)
      res
        .type('text/markdown; charset=utf-8')
        .send(insightsToMarkdown(found.insights, found.initiatives, boardUrl(req)) + scopeToMarkdown(found.insights));
  });

  router.get('/initiatives', requireAdmin, async (_req, res) => {
    res.json({ initiatives: await initiatives() });
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
    const add = body.data.addAction;
    if (add && !(await deps.library.actionExists(add.boardId, add.actionId)))
      return fail(res, 400, 'no such action on that board');
    const updated = await updateInitiative(deps.storage, String(req.params['id']), body.data);
    if (!updated) return fail(res, 404, 'no such initiative');
    res.json(updated);
  });
  return router;
}
