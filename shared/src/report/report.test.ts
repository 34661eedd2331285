import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAction } from '../domain/actions';
import { createCard } from '../domain/cards';
import { createFactor, tagCard } from '../domain/factors';
import { createLane } from '../domain/lanes';
import { initBoard, updateMeta } from '../domain/meta';
import { seedLoginOutage } from '../demo/loginOutage';
import { readBoard } from '../schema/boardDoc';
import { BOARD_JSON_FORMAT, exportBoardJson, importBoardJson, parseBoardJson } from './boardJson';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { buildReport } from './model';

function demoBoard(): Y.Doc {
  let t = Date.UTC(2024, 4, 15, 9, 0);
  const doc = new Y.Doc();
  seedLoginOutage(doc, { now: () => (t += 1_000) });
  return doc;
}

/** Ids and jittered order keys are random; goldens compare everything else. */
function normalize(json: string): string {
  const names = new Map<string, string>();
  return json
    .replace(/"(id|laneId|orderKey)": "([^"]+)"/g, (_m, field: string, value: string) => {
      if (!names.has(value)) names.set(value, `${field === 'orderKey' ? 'key' : 'id'}-${names.size + 1}`);
      return `"${field}": "${names.get(value)}"`;
    })
    .replace(/"([0-9A-Za-z]{16})"/g, (_m, value: string) => {
      if (!names.has(value)) names.set(value, `id-${names.size + 1}`);
      return `"${names.get(value)}"`;
    });
}

const HOSTILE =
  '<img src=x onerror=alert(1)> # Heading [link](javascript:alert(1)) | col | **bold** `code`\n## injected';

describe('report', () => {
  it('renders the demo board as Markdown, HTML and JSON (golden files)', async () => {
    const doc = demoBoard();
    const report = buildReport(readBoard(doc));
    await expect(renderMarkdown(report)).toMatchFileSnapshot('./__golden__/demo.md');
    await expect(renderHtml(report)).toMatchFileSnapshot('./__golden__/demo.html');
    const json = exportBoardJson(doc, Date.UTC(2024, 4, 16));
    await expect(normalize(JSON.stringify(json, null, 2))).toMatchFileSnapshot('./__golden__/demo.json');
  });

  it('writes times in the reference zone with the offset, marking entries after a DST change', () => {
    const doc = new Y.Doc();
    // Europe/Berlin switches to summer time at 02:00 on 2024-03-31.
    initBoard(doc, {
      title: 'Overnight',
      timeZone: 'Europe/Berlin',
      startedAt: Date.UTC(2024, 2, 31, 0, 30),
      resolvedAt: Date.UTC(2024, 2, 31, 2, 0),
    });
    const lane = createLane(doc, { name: 'Ops' });
    createCard(doc, { text: 'before the change', laneId: lane, occurredAt: Date.UTC(2024, 2, 31, 0, 45) });
    createCard(doc, { text: 'after the change', laneId: lane, occurredAt: Date.UTC(2024, 2, 31, 1, 15) });
    const report = buildReport(readBoard(doc));
    expect(report.zoneLabel).toBe('Europe/Berlin (UTC+01:00)');
    expect(report.timeline.map((e) => e.time)).toEqual(['2024-03-31 01:45', '2024-03-31 03:15 (UTC+02:00)']);
    expect(report.window.duration).toBe('1 h 30 min');
  });

  it('never lets user text become markup or Markdown structure', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: HOSTILE.slice(0, 190).replace('\n', ' '), timeZone: 'UTC' });
    updateMeta(doc, { summary: HOSTILE });
    const lane = createLane(doc, { name: '<b>lane</b>' });
    const card = createCard(
      doc,
      { text: HOSTILE, laneId: lane, occurredAt: 0 },
      { author: { name: '<script>x</script>', timeZone: 'UTC' } },
    );
    const factor = createFactor(doc, { name: '](http://evil) [x', description: HOSTILE });
    tagCard(doc, { cardId: card, factorId: factor });
    createAction(doc, {
      title: HOSTILE.replace('\n', ' '),
      owner: '| a | b |',
      factorIds: [factor],
      trackerUrl: 'https://x.example/"><script>',
    });
    const report = buildReport(readBoard(doc));

    const html = renderHtml(report);
    expect(html).not.toMatch(/<img|<script>|<b>lane/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('href="https://x.example/&quot;&gt;&lt;script&gt;"');
    expect(html.match(/<script/gi)).toBeNull();

    const markdown = renderMarkdown(report);
    const lines = markdown.split('\n');
    // User text never starts a line of its own structure (the report's title line is ours).
    expect(lines.some((l) => /^#{1,6} (injected|Heading)/.test(l))).toBe(false);
    expect(lines).toContain('\\## injected');
    expect(markdown).not.toMatch(/(^|[^\\])\[link\]\(javascript/);
    expect(markdown).not.toMatch(/(^|[^\\])<img/);
    expect(lines.some((l) => /^\|/.test(l))).toBe(false);
  });

  it('round-trips the complete board through JSON into an equivalent new board', () => {
    const doc = demoBoard();
    const card = readBoard(doc).cards[0]!;
    tagCard(doc, { cardId: card.id, factorId: readBoard(doc).factors[0]!.id });
    const exported = JSON.parse(JSON.stringify(exportBoardJson(doc, 0)));
    expect(exported).toMatchObject({ format: BOARD_JSON_FORMAT, schemaVersion: 1 });
    const copy = new Y.Doc();
    importBoardJson(copy, parseBoardJson(exported));
    expect(readBoard(copy)).toEqual(readBoard(doc));
    expect(exportBoardJson(copy, 0)).toEqual(exported);
  });

  it('rejects invalid imports with a clear message and writes nothing', () => {
    expect(() => parseBoardJson({ format: 'something-else' })).toThrow(/not a valid Retrace board export/);
    const exported = JSON.parse(JSON.stringify(exportBoardJson(demoBoard(), 0)));
    exported.board.cards[0].place.laneId = 'missingLane';
    expect(() => parseBoardJson(exported)).toThrow(/lane the file does not contain/);
    const bad = JSON.parse(JSON.stringify(exportBoardJson(demoBoard(), 0)));
    bad.board.meta.timeZone = 'Mars/Olympus';
    expect(() => parseBoardJson(bad)).toThrow(/board.meta.timeZone/);
  });
});
