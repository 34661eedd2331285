import type { BoardStorage } from '../storage/BoardStorage';
import type { RoomRegistry } from '../sync/RoomRegistry';
import type { HeavyWork } from '../workers/HeavyWork';
import { boardStateEntries, entriesSize, readWholeLog } from './boardState';

export const REPORT_FORMATS = {
  md: { type: 'text/markdown; charset=utf-8', extension: 'md' },
  html: { type: 'text/html; charset=utf-8', extension: 'html' },
  json: { type: 'application/json; charset=utf-8', extension: 'json' },
  /** The record of changes from the update log: its own file, so the report stays readable and fast. */
  'changes.md': { type: 'text/markdown; charset=utf-8', extension: 'changes.md' },
} as const;
export type ReportFormat = keyof typeof REPORT_FORMATS;

export function isReportFormat(value: string): value is ReportFormat {
  return Object.hasOwn(REPORT_FORMATS, value);
}

/**
 * A board's report in one format, with the record of changes from the stored log. Built
 * off the event loop (a large board's report takes far longer than a live call may wait).
 */
export async function renderBoardReport(
  deps: { readonly storage: BoardStorage; readonly registry: RoomRegistry; readonly heavy: HeavyWork },
  boardId: string,
  format: ReportFormat,
  now: () => number = Date.now,
  /** This server's origin as the reader reached it ("https://retrace.example"): links back to the board. */
  origin: string | null = null,
): Promise<{ body: string; title: string } | null> {
  const state = await boardStateEntries(deps.storage, deps.registry, boardId);
  if (!state) return null;
  const log = format === 'changes.md' ? await readWholeLog(deps.storage, boardId) : [];
  const status = (await deps.storage.getBoardStatus(boardId)) ?? 'draft';
  const base = origin ? `${origin}/b/${encodeURIComponent(boardId)}` : null;
  return deps.heavy.run(
    'report',
    {
      state,
      log,
      format,
      now: now(),
      status,
      boardUrl: base,
      changesUrl: origin ? `${origin}/api/boards/${encodeURIComponent(boardId)}/report.changes.md` : null,
    },
    entriesSize(state) + entriesSize(log),
  );
}

/** A file name for a download: the title, reduced to safe characters. */
export function reportFileName(title: string, format: ReportFormat): string {
  const base =
    title
      .normalize('NFKD')
      .replace(/[^\w-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'retrace-report';
  return `${base}.${REPORT_FORMATS[format].extension}`;
}
