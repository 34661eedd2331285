import type { ImportEntry, ImportError, ParsedImport } from './types';

interface SlackMessage {
  type?: unknown;
  subtype?: unknown;
  ts?: unknown;
  text?: unknown;
  user?: unknown;
  username?: unknown;
  user_profile?: { display_name?: unknown; real_name?: unknown; name?: unknown };
}

/** Slack's "system" messages carry no content for a timeline. */
const SKIPPED_SUBTYPES = new Set([
  'channel_join',
  'channel_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'pinned_item',
]);

function speakerOf(message: SlackMessage, users: ReadonlyMap<string, string>): string {
  const profile = message.user_profile;
  for (const candidate of [profile?.display_name, profile?.real_name, profile?.name, message.username]) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate.trim();
  }
  if (typeof message.user === 'string') return users.get(message.user) ?? message.user;
  return 'unknown';
}

/** Slack's <@U123|name>, <#C1|chan>, <http://x|label> and &amp; entities, made readable. */
function plainText(text: string, users: ReadonlyMap<string, string>): string {
  return text
    .replace(/<@([A-Z0-9]+)(?:\|([^>]+))?>/g, (_m, id: string, label?: string) => `@${label ?? users.get(id) ?? id}`)
    .replace(/<#[A-Z0-9]+\|([^>]+)>/g, '#$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * One channel-day file of a Slack export (a JSON array of messages), or several
 * concatenated into one array. Times are Slack's epoch seconds, so no zone is needed.
 */
export function parseSlackExport(text: string, userNames: ReadonlyMap<string, string> = new Map()): ParsedImport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { entries: [], errors: [{ line: 1, message: `not JSON: ${(error as Error).message}` }] };
  }
  if (!Array.isArray(data))
    return { entries: [], errors: [{ line: 1, message: 'expected a JSON array of Slack messages' }] };
  const entries: ImportEntry[] = [];
  const errors: ImportError[] = [];
  data.forEach((item: SlackMessage, index) => {
    const line = index + 1;
    if (typeof item !== 'object' || item === null) {
      errors.push({ line, message: 'message is not an object' });
      return;
    }
    if (typeof item.subtype === 'string' && SKIPPED_SUBTYPES.has(item.subtype)) return;
    const seconds = typeof item.ts === 'string' ? Number(item.ts) : typeof item.ts === 'number' ? item.ts : Number.NaN;
    if (!Number.isFinite(seconds) || seconds <= 0) {
      errors.push({ line, message: 'message has no valid "ts"' });
      return;
    }
    if (typeof item.text !== 'string' || !item.text.trim()) {
      errors.push({ line, message: 'message has no text' });
      return;
    }
    entries.push({
      line,
      occurredAt: Math.round(seconds * 1000),
      speaker: speakerOf(item, userNames),
      text: plainText(item.text, userNames).trim(),
    });
  });
  return { entries, errors };
}
