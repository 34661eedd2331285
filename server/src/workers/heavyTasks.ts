import {
  BOARD_ROOTS,
  CONTROL_ROOTS,
  boardRoots,
  readMeta,
  type BoardMeta,
  buildReport,
  buildChangeRecord,
  renderChangesMarkdown,
  deriveHistory,
  documentFingerprint,
  exportBoardJson,
  readBoard,
  renderHtml,
  renderMarkdown,
  type LogEntry,
  type LoggedChange,
  summarizeBoard,
  type BoardStatus,
  type BoardSummary,
} from '@retrace/shared';
import type * as LanguageModule from '@retrace/shared/language';
import * as Y from 'yjs';
import { replayStored, type StoredEntry } from '../sync/replayStored';

/**
 * Work that grows with a board's size or history: run in a worker thread (WorkerPool),
 * never on the event loop that serves live calls. Each task is a plain function of bytes
 * in and values out, so it is tested directly too.
 */

export interface CompactInput {
  /** The stored snapshot and the updates after it, in order. */
  readonly entries: readonly StoredEntry[];
  readonly kind: 'board' | 'control';
}

export type CompactOutput =
  | {
      readonly ok: true;
      readonly snapshot: Uint8Array;
      readonly quarantined: ReadonlyArray<{
        readonly seq: number;
        readonly reason: string;
        readonly snapshot: boolean;
      }>;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * A snapshot of exactly what storage holds, verified before anyone may replace the log
 * prefix with it: the snapshot is read back into a fresh document, which must say the same
 * as the replay it was taken from (state, deletions, content). Built from storage, not from
 * a process's live document, so it can never drop another process's edits.
 */
export function compactTask(input: CompactInput): CompactOutput {
  const replay = replayStored(input.entries);
  try {
    if (replay.orphans.length > 0)
      return { ok: false, reason: 'the log holds updates whose dependencies are missing; kept as a log' };
    const snapshot = Y.encodeStateAsUpdate(replay.doc);
    const check = replayStored([{ data: snapshot, seq: 0, snapshot: true }]);
    try {
      const roots = input.kind === 'control' ? CONTROL_ROOTS : BOARD_ROOTS;
      if (check.quarantined.length > 0 || check.orphans.length > 0)
        return { ok: false, reason: 'the snapshot does not read back' };
      if (documentFingerprint(check.doc, roots) !== documentFingerprint(replay.doc, roots))
        return { ok: false, reason: 'the snapshot reads back differently' };
    } finally {
      check.doc.destroy();
    }
    return { ok: true, snapshot, quarantined: replay.quarantined };
  } finally {
    replay.doc.destroy();
  }
}

export interface HistoryInput {
  readonly log: readonly LogEntry[];
}

export function historyTask(input: HistoryInput): LoggedChange[] {
  return deriveHistory(input.log);
}

export interface ReportInput {
  /** The board's state: the live room's encoding, or the stored snapshot and updates. */
  readonly state: readonly StoredEntry[];
  /** The update log: read only for the record of changes. */
  readonly log: readonly LogEntry[];
  readonly format: 'md' | 'html' | 'json' | 'changes.md';
  readonly now: number;
  readonly status?: BoardStatus;
  readonly boardUrl?: string | null;
  readonly changesUrl?: string | null;
}

export interface ReportOutput {
  readonly body: string;
  readonly title: string;
}

/**
 * The language checker (a part-of-speech tagger, slow to load) is only needed for reports:
 * loaded on the first one, so a worker thread starts as fast as before for everything else.
 */
let language: typeof LanguageModule | null = null;
let languageLoading: Promise<void> | null = null;

export function loadLanguage(): Promise<void> {
  languageLoading ??= import('@retrace/shared/language').then((module) => {
    language = module;
  });
  return languageLoading;
}

/** What a task needs loaded before it runs (the worker and the inline path await it). */
export const TASK_NEEDS: Partial<Record<string, () => Promise<void>>> = { report: loadLanguage };

export function reportTask(input: ReportInput): ReportOutput {
  const { doc } = replayStored(input.state);
  try {
    const board = readBoard(doc);
    if (input.format === 'json')
      return { body: JSON.stringify(exportBoardJson(doc, input.now), null, 2) + '\n', title: board.meta.title };
    if (input.format === 'changes.md')
      return {
        body: renderChangesMarkdown(board.meta.title, buildChangeRecord(board, deriveHistory(input.log))),
        title: board.meta.title,
      };
    const report = buildReport(board, {
      ...(language
        ? {
            checkLanguage: (text: string, names: readonly string[]) =>
              language!.checkLanguage(text, { names }).map((finding) => finding.rule),
          }
        : {}),
      now: input.now,
      status: input.status ?? 'draft',
      boardUrl: input.boardUrl ?? null,
      changesUrl: input.changesUrl ?? null,
    });
    return { body: input.format === 'md' ? renderMarkdown(report) : renderHtml(report), title: board.meta.title };
  } finally {
    doc.destroy();
  }
}

export interface MetaInput {
  readonly state: readonly StoredEntry[];
}

export function metaTask(input: MetaInput): BoardMeta {
  const { doc } = replayStored(input.state);
  try {
    return readMeta(boardRoots(doc).meta);
  } finally {
    doc.destroy();
  }
}

export interface SummaryInput {
  readonly state: readonly StoredEntry[];
  readonly id: string;
  readonly status: BoardStatus;
  readonly createdAt: number;
}

/** One board's summary for the library and insights, from what storage holds. */
export function summaryTask(input: SummaryInput): BoardSummary {
  const { doc } = replayStored(input.state);
  try {
    return summarizeBoard(input.id, input.status, input.createdAt, readBoard(doc));
  } finally {
    doc.destroy();
  }
}

export const HEAVY_TASKS = {
  compact: compactTask,
  history: historyTask,
  report: reportTask,
  meta: metaTask,
  summary: summaryTask,
} as const;
export type HeavyTaskName = keyof typeof HEAVY_TASKS;
export type HeavyTaskInput<T extends HeavyTaskName> = Parameters<(typeof HEAVY_TASKS)[T]>[0];
export type HeavyTaskOutput<T extends HeavyTaskName> = ReturnType<(typeof HEAVY_TASKS)[T]>;
