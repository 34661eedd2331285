import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { parseCsvRecords } from '../import/csvTimeline';
import { actionsToCsv, actionsToIssueMarkdown } from './actionsExport';
import { withoutControls } from './escape';
import { renderMarkdown } from './markdown';
import { buildReport } from './model';
import { fuzzBoard, hostileText } from './reportFuzz';

/**
 * Property: whatever the users wrote, the documents Retrace exports have the structure of
 * the same board written with plain words. Checked with a real CommonMark parser
 * (markdown-it, with GitHub-style tables and strikethrough on) for the report and the issue
 * text, and by reading the CSV back. The HTML report has the same test in Chromium
 * (test/e2e/reportEscaping.test.ts).
 */

const markdown = new MarkdownIt('commonmark').enable(['table', 'strikethrough']);

/** Block structure, and inline structure without the text itself (nor line breaks, which multi-line fields add). */
function structure(source: string): string[] {
  const out: string[] = [];
  const visit = (tokens: ReturnType<typeof markdown.parse>) => {
    for (const token of tokens) {
      if (token.type === 'inline') {
        out.push('inline[');
        visit(token.children ?? []);
        out.push(']');
        continue;
      }
      if (['text', 'text_special', 'softbreak', 'hardbreak'].includes(token.type)) continue;
      const attrs = (token.attrs ?? []).map(([name, value]) => `${name}=${value}`).join(',');
      out.push(`${token.type}:${token.tag}${attrs ? `(${attrs})` : ''}`);
    }
  };
  visit(markdown.parse(source, {}));
  return out;
}

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);

describe('every export keeps its structure whatever users type', { timeout: 120_000 }, () => {
  it('the Markdown report', () => {
    fc.assert(
      fc.property(fuzzBoard, ({ board, twin }) => {
        const doc = renderMarkdown(buildReport(board, { now: 0, boardUrl: 'https://retrace.example/b/abc' }));
        const plain = renderMarkdown(buildReport(twin, { now: 0, boardUrl: 'https://retrace.example/b/abc' }));
        expect(structure(doc)).toEqual(structure(plain));
        // Rendered by a Markdown renderer, no user text becomes an element or a link.
        const html = markdown.render(doc);
        expect(html).not.toMatch(/<(script|img|svg|details|iframe)/i);
        expect(html.match(/href="/g)?.length ?? 0).toBe(markdown.render(plain).match(/href="/g)?.length ?? 0);
      }),
      { numRuns: RUNS, seed: Number(process.env['FUZZ_SEED'] ?? 20261128) },
    );
  });

  it('the issue text for follow-up actions', () => {
    fc.assert(
      fc.property(fuzzBoard, ({ board, twin }) => {
        expect(structure(actionsToIssueMarkdown(board))).toEqual(structure(actionsToIssueMarkdown(twin)));
      }),
      { numRuns: RUNS, seed: Number(process.env['FUZZ_SEED'] ?? 20261128) },
    );
  });

  it('the CSV of actions: one record per action, every field read back as written', () => {
    fc.assert(
      fc.property(fuzzBoard, ({ board }) => {
        const records = parseCsvRecords(actionsToCsv(board));
        expect(records).toHaveLength(board.actions.length + 1);
        for (const [i, action] of board.actions.entries()) {
          const fields = records[i + 1]!.fields;
          expect(fields).toHaveLength(7);
          // Control characters are dropped, and a formula gets an apostrophe; nothing else changes.
          const clean = withoutControls(action.title.trim().slice(0, 300));
          expect([clean, `'${clean}`]).toContain(fields[0]);
          expect(fields[0]).not.toMatch(/^\s*[=+\-@]/);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env['FUZZ_SEED'] ?? 20261128) },
    );
  });

  it('empty, blank and control-only values fall back to a placeholder, never to an empty structure', () => {
    fc.assert(
      fc.property(fc.constantFrom('', ' ', '\n', '\r\n\u2028', '\0\x01', '\t'), fuzzBoard, (blank, { twin }) => {
        const board = {
          ...twin,
          meta: { ...twin.meta, title: blank, summary: blank },
          notes: { wentWell: blank, gotLucky: blank, openQuestions: blank },
        };
        const doc = renderMarkdown(buildReport(board));
        expect(doc).toMatch(/^# Untitled incident$/m);
        expect(doc).toContain('_No summary yet._');
        expect(structure(doc).filter((t) => t === 'hr:hr')).toEqual([]);
      }),
      { numRuns: 30, seed: 7 },
    );
  });

  it('the hostile text generator really produces markup and every kind of line break', () => {
    const samples = fc.sample(hostileText, { numRuns: 500, seed: 1 }).join('');
    for (const needle of ['<script', '\u2028', '\r', '](', '#', '|', '\0']) expect(samples).toContain(needle);
  });
});
