import { categoryLabel } from '../report/actionsExport';
import { csvRow, escapeMarkdownInline } from '../report/escape';
import type { BoardStatus } from '../protocol/boardStatus';
import type { ActionStatus, BoardSnapshot } from '../schema/types';

/**
 * Insights across incidents: which systemic factors recur, which follow-up actions are
 * still open and for how long. Pure functions over board summaries; the server builds the
 * summaries from storage and only admins see the result.
 */

export interface BoardSummary {
  readonly id: string;
  readonly title: string;
  readonly status: BoardStatus;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly resolvedAt: number | null;
  readonly participants: readonly string[];
  readonly cards: number;
  readonly factors: ReadonlyArray<{ readonly name: string; readonly category: string; readonly evidence: number }>;
  readonly actions: ReadonlyArray<{
    readonly id: string;
    readonly title: string;
    readonly owner: string;
    readonly dueDate: string | null;
    readonly status: ActionStatus;
    readonly createdAt: number;
    readonly factors: readonly string[];
  }>;
}

export function summarizeBoard(id: string, status: BoardStatus, createdAt: number, board: BoardSnapshot): BoardSummary {
  const live = board.cards.filter((card) => card.deletedAt === null);
  const factors = board.factors.filter((factor) => factor.deletedAt === null);
  const participants = new Set<string>();
  for (const lane of board.lanes) if (lane.kind === 'person') participants.add(lane.name);
  for (const card of live) if (card.author?.name) participants.add(card.author.name);
  return {
    id,
    title: board.meta.title,
    status,
    createdAt,
    startedAt: board.meta.startedAt,
    resolvedAt: board.meta.resolvedAt,
    participants: [...participants].sort((a, b) => a.localeCompare(b)),
    cards: live.length,
    factors: factors.map((factor) => ({
      name: factor.name,
      category: factor.category,
      evidence: live.filter((card) => card.factorIds.includes(factor.id)).length,
    })),
    actions: board.actions.map((action) => ({
      id: action.id,
      title: action.title,
      owner: action.owner,
      dueDate: action.dueDate,
      status: action.status,
      createdAt: action.createdAt,
      factors: action.factorIds
        .map((fid) => factors.find((f) => f.id === fid)?.name)
        .filter((n): n is string => n !== undefined),
    })),
  };
}

export const isOpenAction = (status: ActionStatus) => status === 'open' || status === 'in-progress';

/** Library search: title, participants and factor names; and a status filter. */
export function filterBoards(
  boards: readonly BoardSummary[],
  query: string,
  status: BoardStatus | 'all' = 'all',
): BoardSummary[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return boards.filter((board) => {
    if (status !== 'all' && board.status !== status) return false;
    const haystack = [board.title, ...board.participants, ...board.factors.map((f) => f.name)].join(' ').toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** How factors are matched across boards: case, spacing and punctuation do not matter. */
export function factorKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface IncidentRef {
  readonly id: string;
  readonly title: string;
}

export interface RecurringFactor {
  readonly key: string;
  readonly name: string;
  readonly category: string;
  readonly incidents: readonly IncidentRef[];
}

export interface Insights {
  readonly boards: number;
  readonly categories: ReadonlyArray<{
    readonly category: string;
    readonly label: string;
    readonly incidents: readonly IncidentRef[];
  }>;
  readonly factors: readonly RecurringFactor[];
  readonly openActions: ReadonlyArray<{
    readonly owner: string;
    readonly actions: ReadonlyArray<{
      readonly board: IncidentRef;
      readonly id: string;
      readonly title: string;
      readonly ageDays: number;
      readonly dueDate: string | null;
      readonly overdue: boolean;
    }>;
  }>;
}

const DAY = 86_400_000;

export function computeInsights(boards: readonly BoardSummary[], now: number): Insights {
  const factorMap = new Map<string, { name: string; category: string; incidents: Map<string, IncidentRef> }>();
  const categoryMap = new Map<string, Map<string, IncidentRef>>();
  for (const board of boards) {
    const ref = { id: board.id, title: board.title };
    for (const factor of board.factors) {
      const key = factorKey(factor.name);
      if (!key) continue;
      const entry = factorMap.get(key) ?? { name: factor.name, category: factor.category, incidents: new Map() };
      entry.incidents.set(board.id, ref);
      factorMap.set(key, entry);
      const category = categoryMap.get(factor.category) ?? new Map();
      category.set(board.id, ref);
      categoryMap.set(factor.category, category);
    }
  }
  const byCount = <T extends { incidents: readonly IncidentRef[] }>(a: T, b: T, name: (x: T) => string) =>
    b.incidents.length - a.incidents.length || name(a).localeCompare(name(b));

  const owners = new Map<string, Insights['openActions'][number]['actions'][number][]>();
  for (const board of boards) {
    for (const action of board.actions) {
      if (!isOpenAction(action.status)) continue;
      const owner = action.owner.trim() || 'Unassigned';
      const due = action.dueDate ? Date.parse(`${action.dueDate}T23:59:59Z`) : null;
      owners.set(owner, [
        ...(owners.get(owner) ?? []),
        {
          board: { id: board.id, title: board.title },
          id: action.id,
          title: action.title,
          ageDays: Math.max(0, Math.floor((now - action.createdAt) / DAY)),
          dueDate: action.dueDate,
          overdue: due !== null && due < now,
        },
      ]);
    }
  }
  return {
    boards: boards.length,
    categories: [...categoryMap.entries()]
      .map(([category, incidents]) => ({
        category,
        label: categoryLabel(category),
        incidents: [...incidents.values()],
      }))
      .sort((a, b) => byCount(a, b, (x) => x.label)),
    factors: [...factorMap.entries()]
      .map(([key, entry]) => ({
        key,
        name: entry.name,
        category: entry.category,
        incidents: [...entry.incidents.values()],
      }))
      .sort((a, b) => byCount(a, b, (x) => x.name)),
    openActions: [...owners.entries()]
      .map(([owner, actions]) => ({
        owner,
        actions: actions.sort((a, b) => b.ageDays - a.ageDays || a.title.localeCompare(b.title)),
      }))
      .sort((a, b) => b.actions.length - a.actions.length || a.owner.localeCompare(b.owner)),
  };
}

export function insightsToCsv(insights: Insights): string {
  const rows = [csvRow(['section', 'name', 'category', 'incidents', 'detail'])];
  for (const c of insights.categories)
    rows.push(
      csvRow(['category', c.label, c.category, String(c.incidents.length), c.incidents.map((i) => i.title).join('; ')]),
    );
  for (const f of insights.factors)
    rows.push(
      csvRow([
        'factor',
        f.name,
        categoryLabel(f.category),
        String(f.incidents.length),
        f.incidents.map((i) => i.title).join('; '),
      ]),
    );
  for (const o of insights.openActions) {
    for (const a of o.actions)
      rows.push(
        csvRow([
          'open action',
          a.title,
          o.owner,
          '1',
          `${a.board.title}; ${a.ageDays} days old${a.overdue ? '; overdue' : ''}`,
        ]),
      );
  }
  return rows.join('\r\n') + '\r\n';
}

export function insightsToMarkdown(insights: Insights): string {
  const md = escapeMarkdownInline;
  const out = [`# Insights across ${insights.boards} incidents`, '', '## Systemic factor categories', ''];
  for (const c of insights.categories) out.push(`- **${md(c.label)}** — ${c.incidents.length} incidents`);
  out.push('', '## Recurring systemic factors', '');
  for (const f of insights.factors) {
    out.push(
      `- **${md(f.name)}** (${md(categoryLabel(f.category))}) — ${f.incidents.length} incidents: ${f.incidents.map((i) => md(i.title)).join('; ')}`,
    );
  }
  out.push('', '## Open follow-up actions by owner', '');
  for (const o of insights.openActions) {
    out.push(`### ${md(o.owner)}`, '');
    for (const a of o.actions)
      out.push(`- ${md(a.title)} — ${md(a.board.title)}, ${a.ageDays} days old${a.overdue ? ', **overdue**' : ''}`);
    out.push('');
  }
  return out.join('\n') + '\n';
}
