import {
  buildReport,
  createCard,
  createFactor,
  createLane,
  deriveHistory,
  exportBoardJson,
  initBoard,
  readBoard,
  renderHtml,
  renderMarkdown,
  tagCard,
  type LogEntry,
} from '@retrace/shared';
import * as Y from 'yjs';

export interface ReportTimings {
  readonly cards: number;
  readonly historyMs: number;
  readonly modelMs: number;
  readonly markdownMs: number;
  readonly htmlMs: number;
  readonly jsonMs: number;
}

/** A board of `cards` cards in 20 lanes, built edit by edit so the log looks like a meeting's. */
function boardWithLog(cards: number): { doc: Y.Doc; log: LogEntry[] } {
  const doc = new Y.Doc();
  const log: LogEntry[] = [];
  doc.on('update', (data: Uint8Array) =>
    log.push({
      seq: log.length + 1,
      receivedAt: Date.UTC(2024, 4, 1, 12) + log.length * 1000,
      actor: 'editor:bench000',
      data,
    }),
  );
  initBoard(doc, { title: `Report bench ${cards}`, timeZone: 'Europe/Berlin', startedAt: Date.UTC(2024, 4, 1, 12) });
  const lanes = Array.from({ length: 20 }, (_, i) => createLane(doc, { name: `Lane ${i + 1}` }));
  const factors = Array.from({ length: 10 }, (_, i) =>
    createFactor(doc, { name: `Factor ${i + 1}`, category: 'signals' }),
  );
  for (let i = 0; i < cards; i++) {
    const card = createCard(doc, {
      text: `Card ${i}: the dashboard showed green while errors rose`,
      laneId: lanes[i % 20]!,
      occurredAt: Date.UTC(2024, 4, 1, 12) + Math.floor(i / 20) * 60_000,
    });
    if (i % 7 === 0) tagCard(doc, { cardId: card, factorId: factors[i % 10]! });
  }
  return { doc, log };
}

function time<T>(work: () => T): [T, number] {
  const started = performance.now();
  const value = work();
  return [value, performance.now() - started];
}

export function measureReport(cards: number): ReportTimings {
  const { doc, log } = boardWithLog(cards);
  const [history, historyMs] = time(() => deriveHistory(log));
  const [report, modelMs] = time(() => buildReport(readBoard(doc), history));
  const [, markdownMs] = time(() => renderMarkdown(report));
  const [, htmlMs] = time(() => renderHtml(report));
  const [, jsonMs] = time(() => JSON.stringify(exportBoardJson(doc)));
  return { cards, historyMs, modelMs, markdownMs, htmlMs, jsonMs };
}
