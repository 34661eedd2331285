import { describe, expect, it } from 'vitest';
import type { BoardSummary } from './insights';
import { InsightsBuilder, computeInsights, scopedInsights } from './aggregate';
import {
  factorKey,
  initiativeProgress,
  insightsToCsv,
  insightsToMarkdown,
  mostCommonSpelling,
  personKey,
  tidyName,
} from './insights';

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
    // Recurring means two incidents or more; the others are listed apart.
    expect(insights.factors.map((f) => f.incidents.length)).toEqual([3]);
    expect(insights.singleFactors.map((f) => f.name)).toEqual([
      'Alert measured the wrong signal',
      'Manual migration step',
    ]);
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

  it('limits long lists to the most recent incidents and oldest actions, keeping every count whole', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      ...board(
        `m${i}`,
        [['No canary stage', 'change']],
        [{ title: `Fix ${i}`, owner: 'Platform', createdAt: now - i * DAY }],
      ),
      startedAt: Date.UTC(2024, 0, 1 + i),
    }));
    const limited = computeInsights(many, now, { listLimit: 5 });
    expect(limited.factors[0]).toMatchObject({ incidentCount: 30 });
    expect(limited.factors[0]!.incidents.map((i) => i.id)).toEqual(['m29', 'm28', 'm27', 'm26', 'm25']);
    expect(limited.categories[0]).toMatchObject({ incidentCount: 30 });
    expect(limited.categories[0]!.incidents).toHaveLength(5);
    expect(limited.openActions[0]).toMatchObject({ owner: 'Platform', total: 30 });
    expect(limited.openActions[0]!.actions.map((a) => a.title)).toEqual([
      'Fix 29',
      'Fix 28',
      'Fix 27',
      'Fix 26',
      'Fix 25',
    ]);
    expect(limited.followUps.byOwner[0]).toMatchObject({ open: 30 });
    expect(insightsToMarkdown(limited)).toContain(
      '— 30 incidents: Incident m29; Incident m28; Incident m27; Incident m26; Incident m25 and 25 more',
    );
    expect(insightsToMarkdown(limited)).toContain('- and 25 more');
    expect(computeInsights(many, now).factors[0]!.incidents).toHaveLength(30);
  });

  it('lists the same most recent incidents as a full sort would, ties in the order added', () => {
    const shuffled = Array.from({ length: 60 }, (_, i) => ({
      ...board(`s${i}`, [['Shared factor', 'change']]),
      startedAt: Date.UTC(2024, 0, 1 + ((i * 37) % 11)), // out of order, many ties
    }));
    const all = computeInsights(shuffled, now).factors[0]!.incidents;
    const few = computeInsights(shuffled, now, { listLimit: 7 }).factors[0]!.incidents;
    expect(few).toEqual(all.slice(0, 7));
  });

  it('gives the same answer whether boards are added at once or one slice at a time', () => {
    const whole = scopedInsights(boards, now);
    const builder = new InsightsBuilder(now);
    for (const b of boards) builder.add(b);
    expect(builder.finish()).toEqual(whole);
  });

  it('exports CSV and Markdown, with links back to the boards and initiatives', () => {
    const insights = computeInsights(boards, now);
    const initiatives = initiativeProgress(
      [
        {
          id: 'i1',
          name: 'Progressive deploys',
          status: 'in-progress',
          createdAt: 0,
          actions: [
            { boardId: '1', actionId: '1-a0' },
            { boardId: '2', actionId: '2-a1' },
            { boardId: 'gone', actionId: 'x' },
          ],
        },
      ],
      boards,
    );
    const csv = insightsToCsv(insights, initiatives);
    expect(csv.split('\r\n')[0]).toBe('section,name,category,incidents,detail,boards');
    expect(csv).toContain(
      'recurring factor,No canary stage,Change and deployment process,3,Incident 1; Incident 2; Incident 3,1 2 3',
    );
    expect(csv).toContain('initiative,Progressive deploys,in-progress,3,1 of 2 actions done');
    expect(csv).toContain('follow-ups,Platform,,,0 done; 2 open; 1 overdue,');
    const timed = boards.map((b, i) => ({
      ...b,
      severity: 'SEV2' as const,
      startedAt: Date.UTC(2024, 3 + i, 1),
      detectedAt: Date.UTC(2024, 3 + i, 1) + 600_000,
      resolvedAt: Date.UTC(2024, 3 + i, 1) + 2 * 3_600_000,
    }));
    const scopedCsv = insightsToCsv(
      scopedInsights(timed, now),
      [],
      (id) => `https://retrace.example/library#board=${id}`,
    );
    expect(scopedCsv).toContain(
      'incident metrics,SEV2,,3,"duration median 2.0 h, p90 2.0 h; time to detect median 10 min, p90 10 min; time to resolve median 1.8 h, p90 1.8 h",',
    );
    expect(scopedCsv).toContain('month,2024-05,,1,Automation and tooling: 1; Change and deployment process: 1,');
    expect(scopedCsv).toContain(
      ',https://retrace.example/library#board=3 https://retrace.example/library#board=2 https://retrace.example/library#board=1',
    );
    const md = insightsToMarkdown(insights, initiatives, (id) => `https://retrace.example/library#${id}`);
    expect(md).toContain('# Insights across 3 incidents');
    expect(md).toContain('- **No canary stage** (Change and deployment process) — 3 incidents');
    expect(md).toContain('[Incident 2](https://retrace.example/library#2)');
    expect(md).toContain('### Platform');
    expect(md).toContain('### Progressive deploys — in-progress, 1 of 2 actions done');
    expect(md).toContain('an action that no longer exists');
    expect(insightsToMarkdown(computeInsights([boards[2]!], now))).toContain('# Insights across 1 incident\n');
  });

  it('matches owners and factor names as people mean them, shown in their most common spelling', () => {
    const spelled = [
      board('a', [['Flag rollout  all at once ', 'change']], [{ owner: 'ana  ruiz' }]),
      board('b', [['flag rollout all at once', 'change']], [{ owner: 'Ana Ruiz' }]),
      board('c', [['Flag rollout all at once', 'change']], [{ owner: 'Ａｎａ Ruiz', status: 'done' }]),
      board('d', [['Flag rollout all at once', 'change']], [{ owner: 'Ana Ruiz' }]),
    ];
    const insights = computeInsights(spelled, now);
    expect(insights.factors.map((f) => [f.name, f.incidents.length])).toEqual([['Flag rollout all at once', 4]]);
    expect(insights.openActions.map((o) => [o.owner, o.actions.length])).toEqual([['Ana Ruiz', 3]]);
    expect(insights.followUps.byOwner).toEqual([{ owner: 'Ana Ruiz', open: 3, overdue: 0, done: 1 }]);
    expect(tidyName(' Ａｎａ\u00a0 Ruiz ')).toBe('Ana Ruiz');
    expect(personKey('ANA  ruiz')).toBe(personKey('Ana Ruiz'));
    expect(
      mostCommonSpelling(
        new Map([
          ['b', 2],
          ['a', 2],
          ['c', 1],
        ]),
      ),
    ).toBe('a');
  });

  it('tracks follow-ups: done, open, in progress, overdue; won’t-do is left out', () => {
    const { followUps } = computeInsights(
      [
        board(
          'x',
          [],
          [
            { status: 'done' },
            { status: 'in-progress', dueDate: '2024-01-01' },
            { status: 'open' },
            { status: 'wont-do' },
          ],
        ),
      ],
      now,
    );
    expect(followUps).toMatchObject({ total: 3, done: 1, inProgress: 1, open: 2, overdue: 1 });
    expect(followUps.completionRate).toBeCloseTo(1 / 3);
    expect(computeInsights([], now).followUps.completionRate).toBeNull();
  });
});
