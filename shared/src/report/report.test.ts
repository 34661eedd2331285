import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAction } from '../domain/actions';
import { createCard } from '../domain/cards';
import { createFactor, tagCard } from '../domain/factors';
import { createLane } from '../domain/lanes';
import { initBoard, updateMeta } from '../domain/meta';
import { seedLoginOutage } from '../demo/loginOutage';
import { ActionField, MetaField, boardRoots, readBoard } from '../schema/boardDoc';
import { BOARD_JSON_FORMAT, exportBoardJson, importBoardJson, parseBoardJson } from './boardJson';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { checkLanguage } from '../language/checkLanguage';
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
    const report = buildReport(readBoard(doc), {
      checkLanguage: (text, names) => checkLanguage(text, { names }).map((finding) => finding.rule),
    });
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
    const action = createAction(doc, {
      title: HOSTILE.replace('\n', ' '),
      owner: '| a | b |',
      factorIds: [factor],
      trackerUrl: 'https://x.example/ok',
    });
    // What a hostile editor link can write past the operations: raw values in the document.
    const raw = boardRoots(doc).actions.get(action)!;
    raw.set(ActionField.dueDate, '<img src=x onerror=alert(2)>');
    raw.set(ActionField.trackerUrl, 'javascript:alert(1)');
    boardRoots(doc).meta.set(MetaField.timeZone, 'Mars/Olympus');
    const report = buildReport(readBoard(doc));
    expect(report.dataNotes.join(' ')).toMatch(/Mars\/Olympus.*UTC/);
    expect(report.actions[0]).toMatchObject({ due: null, trackerUrl: null });

    const html = renderHtml(report);
    expect(html).not.toMatch(/<img|<script>|<b>lane/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('href="javascript');
    expect(html).not.toMatch(/alert\(2\)/);
    expect(html.match(/<script/gi)).toBeNull();

    const markdown = renderMarkdown(report);
    const lines = markdown.split('\n');
    // User text never starts a line of its own structure (the report's title line is ours).
    expect(lines.some((l) => /^#{1,6} (injected|Heading)/.test(l))).toBe(false);
    expect(lines).toContain('\\## injected');
    expect(markdown).not.toMatch(/(^|[^\\])\[link\]\(javascript/);
    expect(markdown).not.toMatch(/(^|[^\\])<img/);
    expect(lines.some((l) => /^\|/.test(l))).toBe(false);
    expect(markdown).not.toMatch(/<javascript:|alert\(2\)/);
  });

  it('exports and re-imports a board holding values the import would refuse', () => {
    const doc = demoBoard();
    const roots = boardRoots(doc);
    roots.meta.set(MetaField.timeZone, 'Not/AZone');
    const [actionId, action] = [...roots.actions.entries()][0]!;
    action.set(ActionField.dueDate, '2024-02-31');
    action.set(ActionField.trackerUrl, 'javascript:alert(1)');
    const exported = JSON.parse(JSON.stringify(exportBoardJson(doc, 0)));
    expect(exported.notes.length).toBe(3);
    const copy = new Y.Doc();
    importBoardJson(copy, parseBoardJson(exported));
    const board = readBoard(copy);
    expect(board.meta.timeZone).toBe('UTC');
    expect(board.actions.find((a) => a.id === actionId)).toMatchObject({ dueDate: null, trackerUrl: null });
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

describe('a report that reads like a post-mortem', () => {
  function incident() {
    const doc = new Y.Doc();
    const t = (h: number, m: number) => Date.UTC(2024, 4, 1, h, m);
    initBoard(doc, { title: 'Checkout errors', timeZone: 'Europe/Berlin', startedAt: t(7, 49), resolvedAt: t(8, 31) });
    updateMeta(doc, { detectedAt: t(7, 58), mitigatedAt: t(8, 19) });
    const ana = createLane(doc, { name: 'Ana (Backend, Berlin)', kind: 'person' });
    const alerts = createLane(doc, { name: 'Alerts & monitoring' });
    const c1 = createCard(doc, {
      text: 'CheckoutErrorRate fired',
      laneId: alerts,
      occurredAt: t(7, 58),
      kind: 'signal',
    });
    createCard(
      doc,
      { text: 'rolled back', laneId: ana, occurredAt: t(8, 11) },
      { author: { name: 'Ana', timeZone: 'Europe/Berlin' } },
    );
    createCard(
      doc,
      { text: 'saw it on my phone', laneId: ana, occurredAt: t(8, 12) },
      { author: { name: 'Ben', timeZone: 'America/New_York' } },
    );
    const factor = createFactor(doc, { name: 'All regions at once' });
    tagCard(doc, { cardId: c1, factorId: factor });
    return doc;
  }

  it('has the key figures, each card once, participants once, status, date and a link back', () => {
    const report = buildReport(readBoard(incident()), {
      status: 'in-review',
      now: Date.UTC(2024, 4, 2, 9),
      boardUrl: 'https://retrace.example/b/abc',
    });
    expect(report.window).toMatchObject({
      timeToDetect: '9 min',
      timeToMitigate: '30 min',
      timeToResolve: '33 min',
      duration: '42 min',
    });
    expect(report.timeline.map((e) => e.number)).toEqual([1, 2, 3]);
    expect(report.perspectives.map((p) => [p.lane, p.numbers])).toEqual([
      ['Ana (Backend, Berlin)', [2, 3]],
      ['Alerts & monitoring', [1]],
    ]);
    expect(report.factors[0]!.evidence).toEqual([1]);
    expect(report.participants).toEqual([
      { name: 'Ana', detail: 'Backend, Berlin' },
      { name: 'Ben', detail: null },
    ]);
    expect(report.timeline[2]!.localTime).toBe('04:12 America/New_York');
    expect(report.timeline[1]!.localTime).toBeNull();
    const markdown = renderMarkdown(report);
    expect(markdown.match(/saw it on my phone/g)).toHaveLength(1);
    expect(markdown).toContain(
      '**Review status:** In review (report of 2024-05-02) · [Open the board](https://retrace.example/b/abc)',
    );
    expect(markdown).toContain(
      '**Time to detect:** 9 min · **Time to mitigate:** 30 min · **Time to resolve:** 33 min · **Duration:** 42 min',
    );
    const html = renderHtml(report);
    expect(html.match(/saw it on my phone/g)).toHaveLength(1);
    expect(html).toMatch(/<svg class="chart"[^>]*>.*<text class="lane"[^>]*>Ana \(Backend, Berlin\)<\/text>/);
    expect(html.match(/<circle /g)).toHaveLength(3);
    expect(html).toContain('<a href="#card-1">#1</a>');
    expect(html).toContain('<span class="local">04:12 America/New_York</span>');
  });

  it('never fails on values a hostile editor wrote: an unknown zone, a bad date, a time out of range', () => {
    const doc = incident();
    const roots = boardRoots(doc);
    roots.meta.set(MetaField.timeZone, 'Nowhere/Atlantis');
    roots.meta.set(MetaField.startedAt, 1e20);
    const card = [...roots.cards.values()][0]!;
    card.set('author', { name: 'x', timeZone: '../../etc' });
    const report = buildReport(readBoard(doc));
    expect(report.zoneLabel).toBe('UTC (UTC)');
    expect(report.dataNotes).toHaveLength(3);
    expect(() => renderHtml(report)).not.toThrow();
    expect(renderMarkdown(report)).toContain('Nowhere/Atlantis');
  });
});
