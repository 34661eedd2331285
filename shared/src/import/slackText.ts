/**
 * Slack's message markup made readable: user and channel mentions resolved by name,
 * special mentions (<!here>, user groups, dates) replaced by what Slack shows, links
 * written as "label (url)", and the three HTML entities Slack escapes decoded.
 * Format: https://api.slack.com/reference/surfaces/formatting#retrieving-messages
 */
export interface SlackNames {
  readonly users: ReadonlyMap<string, string>;
  readonly channels: ReadonlyMap<string, string>;
}

const NO_NAMES: SlackNames = { users: new Map(), channels: new Map() };

function special(command: string, label: string | undefined): string {
  const [name = '', argument] = command.split('^');
  if (label) return label.startsWith('@') || name === 'date' ? label : `@${label}`;
  if (name === 'here' || name === 'channel' || name === 'everyone') return `@${name}`;
  if (name === 'subteam') return '@group';
  if (name === 'date' && argument) {
    const seconds = Number(argument);
    if (Number.isFinite(seconds)) return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  }
  return `@${name}`;
}

export function slackPlainText(text: string, names: SlackNames = NO_NAMES): string {
  return text
    .replace(/<([^<>]*)>/g, (_match, inner: string) => {
      const bar = inner.indexOf('|');
      const target = bar < 0 ? inner : inner.slice(0, bar);
      const label = bar < 0 ? undefined : inner.slice(bar + 1);
      if (target.startsWith('@')) {
        const id = target.slice(1);
        return `@${label ?? names.users.get(id) ?? id}`;
      }
      if (target.startsWith('#')) {
        const id = target.slice(1);
        return `#${label ?? names.channels.get(id) ?? id}`;
      }
      if (target.startsWith('!')) return special(target.slice(1), label);
      if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
      if (label && label !== target) return `${label} (${target})`;
      return target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The plain text of Block Kit rich text (used when a message's `text` is empty). */
export function blocksText(blocks: unknown): string {
  const parts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record['text'] === 'string') parts.push(record['text']);
    else if (typeof record['text'] === 'object') visit(record['text']);
    if (record['type'] === 'user' && typeof record['user_id'] === 'string') parts.push(`<@${record['user_id']}>`);
    if (record['type'] === 'link' && typeof record['url'] === 'string' && typeof record['text'] !== 'string')
      parts.push(record['url']);
    visit(record['elements']);
    visit(record['fields']);
  };
  visit(blocks);
  return parts.join('').trim();
}
