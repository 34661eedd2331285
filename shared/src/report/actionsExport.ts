import type { Action, BoardSnapshot, Factor } from '../schema/types';
import { FACTOR_CATEGORIES } from '../schema/types';
import { isCalendarDate, isSafeUrl } from '../domain/validation';
import { csvRow, escapeMarkdownInline, markdownStrong } from './escape';
import { sanitizeBoard } from './sanitize';

/** Follow-up actions as CSV and as issue text ready to paste into a tracker. */

const STATUS_LABEL: Record<Action['status'], string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  'wont-do': 'Won’t do',
};

export function categoryLabel(category: string): string {
  return FACTOR_CATEGORIES.find((c) => c.id === category)?.label ?? category;
}

function linkedFactors(action: Action, factors: readonly Factor[]): Factor[] {
  return action.factorIds
    .map((id) => factors.find((f) => f.id === id))
    .filter((f): f is Factor => f !== undefined && f.deletedAt === null);
}

export function actionsToCsv(input: BoardSnapshot): string {
  const { board } = sanitizeBoard(input);
  const rows = [csvRow(['title', 'owner', 'due', 'status', 'systemic factors', 'tracker', 'incident'])];
  for (const action of board.actions) {
    rows.push(
      csvRow([
        action.title,
        action.owner,
        action.dueDate ?? '',
        STATUS_LABEL[action.status],
        linkedFactors(action, board.factors)
          .map((f) => f.name)
          .join('; '),
        action.trackerUrl ?? '',
        board.meta.title,
      ]),
    );
  }
  return rows.join('\r\n') + '\r\n';
}

/** One issue per action: title line, then a body that says which systemic factors it addresses. */
export function actionsToIssueMarkdown(input: BoardSnapshot): string {
  const { board } = sanitizeBoard(input);
  const blocks = board.actions.map((action) => {
    const factors = linkedFactors(action, board.factors);
    const lines = [
      `## ${escapeMarkdownInline(action.title).trim() || 'Untitled action'}`,
      '',
      `Follow-up from the post-incident review “${escapeMarkdownInline(board.meta.title)}”.`,
      '',
      `- **Owner:** ${action.owner ? escapeMarkdownInline(action.owner) : '_unassigned_'}`,
      `- **Due:** ${action.dueDate && isCalendarDate(action.dueDate) ? action.dueDate : '_no date_'}`,
      `- **Status:** ${STATUS_LABEL[action.status]}`,
    ];
    if (action.trackerUrl && isSafeUrl(action.trackerUrl)) lines.push(`- **Tracker:** <${action.trackerUrl}>`);
    lines.push('', '### Systemic factors it addresses', '');
    if (factors.length === 0) lines.push('_None linked yet: fixes should address a systemic factor._');
    for (const factor of factors) {
      const description = factor.description ? ` — ${escapeMarkdownInline(factor.description)}` : '';
      lines.push(
        `- ${markdownStrong(factor.name, 'factor')} (${escapeMarkdownInline(categoryLabel(factor.category))})${description}`,
      );
    }
    return lines.join('\n');
  });
  return blocks.join('\n\n---\n\n') + '\n';
}
