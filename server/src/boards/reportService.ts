import { buildReport, deriveHistory, exportBoardJson, readBoard, renderHtml, renderMarkdown } from '@retrace/shared';
import type { BoardStorage } from '../storage/BoardStorage';
import type { RoomRegistry } from '../sync/RoomRegistry';
import { loadBoardCopy } from './boardService';

export const REPORT_FORMATS = {
  md: { type: 'text/markdown; charset=utf-8', extension: 'md' },
  html: { type: 'text/html; charset=utf-8', extension: 'html' },
  json: { type: 'application/json; charset=utf-8', extension: 'json' },
} as const;
export type ReportFormat = keyof typeof REPORT_FORMATS;

export function isReportFormat(value: string): value is ReportFormat {
  return Object.hasOwn(REPORT_FORMATS, value);
}

/** A board's report in one format, with the record of changes from the stored log. */
export async function renderBoardReport(
  storage: BoardStorage,
  registry: RoomRegistry,
  boardId: string,
  format: ReportFormat,
  now: () => number = Date.now,
): Promise<{ body: string; title: string } | null> {
  const doc = await loadBoardCopy(storage, registry, boardId);
  if (!doc) return null;
  try {
    const board = readBoard(doc);
    if (format === 'json')
      return { body: JSON.stringify(exportBoardJson(doc, now()), null, 2) + '\n', title: board.meta.title };
    const history = deriveHistory(await storage.readUpdateLog(boardId));
    const report = buildReport(board, history);
    return { body: format === 'md' ? renderMarkdown(report) : renderHtml(report), title: board.meta.title };
  } finally {
    doc.destroy();
  }
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
