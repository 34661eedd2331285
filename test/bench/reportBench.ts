import {
  buildReport,
  createCard,
  createFactor,
  createLane,
  initBoard,
  readBoard,
  renderHtml,
  renderMarkdown,
  tagCard,
  updateMeta,
  type LogEntry,
} from '@retrace/shared';
import * as Y from 'yjs';
import type { StoredEntry } from '../../server/src/sync/replayStored';
import { loadLanguage, reportTask } from '../../server/src/workers/heavyTasks';

export interface ReportTimings {
  readonly cards: number;
  /** The whole server-side path of GET report.md / report.html for an open board: the room's state → board → report → text. */
  readonly serverMarkdownMs: number;
  readonly serverHtmlMs: number;
  /** The same for a board nobody has open: its stored snapshot is inspected before Yjs reads it. */
  readonly storedMarkdownMs: number;
  /** Its parts, from a board already read. */
  readonly modelMs: number;
  readonly markdownMs: number;
  readonly htmlMs: number;
  readonly jsonMs: number;
  /** The record of changes (report.changes.md) from the update log. */
  readonly changesMs: number;
  readonly markdownKiB: number;
  readonly htmlKiB: number;
}

const T0 = Date.UTC(2024, 4, 1, 12);
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC'];

/** A board of `cards` cards in 20 lanes, built edit by edit so the log looks like a meeting's. */
function boardWithLog(cards: number): { doc: Y.Doc; log: LogEntry[] } {
  const doc = new Y.Doc();
  const log: LogEntry[] = [];
  doc.on('update', (data: Uint8Array) =>
    log.push({ seq: log.length + 1, receivedAt: T0 + log.length * 1000, actor: 'editor:bench000', data }),
  );
  initBoard(doc, { title: `Report bench ${cards}`, timeZone: 'Europe/Berlin', startedAt: T0 });
  updateMeta(doc, { detectedAt: T0 + 20 * 60_000, mitigatedAt: T0 + 90 * 60_000, resolvedAt: T0 + cards * 3_000 });
  const lanes = Array.from({ length: 20 }, (_, i) =>
    createLane(doc, { name: i % 2 ? `Person ${i} (team ${i % 4})` : `System ${i}`, kind: i % 2 ? 'person' : 'system' }),
  );
  const factors = Array.from({ length: 10 }, (_, i) =>
    createFactor(doc, { name: `Factor ${i + 1}`, category: 'signals' }),
  );
  for (let i = 0; i < cards; i++) {
    const card = createCard(
      doc,
      {
        text: `Card ${i}: the dashboard showed green while errors rose; we checked the deploy log and the queue depth`,
        laneId: lanes[i % 20]!,
        occurredAt: T0 + Math.floor(i / 20) * 60_000,
      },
      { author: { name: `Person ${i % 20}`, timeZone: ZONES[i % ZONES.length]! } },
    );
    if (i % 7 === 0) tagCard(doc, { cardId: card, factorId: factors[i % 10]! });
  }
  return { doc, log };
}

/** Median of `runs` timings of `work`. */
function median<T>(runs: number, work: () => T): [T, number] {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    value = work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return [value, times[Math.floor(times.length / 2)]!];
}

/** The language checker the report task uses, loaded before anything is timed. */
export const reportReady = loadLanguage();

export function measureReport(cards: number, runs = 5): ReportTimings {
  const { doc, log } = boardWithLog(cards);
  const data = Y.encodeStateAsUpdate(doc);
  const live: StoredEntry[] = [{ seq: 0, data, live: true }];
  const stored: StoredEntry[] = [{ seq: 0, snapshot: true, data }];
  const server =
    (format: 'md' | 'html' | 'json' | 'changes.md', state: StoredEntry[] = live) =>
    () =>
      reportTask({ state, log, format, now: T0, status: 'in-review', boardUrl: 'https://retrace.example/b/bench' });
  const [md, serverMarkdownMs] = median(runs, server('md'));
  const [html, serverHtmlMs] = median(runs, server('html'));
  const [, storedMarkdownMs] = median(runs, server('md', stored));
  const [, jsonMs] = median(runs, server('json'));
  const [, changesMs] = median(Math.min(runs, 3), server('changes.md'));
  const board = readBoard(doc);
  const [report, modelMs] = median(runs, () => buildReport(board, { now: T0 }));
  const [, markdownMs] = median(runs, () => renderMarkdown(report));
  const [, htmlMs] = median(runs, () => renderHtml(report));
  return {
    cards,
    serverMarkdownMs,
    serverHtmlMs,
    storedMarkdownMs,
    modelMs,
    markdownMs,
    htmlMs,
    jsonMs,
    changesMs,
    markdownKiB: md.body.length / 1024,
    htmlKiB: html.body.length / 1024,
  };
}
