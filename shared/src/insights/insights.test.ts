import { describe, expect, it } from 'vitest';
import type { BoardSummary } from './insights';
import { computeInsights, factorKey, filterBoards, insightsToCsv, insightsToMarkdown } from './insights';

const DAY = 86_400_000;
const now = Date.UTC(2024, 6, 1);

function board(
  id: string,
  factors: Array<[string, string]>,
  actions: Array<Partial<BoardSummary['actions'][number]>> = [],
): BoardSummary {
  return {
    id,
    title: `Incident ${id}`,
    status: 'published',
    createdAt: 0,
    startedAt: null,
    resolvedAt: null,
    participants: ['Ana', 'Jonas'],
    cards: 3,
    factors: factors.map(([name, category]) => ({ name, category, evidence: 1 })),
    actions: actions.map((a, i) => ({
      id: `${id}-a${i}`,
      title: 'x',
      owner: '',
      dueDate: null,
      status: 'open',
      createdAt: now - 10 * DAY,
      factors: [],
      ...a,
    })),
  };
}

describe('insights across incidents', () => {
  const boards = [
    board(
      '1',
      [
        ['No canary stage', 'change'],
        ['Alert measured the wrong signal', 'signals'],
      ],
      [{ title: 'Add canary', owner: 'Platform', dueDate: '2024-06-01' }],
    ),
    board(
      '2',
      [
        ['no  canary-stage', 'change'],
        ['Manual migration step', 'automation'],
      ],
      [
        { title: 'Automate migrations', owner: 'Platform', createdAt: now - 40 * DAY },
        { title: 'Done already', owner: 'SRE', status: 'done' },
      ],
    ),
    board('3', [['No canary stage', 'change']], [{ title: 'Page support on incidents', owner: '' }]),
  ];

  it('ranks factors and categories by how many incidents they appear in, matching names loosely', () => {
    const insights = computeInsights(boards, now);
    expect(factorKey('No  Canary-stage!')).toBe('no canary stage');
    expect(insights.factors[0]).toMatchObject({
      name: 'No canary stage',
      incidents: [{ id: '1' }, { id: '2' }, { id: '3' }],
    });
    expect(insights.factors.map((f) => f.incidents.length)).toEqual([3, 1, 1]);
    expect(insights.categories[0]).toMatchObject({ category: 'change', label: 'Change and deployment process' });
    expect(insights.categories.map((c) => c.incidents.length)).toEqual([3, 1, 1]);
  });

  it('lists open actions by owner, oldest first, flagging overdue ones', () => {
    const { openActions } = computeInsights(boards, now);
    expect(openActions.map((o) => [o.owner, o.actions.map((a) => a.title)])).toEqual([
      ['Platform', ['Automate migrations', 'Add canary']],
      ['Unassigned', ['Page support on incidents']],
    ]);
    expect(openActions[0]!.actions[0]).toMatchObject({ ageDays: 40, overdue: false });
    expect(openActions[0]!.actions[1]).toMatchObject({ ageDays: 10, overdue: true });
  });

  it('searches and filters the library', () => {
    expect(filterBoards(boards, 'canary').map((b) => b.id)).toEqual(['1', '2', '3']);
    expect(filterBoards(boards, 'migration').map((b) => b.id)).toEqual(['2']);
    expect(filterBoards(boards, 'ana incident 3').map((b) => b.id)).toEqual(['3']);
    expect(filterBoards(boards, '', 'draft')).toEqual([]);
  });

  it('exports CSV and Markdown', () => {
    const insights = computeInsights(boards, now);
    const csv = insightsToCsv(insights);
    expect(csv.split('\r\n')[0]).toBe('section,name,category,incidents,detail');
    expect(csv).toContain('factor,No canary stage,Change and deployment process,3,Incident 1; Incident 2; Incident 3');
    const md = insightsToMarkdown(insights);
    expect(md).toContain('# Insights across 3 incidents');
    expect(md).toContain('- **No canary stage** (Change and deployment process) — 3 incidents');
    expect(md).toContain('### Platform');
  });
});
