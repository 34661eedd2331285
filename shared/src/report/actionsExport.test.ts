import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAction } from '../domain/actions';
import { createFactor } from '../domain/factors';
import { initBoard } from '../domain/meta';
import { readBoard } from '../schema/boardDoc';
import { actionsToCsv, actionsToIssueMarkdown } from './actionsExport';
import { csvField, escapeMarkdownInline, escapeMarkdownLine } from './escape';

function board() {
  let t = 1_000;
  const ctx = { now: () => t++ };
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Login outage' });
  const factor = createFactor(doc, { name: 'No canary stage', category: 'change', description: 'All regions at once' });
  createAction(
    doc,
    {
      title: 'Add a canary stage',
      owner: 'Platform',
      dueDate: '2024-06-15',
      factorIds: [factor],
      trackerUrl: 'https://tracker.example/ISSUE-1',
    },
    ctx,
  );
  createAction(doc, { title: '=HYPERLINK("http://evil")', owner: 'Ops, "night" team' }, ctx);
  return readBoard(doc);
}

describe('action exports', () => {
  it('writes RFC 4180 CSV that spreadsheets will not run as formulas', () => {
    const csv = actionsToCsv(board());
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('title,owner,due,status,systemic factors,tracker,incident');
    expect(lines[1]).toBe(
      'Add a canary stage,Platform,2024-06-15,Open,No canary stage,https://tracker.example/ISSUE-1,Login outage',
    );
    expect(lines[2]).toBe(`"'=HYPERLINK(""http://evil"")","Ops, ""night"" team",,Open,,,Login outage`);
    expect(csvField('-1')).toBe("'-1");
  });

  it('writes issue text per action, flags actions without a factor, and escapes user text', () => {
    const markdown = actionsToIssueMarkdown(board());
    expect(markdown).toContain('## Add a canary stage');
    expect(markdown).toContain('- **Owner:** Platform');
    expect(markdown).toContain('- **Tracker:** <https://tracker.example/ISSUE-1>');
    expect(markdown).toContain('- **No canary stage** (Change and deployment process) — All regions at once');
    expect(markdown).toContain('_None linked yet: fixes should address a systemic factor._');
    expect(markdown).toContain('## =HYPERLINK("http://evil")');
  });

  it('keeps user text from restructuring Markdown', () => {
    expect(escapeMarkdownInline('*a* [link](http://x) <b>hi</b> | a | &amp; `c`')).toBe(
      '\\*a\\* \\[link\\](http://x) \\<b\\>hi\\</b\\> \\| a \\| &amp;amp; \\`c\\`',
    );
    expect(escapeMarkdownLine('# Heading')).toBe('\\# Heading');
    expect(escapeMarkdownLine('1. item')).toBe('1\\. item');
    expect(escapeMarkdownLine('- item')).toBe('\\- item');
  });
});
