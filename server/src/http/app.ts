import { BoardOperationError, CloseCode, ID_PATTERN, isRole, isBoardStatus, parseBoardJson } from '@retrace/shared';
import { isAdminKey } from '../auth/adminKey';
import { adminRoutes } from './adminRoutes';
import { requestOrigin } from './clientAddress';
import { silentRoundRoutes } from './silentRoundRoutes';
import { votingRoutes } from './votingRoutes';
import { seatRoutes } from './participantAccess';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { checkBoardAccess } from '../auth/BoardAccess';
import { bearerToken, generateToken, hashToken } from '../auth/tokens';
import type { Config } from '../config';
import type { Metrics } from '../metrics';
import { rateLimit } from './rateLimit';
import { securityHeaders } from './securityHeaders';
import { createBoard, createBoardFromJson, createDemoBoard, readBoardMeta } from '../boards/boardService';
import { REPORT_FORMATS, isReportFormat, renderBoardReport, reportFileName } from '../boards/reportService';
import type { Logger } from '../logger';
import type { BoardStorage } from '../storage/BoardStorage';
import type { UpdateWriter } from '../storage/UpdateWriter';
import type { RoomRegistry } from '../sync/RoomRegistry';
import type { HeavyWork } from '../workers/HeavyWork';
import type { LibraryIndex } from '../boards/libraryIndex';
import { entriesSize, readWholeLog } from '../boards/boardState';

export interface AppDeps {
  readonly storage: BoardStorage;
  readonly registry: RoomRegistry;
  readonly writer: UpdateWriter;
  readonly heavy: HeavyWork;
  readonly library: LibraryIndex;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly config: Pick<Config, 'limits' | 'metricsToken' | 'trustedProxies' | 'adminKey' | 'publicUrl'>;
  readonly clientDir: string;
  readonly now: () => number;
  readonly lifecycle: { draining(): boolean };
}

const createBoardBody = z
  .object({
    title: z.string(),
    summary: z.string().optional(),
    timeZone: z.string().optional(),
    startedAt: z.number().optional(),
    detectedAt: z.number().optional(),
    resolvedAt: z.number().optional(),
  })
  .strict();

/** Entries per page of the history and of the log. */
const HISTORY_PAGE = 1_000;
const LOG_PAGE = 2_000;

/** A non-negative integer query parameter, `fallback` when absent or invalid, at most `max`. */
function pageNumber(value: unknown, fallback: number, max: number): number {
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : fallback;
  return Math.min(n, max);
}

function sendError(res: Response, status: number, error: string): void {
  res.status(status).json({ error });
}

/** REST API and the built client, on the same port as the sync WebSockets. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders);

  app.get('/metrics', async (req, res) => {
    if (deps.config.metricsToken && bearerToken(req) !== deps.config.metricsToken)
      return sendError(res, 401, 'metrics token required');
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  // Liveness: the process and its event loop answer. For restarts by a process manager.
  app.get('/livez', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true });
  });

  // Readiness: this process takes new connections and serves boards. Storage trouble does not
  // make it unready (edits keep flowing in memory and are stored once storage is back; every
  // process would fail at once), draining after SIGTERM does. For load balancers.
  app.get('/readyz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (deps.lifecycle.draining()) res.status(503).json({ ok: false, draining: true });
    else res.json({ ok: true, openBoards: deps.registry.openCount });
  });

  // Storage health, for alerting and dashboards (not for load balancers: see /readyz).
  app.get('/healthz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    try {
      await deps.storage.checkWritable();
      if (!deps.writer.healthy) throw new Error('updates are waiting to be written');
      res.json({ ok: true, storage: deps.storage.kind, openBoards: deps.registry.openCount });
    } catch (error) {
      res.status(503).json({ ok: false, error: (error as Error).message, pendingWrites: deps.writer.pendingCount });
    }
  });

  const api = express.Router();
  api.use(rateLimit(deps.config.limits.apiRequestsPerMinute, deps.config.trustedProxies));
  // Board exports can be large; everything else is small.
  api.post('/boards/import', express.json({ limit: '16mb' }), async (req, res) => {
    try {
      const board = await createBoardFromJson(deps.storage, parseBoardJson(req.body), deps.now);
      deps.log.info({ board: board.id }, 'board imported');
      deps.library.boardsChanged();
      res.status(201).json(board);
    } catch (error) {
      if (error instanceof BoardOperationError) sendError(res, 400, error.message);
      else throw error;
    }
  });
  api.use(express.json({ limit: '64kb' }));

  api.post('/boards', async (req, res) => {
    const body = createBoardBody.safeParse(req.body ?? {});
    if (!body.success) {
      sendError(res, 400, body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
      return;
    }
    try {
      const input = Object.fromEntries(Object.entries(body.data).filter(([, v]) => v !== undefined));
      const board = await createBoard(deps.storage, input as typeof body.data, deps.now);
      deps.log.info({ board: board.id }, 'board created');
      deps.library.boardsChanged();
      res.status(201).json(board);
    } catch (error) {
      if (error instanceof BoardOperationError) sendError(res, 400, error.message);
      else throw error;
    }
  });

  // The server's clock, so clients can show the shared timer right whatever their own clock says.
  api.get('/time', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ now: deps.now() });
  });

  api.post('/demo-boards', async (_req, res) => {
    const board = await createDemoBoard(deps.storage, deps.now);
    deps.log.info({ board: board.id }, 'demo board created');
    deps.library.boardsChanged();
    res.status(201).json(board);
  });

  api.get('/boards/:boardId', async (req, res) => {
    const boardId = req.params.boardId;
    if (!ID_PATTERN.test(boardId)) return sendError(res, 404, 'board not found');
    const access = await checkBoardAccess(deps.storage, boardId, bearerToken(req));
    if (!access.ok) return sendError(res, access.status, access.error);
    const meta = await readBoardMeta(deps, boardId);
    if (!meta) return sendError(res, 404, 'board not found');
    res.json({ id: boardId, role: access.role, status: await deps.storage.getBoardStatus(boardId), meta });
  });

  api.get('/boards/:boardId/report.:format', async (req, res) => {
    const { boardId, format } = req.params;
    if (!ID_PATTERN.test(boardId)) return sendError(res, 404, 'board not found');
    if (!isReportFormat(format))
      return sendError(res, 404, 'formats: report.md, report.html, report.json, report.changes.md');
    const access = await checkBoardAccess(deps.storage, boardId, bearerToken(req));
    if (!access.ok) return sendError(res, access.status, access.error);
    const report = await renderBoardReport(deps, boardId, format, deps.now, requestOrigin(req, deps.config));
    if (!report) return sendError(res, 404, 'board not found');
    res.setHeader('Content-Type', REPORT_FORMATS[format].type);
    res.setHeader('Cache-Control', 'no-store');
    // The HTML report is a standalone page with inline styles and nothing else.
    if (format === 'html')
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    if (req.query['download'] !== undefined) {
      res.setHeader('Content-Disposition', `attachment; filename="${reportFileName(report.title, format)}"`);
    }
    res.send(report.body);
  });

  // Draft → in review → published (read-only for editors); the facilitator or an admin sets it.
  api.post('/boards/:boardId/status', async (req, res) => {
    const { boardId } = req.params;
    if (!ID_PATTERN.test(boardId)) return sendError(res, 404, 'board not found');
    const status = (req.body as { status?: unknown } | undefined)?.status;
    if (typeof status !== 'string' || !isBoardStatus(status))
      return sendError(res, 400, 'status must be draft, in-review or published');
    const token = bearerToken(req);
    const admin = (await isAdminKey(deps.storage, token)) && (await deps.storage.boardExists(boardId));
    if (!admin) {
      const access = await checkBoardAccess(deps.storage, boardId, token);
      if (!access.ok) return sendError(res, access.status, access.error);
      if (access.role !== 'facilitator') return sendError(res, 403, 'only the facilitator can change the status');
    }
    await deps.storage.setBoardStatus(boardId, status);
    deps.registry.setBoardStatus(boardId, status);
    deps.log.info({ board: boardId, status }, 'board status changed');
    deps.library.boardsChanged();
    res.json({ id: boardId, status });
  });

  // The record of changes, from the stored log (not from what clients claim). Derived off
  // the event loop; answered in pages (`?offset=&limit=`), oldest first.
  api.get('/boards/:boardId/history', async (req, res) => {
    const { boardId } = req.params;
    if (!ID_PATTERN.test(boardId)) return sendError(res, 404, 'board not found');
    const access = await checkBoardAccess(deps.storage, boardId, bearerToken(req));
    if (!access.ok) return sendError(res, access.status, access.error);
    const offset = pageNumber(req.query['offset'], 0, Number.MAX_SAFE_INTEGER);
    const limit = pageNumber(req.query['limit'], HISTORY_PAGE, HISTORY_PAGE);
    const log = await readWholeLog(deps.storage, boardId);
    const history = await deps.heavy.run('history', { log }, entriesSize(log));
    const page = history.slice(offset, offset + limit);
    res.json({ history: page, total: history.length, next: offset + limit < history.length ? offset + limit : null });
  });

  // The update log itself, for replaying the meeting in the browser: `?after=<seq>`, in pages.
  api.get('/boards/:boardId/log', async (req, res) => {
    const { boardId } = req.params;
    if (!ID_PATTERN.test(boardId)) return sendError(res, 404, 'board not found');
    const access = await checkBoardAccess(deps.storage, boardId, bearerToken(req));
    if (!access.ok) return sendError(res, access.status, access.error);
    const after = pageNumber(req.query['after'], 0, Number.MAX_SAFE_INTEGER);
    const limit = pageNumber(req.query['limit'], LOG_PAGE, LOG_PAGE);
    const log = await deps.storage.readUpdateLog(boardId, { afterSeq: after, limit });
    res.json({
      entries: log.map((entry) => ({
        seq: entry.seq,
        receivedAt: entry.receivedAt,
        actor: entry.actor,
        data: Buffer.from(entry.data).toString('base64'),
      })),
      next: log.length === limit ? log[log.length - 1]!.seq : null,
    });
  });

  api.use(
    adminRoutes({
      storage: deps.storage,
      library: deps.library,
      now: deps.now,
      configuredAdminKey: deps.config.adminKey,
    }),
  );
  api.use(silentRoundRoutes(deps));
  api.use(votingRoutes(deps));
  api.use(seatRoutes(deps.storage));

  // Replaces one of the board's links; connections that used the old one are closed at once.
  api.post('/boards/:boardId/links/:role/rotate', async (req, res) => {
    const { boardId, role } = req.params;
    if (!ID_PATTERN.test(boardId)) return sendError(res, 404, 'board not found');
    if (!isRole(role)) return sendError(res, 404, 'no such link');
    const access = await checkBoardAccess(deps.storage, boardId, bearerToken(req));
    if (!access.ok) return sendError(res, access.status, access.error);
    if (access.role !== 'facilitator') return sendError(res, 403, 'only the facilitator can replace links');
    const token = generateToken();
    const revoked = await deps.storage.rotateToken(boardId, role, hashToken(token), deps.now());
    const closed = deps.registry.closeConnectionsWithTokens(boardId, new Set(revoked), CloseCode.TokenRevoked);
    deps.log.info({ board: boardId, role, closed }, 'link rotated');
    res.json({ role, token });
  });

  // A co-host's facilitator link, beside the current one (hand the call over or share it).
  api.post('/boards/:boardId/links/facilitator/add', async (req, res) => {
    const { boardId } = req.params;
    if (!ID_PATTERN.test(boardId)) return sendError(res, 404, 'board not found');
    const access = await checkBoardAccess(deps.storage, boardId, bearerToken(req));
    if (!access.ok) return sendError(res, access.status, access.error);
    if (access.role !== 'facilitator') return sendError(res, 403, 'only the facilitator can add a co-host');
    const token = generateToken();
    await deps.storage.addToken(boardId, 'facilitator', hashToken(token), deps.now());
    deps.log.info({ board: boardId }, 'co-host link added');
    res.json({ role: 'facilitator', token });
  });

  api.use((_req, res) => sendError(res, 404, 'no such endpoint'));
  app.use('/api', api);

  if (existsSync(path.join(deps.clientDir, 'index.html'))) {
    app.use(
      express.static(deps.clientDir, {
        index: false,
        setHeaders: (res, file) => {
          // Hashed build assets never change; the service worker and pages must revalidate.
          if (file.includes(`${path.sep}assets${path.sep}`))
            res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
          else res.setHeader('Cache-Control', 'no-cache');
        },
      }),
    );
    // The client routes (/, /b/<id>) all load the same page; the token stays in the fragment.
    app.get(['/', '/library', '/b/:boardId'], (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(deps.clientDir, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res
        .type('text/plain')
        .send('Retrace server is running. Build the client with `pnpm build` to serve the board UI.');
    });
  }

  app.use((_req: Request, res: Response) => sendError(res, 404, 'not found'));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status ?? 500;
    if (status >= 500) deps.log.error({ err: (error as Error).message }, 'request failed');
    const message =
      status === 413 ? 'request body too large' : status === 400 ? 'malformed request body' : 'internal error';
    sendError(res, status, message);
  });
  return app;
}
