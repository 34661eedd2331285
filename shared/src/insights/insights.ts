import { categoryLabel } from '../report/actionsExport';
import { csvRow, escapeMarkdownInline } from '../report/escape';
import type { BoardStatus } from '../protocol/boardStatus';
import type { ActionStatus, BoardSnapshot, Severity } from '../schema/types';
import { formatSpan, type ScopedInsights } from './scope';

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
  /** Optional in summaries written before they carried them. */
  readonly detectedAt?: number | null;
  readonly severity?: Severity | null;
  readonly participants: readonly string[];
  readonly cards: number;
  readonly factors: ReadonlyArray<{ readonly name: string; readonly category: string; readonly evidence: number }>;
  /** Card texts, for search (capped); the library leaves it out of what it sends. */
  readonly searchText?: string;
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

/** Card text kept per board for search. */
export const SEARCH_TEXT_CHARS = 20_000;

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
    detectedAt: board.meta.detectedAt,
    severity: board.meta.severity,
    participants: [...participants].sort((a, b) => a.localeCompare(b)),
    cards: live.length,
    searchText: live
      .map((card) => card.text)
      .join('\n')
      .slice(0, SEARCH_TEXT_CHARS),
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

/** How factors are matched across boards: case, spacing and punctuation do not matter. */
export function factorKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A name as people meant it: Unicode-normalised (NFKC), spaces collapsed, trimmed. */
export function tidyName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** How people are matched across boards: "ana  ruiz", "Ana Ruiz" and "ＡＮＡ ruiz" are one owner. */
export function personKey(name: string): string {
  return tidyName(name).toLocaleLowerCase('und');
}

/** The spelling used most often (ties: the one that sorts first), so a display name is stable. */
export function mostCommonSpelling(counts: ReadonlyMap<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [spelling, count] of counts) {
    if (count > bestCount || (count === bestCount && spelling.localeCompare(best) < 0)) {
      best = spelling;
      bestCount = count;
    }
  }
  return best;
}

/** "1 incident", "3 incidents". */
export function plural(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}

export interface IncidentRef {
  readonly id: string;
  readonly title: string;
}

export interface RecurringFactor {
  readonly key: string;
  readonly name: string;
  readonly category: string;
  /** How many incidents it appeared in. */
  readonly incidentCount: number;
  /** Those incidents, most recent first (possibly only the first few: see InsightsOptions). */
  readonly incidents: readonly IncidentRef[];
}

/** Follow-up actions across incidents: how many got done, how many are late. */
export interface FollowUps {
  readonly total: number;
  readonly done: number;
  readonly inProgress: number;
  /** Open or in progress. */
  readonly open: number;
  readonly overdue: number;
  /** done / (everything not marked won't do), or null without actions. */
  readonly completionRate: number | null;
  readonly byOwner: ReadonlyArray<{
    readonly owner: string;
    readonly open: number;
    readonly overdue: number;
    readonly done: number;
  }>;
}

export interface Insights {
  readonly boards: number;
  readonly followUps: FollowUps;
  /** Factors seen in only one incident (not recurring), by name. */
  readonly singleFactors: readonly RecurringFactor[];
  readonly categories: ReadonlyArray<{
    readonly category: string;
    readonly label: string;
    readonly incidentCount: number;
    readonly incidents: readonly IncidentRef[];
  }>;
  readonly factors: readonly RecurringFactor[];
  readonly openActions: ReadonlyArray<{
    readonly owner: string;
    /** Open actions of this owner; `actions` lists the oldest (possibly not all). */
    readonly total: number;
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

/** An initiative as stored: a name, a status and the actions it groups. */
export interface InitiativeRecord {
  readonly id: string;
  readonly name: string;
  readonly status: 'proposed' | 'in-progress' | 'done';
  readonly actions: ReadonlyArray<{ readonly boardId: string; readonly actionId: string }>;
  readonly createdAt: number;
}

export interface InitiativeProgress extends InitiativeRecord {
  /** Each action it groups, as the boards say now (missing: the board or action is gone). */
  readonly items: ReadonlyArray<{
    readonly boardId: string;
    readonly actionId: string;
    readonly board: string | null;
    readonly title: string | null;
    readonly owner: string | null;
    readonly status: ActionStatus | 'missing';
  }>;
  readonly done: number;
  /** Actions still counted (not won't do, not missing). */
  readonly counted: number;
}

/** Which actions an initiative groups, their status today, and how far it has got. */
export function initiativeProgress(
  initiatives: readonly InitiativeRecord[],
  boards: readonly BoardSummary[],
): InitiativeProgress[] {
  const byId = new Map(boards.map((board) => [board.id, board]));
  return initiatives.map((initiative) => {
    const items = initiative.actions.map((ref) => {
      const board = byId.get(ref.boardId);
      const action = board?.actions.find((a) => a.id === ref.actionId);
      return {
        ...ref,
        board: board?.title ?? null,
        title: action?.title ?? null,
        owner: action ? tidyName(action.owner) || 'Unassigned' : null,
        status: action?.status ?? ('missing' as const),
      };
    });
    const counted = items.filter((item) => item.status !== 'wont-do' && item.status !== 'missing');
    return {
      ...initiative,
      items,
      done: counted.filter((item) => item.status === 'done').length,
      counted: counted.length,
    };
  });
}

/**
 * Insights as CSV, one row per item: categories, factors, open actions, follow-ups (all and
 * per owner), initiatives and, for scoped insights, incident metrics per severity and the
 * incidents per month. The last column names the boards (their addresses with `boardUrl`).
 */
export function insightsToCsv(
  insights: Insights & Partial<Pick<ScopedInsights, 'metrics' | 'trends'>>,
  initiatives: readonly InitiativeProgress[] = [],
  boardUrl: (boardId: string) => string = (id) => id,
): string {
  const rows = [csvRow(['section', 'name', 'category', 'incidents', 'detail', 'boards'])];
  const boards = (ids: readonly string[]) => ids.map(boardUrl).join(' ');
  const refs = (list: readonly IncidentRef[]) => boards(list.map((i) => i.id));
  for (const c of insights.categories)
    rows.push(
      csvRow([
        'category',
        c.label,
        c.category,
        String(c.incidentCount),
        c.incidents.map((i) => i.title).join('; '),
        refs(c.incidents),
      ]),
    );
  for (const [section, list] of [
    ['recurring factor', insights.factors],
    ['factor seen once', insights.singleFactors],
  ] as const)
    for (const f of list)
      rows.push(
        csvRow([
          section,
          f.name,
          categoryLabel(f.category),
          String(f.incidentCount),
          f.incidents.map((i) => i.title).join('; '),
          refs(f.incidents),
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
          `${a.board.title}; ${plural(a.ageDays, 'day')} old${a.dueDate ? `; due ${a.dueDate}` : ''}${a.overdue ? '; overdue' : ''}`,
          boards([a.board.id]),
        ]),
      );
  }
  const f = insights.followUps;
  const rate = f.completionRate === null ? '' : ` (${Math.round(f.completionRate * 100)} %)`;
  rows.push(
    csvRow([
      'follow-ups',
      'all owners',
      '',
      '',
      `${f.done} of ${f.total} done${rate}; ${f.open} open, ${f.inProgress} in progress; ${f.overdue} overdue`,
      '',
    ]),
  );
  for (const o of f.byOwner)
    rows.push(csvRow(['follow-ups', o.owner, '', '', `${o.done} done; ${o.open} open; ${o.overdue} overdue`, '']));
  for (const i of initiatives)
    rows.push(
      csvRow([
        'initiative',
        i.name,
        i.status,
        String(new Set(i.items.map((item) => item.boardId)).size),
        `${i.done} of ${i.counted} actions done: ${i.items.map((item) => `${item.title ?? '(missing)'} [${item.status}]`).join('; ')}`,
        boards([...new Set(i.items.map((item) => item.boardId))]),
      ]),
    );
  const pair = (s: { median: number | null; p90: number | null }) =>
    `median ${formatSpan(s.median)}, p90 ${formatSpan(s.p90)}`;
  for (const m of insights.metrics ?? [])
    rows.push(
      csvRow([
        'incident metrics',
        m.severity === 'unset' ? 'severity not set' : m.severity,
        '',
        String(m.incidents),
        `duration ${pair(m.duration)}; time to detect ${pair(m.timeToDetect)}; time to resolve ${pair(m.timeToResolve)}`,
        '',
      ]),
    );
  for (const t of insights.trends ?? []) {
    const categories = Object.entries(t.categories)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([category, count]) => `${categoryLabel(category)}: ${count}`);
    rows.push(csvRow(['month', t.month, '', String(t.incidents), categories.join('; '), '']));
  }
  return rows.join('\r\n') + '\r\n';
}

/** Markdown for a quarterly review; `boardUrl` turns a board id into a link back to it. */
export function insightsToMarkdown(
  insights: Insights,
  initiatives: readonly InitiativeProgress[] = [],
  boardUrl?: (boardId: string) => string,
): string {
  const md = escapeMarkdownInline;
  const incident = (ref: IncidentRef) => (boardUrl ? `[${md(ref.title)}](${boardUrl(ref.id)})` : md(ref.title));
  const more = (f: RecurringFactor) =>
    f.incidentCount > f.incidents.length ? ` and ${f.incidentCount - f.incidents.length} more` : '';
  const out = [`# Insights across ${plural(insights.boards, 'incident')}`, '', '## Systemic factor categories', ''];
  for (const c of insights.categories) out.push(`- **${md(c.label)}** — ${plural(c.incidentCount, 'incident')}`);
  out.push('', '## Recurring systemic factors (two incidents or more)', '');
  if (insights.factors.length === 0) out.push('None yet.');
  for (const f of insights.factors) {
    out.push(
      `- **${md(f.name)}** (${md(categoryLabel(f.category))}) — ${plural(f.incidentCount, 'incident')}: ${f.incidents.map(incident).join('; ')}${more(f)}`,
    );
  }
  if (insights.singleFactors.length > 0) {
    out.push('', '## Factors seen in one incident', '');
    for (const f of insights.singleFactors) out.push(`- ${md(f.name)} — ${incident(f.incidents[0]!)}`);
  }
  const f = insights.followUps;
  out.push('', '## Follow-up actions', '');
  out.push(
    f.total === 0
      ? 'No follow-up actions yet.'
      : `${f.done} of ${plural(f.total, 'action')} done (${Math.round((f.completionRate ?? 0) * 100)} %); ${f.open} open, of which ${f.inProgress} in progress; ${f.overdue} overdue.`,
  );
  out.push('', '## Open follow-up actions by owner', '');
  for (const o of insights.openActions) {
    out.push(`### ${md(o.owner)}`, '');
    for (const a of o.actions)
      out.push(
        `- ${md(a.title)} — ${incident(a.board)}, ${plural(a.ageDays, 'day')} old${a.overdue ? ', **overdue**' : ''}`,
      );
    if (o.total > o.actions.length) out.push(`- and ${o.total - o.actions.length} more`);
    out.push('');
  }
  if (initiatives.length > 0) {
    out.push('## Initiatives', '');
    for (const i of initiatives) {
      out.push(`### ${md(i.name)} — ${i.status}, ${i.done} of ${plural(i.counted, 'action')} done`, '');
      for (const item of i.items)
        out.push(
          item.status === 'missing'
            ? `- (an action that no longer exists on board ${md(item.boardId)})`
            : `- ${md(item.title ?? '')} — ${md(item.owner ?? '')}, ${item.status} (${incident({ id: item.boardId, title: item.board ?? item.boardId })})`,
        );
      out.push('');
    }
  }
  return out.join('\n') + '\n';
}
