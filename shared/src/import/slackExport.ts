import type { ArchiveFile } from './zipArchive';
import { blocksText, slackPlainText, type SlackNames } from './slackText';
import type { ImportEntry, ImportError, ImportSkip, ParsedImport } from './types';

/**
 * Slack workspace exports (https://slack.com/help/articles/220556107): users.json,
 * channels.json (and groups.json, mpims.json, dms.json), and one folder per channel of
 * day files, each a JSON array of messages. Every message becomes an entry or is listed as
 * skipped with its reason; nothing one message holds can block the others.
 */

interface SlackMessage {
  readonly type?: unknown;
  readonly subtype?: unknown;
  readonly ts?: unknown;
  readonly thread_ts?: unknown;
  readonly text?: unknown;
  readonly user?: unknown;
  readonly username?: unknown;
  readonly bot_id?: unknown;
  readonly bot_profile?: { readonly name?: unknown };
  readonly user_profile?: { readonly display_name?: unknown; readonly real_name?: unknown; readonly name?: unknown };
  readonly attachments?: unknown;
  readonly files?: unknown;
  readonly file?: unknown;
  readonly comment?: { readonly comment?: unknown; readonly user?: unknown };
  readonly blocks?: unknown;
  readonly edited?: unknown;
  readonly message?: SlackMessage;
  readonly deleted_ts?: unknown;
  readonly hidden?: unknown;
}

export interface SlackUser {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string | null;
  readonly isBot: boolean;
}

export interface SlackChannelFiles {
  readonly name: string;
  readonly files: readonly ArchiveFile[];
  /** First and last day file names (YYYY-MM-DD). */
  readonly firstDay: string;
  readonly lastDay: string;
}

export interface SlackWorkspace {
  readonly users: ReadonlyMap<string, SlackUser>;
  readonly names: SlackNames;
  /** Per channel name, the one integration integration_logs.json says posts there (names unnamed bots). */
  readonly integrations: ReadonlyMap<string, string>;
  readonly channels: readonly SlackChannelFiles[];
  readonly problems: readonly ImportSkip[];
}

/** Membership and housekeeping messages: no content for a timeline. */
const HOUSEKEEPING: Record<string, string> = {
  channel_join: 'someone joined the channel',
  channel_leave: 'someone left the channel',
  group_join: 'someone joined the channel',
  group_leave: 'someone left the channel',
  channel_topic: 'the channel topic changed',
  channel_purpose: 'the channel purpose changed',
  channel_name: 'the channel was renamed',
  channel_archive: 'the channel was archived',
  channel_unarchive: 'the channel was unarchived',
  pinned_item: 'a message was pinned',
  unpinned_item: 'a message was unpinned',
  bot_add: 'an integration was added',
  bot_remove: 'an integration was removed',
  reminder_add: 'a reminder was set',
};

const DAY_FILE = /^(.*?)([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/;

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

function parseJson(file: ArchiveFile): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(file.text) as unknown };
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
}

function readUsers(file: ArchiveFile | undefined, problems: ImportSkip[]): Map<string, SlackUser> {
  const users = new Map<string, SlackUser>();
  if (!file) return users;
  const parsed = parseJson(file);
  if (!parsed.ok || !Array.isArray(parsed.value)) {
    problems.push({ ref: file.path, reason: parsed.ok ? 'expected a list of users' : parsed.reason });
    return users;
  }
  for (const item of parsed.value as Array<Record<string, unknown>>) {
    if (typeof item !== 'object' || item === null || typeof item['id'] !== 'string') continue;
    const profile = (typeof item['profile'] === 'object' && item['profile'] !== null ? item['profile'] : {}) as Record<
      string,
      unknown
    >;
    const name =
      str(item['real_name']) ||
      str(profile['real_name']) ||
      str(profile['display_name']) ||
      str(item['name']) ||
      item['id'];
    users.set(item['id'], {
      id: item['id'],
      name,
      timeZone: str(item['tz']) || null,
      isBot: item['is_bot'] === true,
    });
  }
  return users;
}

function readChannelNames(files: readonly ArchiveFile[], problems: ImportSkip[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const file of files) {
    const parsed = parseJson(file);
    if (!parsed.ok || !Array.isArray(parsed.value)) {
      problems.push({ ref: file.path, reason: parsed.ok ? 'expected a list of channels' : parsed.reason });
      continue;
    }
    for (const item of parsed.value as Array<Record<string, unknown>>) {
      if (typeof item === 'object' && item !== null && typeof item['id'] === 'string')
        names.set(item['id'], str(item['name']) || item['id']);
    }
  }
  return names;
}

/** integration_logs.json: which service posts in which channel (Slack writes no bot names for legacy webhooks). */
function readIntegrations(
  file: ArchiveFile | undefined,
  channelNames: ReadonlyMap<string, string>,
): Map<string, string> {
  const byChannel = new Map<string, Set<string>>();
  const parsed = file ? parseJson(file) : null;
  if (!parsed?.ok || !Array.isArray(parsed.value)) return new Map();
  for (const item of parsed.value as Array<Record<string, unknown>>) {
    if (typeof item !== 'object' || item === null) continue;
    const channel = channelNames.get(str(item['channel']));
    const service = str(item['service_type']) || str(item['app_type']);
    if (!channel || !service || item['change_type'] === 'removed') continue;
    const services = byChannel.get(channel) ?? new Set();
    services.add(service);
    byChannel.set(channel, services);
  }
  return new Map(
    [...byChannel]
      .filter(([, services]) => services.size === 1)
      .map(([channel, services]) => [channel, [...services][0]!]),
  );
}

const KNOWN_HOSTS: ReadonlyArray<[RegExp, string]> = [
  [/github\.com/, 'GitHub'],
  [/gitlab\./, 'GitLab'],
  [/pagerduty\.com/, 'PagerDuty'],
  [/opsgenie\.com/, 'Opsgenie'],
  [/travis-ci\./, 'Travis CI'],
  [/circleci\.com/, 'CircleCI'],
  [/sentry\.io/, 'Sentry'],
  [/datadoghq\./, 'Datadog'],
  [/grafana/, 'Grafana'],
  [/atlassian\.net/, 'Jira'],
];

/** The export's users, channels and day files, from the files of the archive or folder. */
export function readSlackWorkspace(files: readonly ArchiveFile[]): SlackWorkspace {
  const problems: ImportSkip[] = [];
  // Exports are sometimes re-zipped inside a top folder: find where users.json sits.
  const usersFile = files.find((f) => /(^|\/)users\.json$/.test(f.path));
  const root = usersFile ? usersFile.path.slice(0, -'users.json'.length) : '';
  const atRoot = (name: string) => files.find((f) => f.path === `${root}${name}`);
  const users = readUsers(usersFile, problems);
  const channelNames = readChannelNames(
    ['channels.json', 'groups.json', 'mpims.json', 'dms.json'].map(atRoot).filter((f): f is ArchiveFile => !!f),
    problems,
  );
  const byChannel = new Map<string, ArchiveFile[]>();
  for (const file of files) {
    const match = DAY_FILE.exec(file.path);
    if (!match || match[1] !== root) continue;
    const list = byChannel.get(match[2]!) ?? [];
    list.push(file);
    byChannel.set(match[2]!, list);
  }
  const channels = [...byChannel.entries()]
    .map(([name, list]) => {
      const sorted = [...list].sort((a, b) => (a.path < b.path ? -1 : 1));
      const day = (f: ArchiveFile) => DAY_FILE.exec(f.path)![3]!;
      return { name, files: sorted, firstDay: day(sorted[0]!), lastDay: day(sorted.at(-1)!) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const userNames = new Map([...users.values()].map((u) => [u.id, u.name]));
  return {
    users,
    names: { users: userNames, channels: channelNames },
    integrations: readIntegrations(atRoot('integration_logs.json'), channelNames),
    channels,
    problems,
  };
}

export interface SlackSelection {
  /** Channel (folder) names to read; all when omitted. */
  readonly channels?: readonly string[];
  /** Inclusive window in UTC ms; messages outside it are left out (not listed as skipped). */
  readonly from?: number | null;
  readonly to?: number | null;
}

interface Collected extends ImportEntry {
  readonly ts: string;
  readonly threadRoot: string;
  readonly botId: string | null;
}

function attachmentText(value: unknown, names: SlackNames): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: Record<string, unknown>) => {
    if (typeof item !== 'object' || item === null) return [];
    const title = str(item['title']);
    const body = str(item['text']) || (title ? '' : str(item['fallback']));
    const parts = [str(item['pretext']), title, body].filter(Boolean).map((part) => slackPlainText(part, names));
    return parts.length ? [parts.join(' — ')] : [];
  });
}

function fileNames(message: SlackMessage): string[] {
  const files = Array.isArray(message.files) ? message.files : message.file ? [message.file] : [];
  return files.flatMap((file: Record<string, unknown>) => {
    if (typeof file !== 'object' || file === null) return [];
    const name = str(file['name']) || str(file['title']);
    return name ? [`📎 ${name}`] : ['📎 a file'];
  });
}

/**
 * An integration's name: the one Slack stored, else the service the channel's integration
 * log names, else the service its links point to, else its bot id.
 */
function botName(message: SlackMessage, integration: string | undefined): string {
  const attachment = Array.isArray(message.attachments) ? (message.attachments[0] as Record<string, unknown>) : null;
  const named =
    str(message.username) ||
    str(message.bot_profile?.name) ||
    str(attachment?.['service_name']) ||
    str(attachment?.['author_name']) ||
    integration;
  if (named) return named;
  const links = JSON.stringify(message.attachments ?? '') + str(message.text);
  const host = KNOWN_HOSTS.find(([pattern]) => pattern.test(links));
  if (host) return host[1];
  return typeof message.bot_id === 'string' ? `Integration ${message.bot_id}` : 'Integration';
}

/** One day file's messages, each becoming an entry, a skip with its reason, or an edit. */
function readDay(
  file: ArchiveFile | { path: string; value: unknown },
  channel: string,
  workspace: Pick<SlackWorkspace, 'users' | 'names' | 'integrations'>,
  out: { entries: Map<string, Collected>; skipped: ImportSkip[]; deleted: Set<string> },
  counter: { line: number },
): void {
  let value: unknown;
  if ('text' in file) {
    const parsed = parseJson(file);
    if (!parsed.ok) {
      out.skipped.push({ ref: file.path, reason: parsed.reason });
      return;
    }
    value = parsed.value;
  } else value = file.value;
  if (!Array.isArray(value)) {
    out.skipped.push({ ref: file.path, reason: 'expected a JSON array of Slack messages' });
    return;
  }
  value.forEach((raw: SlackMessage, index) => {
    const ref = `${file.path}, message ${index + 1}`;
    counter.line++;
    if (typeof raw !== 'object' || raw === null) {
      out.skipped.push({ ref, reason: 'not a message object' });
      return;
    }
    const subtype = str(raw.subtype);
    if (HOUSEKEEPING[subtype]) {
      out.skipped.push({ ref, reason: HOUSEKEEPING[subtype] });
      return;
    }
    if (subtype === 'message_deleted' || subtype === 'tombstone') {
      const gone = str(raw.deleted_ts) || str(raw.ts);
      out.deleted.add(`${channel}:${gone}`);
      out.skipped.push({ ref, reason: 'the message was deleted' });
      return;
    }
    // An edit recorded as its own event: the edited message replaces the original.
    const message: SlackMessage = subtype === 'message_changed' && raw.message ? raw.message : raw;
    const ts = str(message.ts);
    const seconds = Number(ts);
    if (!ts || !Number.isFinite(seconds) || seconds <= 0) {
      out.skipped.push({ ref, reason: 'the message has no valid time ("ts")' });
      return;
    }
    const isBot = str(message.subtype) === 'bot_message' || (typeof message.bot_id === 'string' && !message.user);
    const user = typeof message.user === 'string' ? workspace.users.get(message.user) : undefined;
    const profile = message.user_profile;
    const speaker = isBot
      ? botName(message, workspace.integrations.get(channel))
      : (user?.name ?? (str(profile?.real_name) || str(profile?.display_name) || str(message.user) || 'unknown'));
    const parts = [
      slackPlainText(str(message.text), workspace.names) || slackPlainText(blocksText(message.blocks), workspace.names),
      ...attachmentText(message.attachments, workspace.names),
      ...fileNames(message),
    ];
    if (subtype === 'file_comment' && raw.comment)
      parts.push(slackPlainText(str(raw.comment.comment), workspace.names));
    const text = [...new Set(parts.filter(Boolean))].join('\n').trim();
    if (!text) {
      out.skipped.push({ ref, reason: 'the message has no text, attachment or file' });
      return;
    }
    const threadTs = str(message.thread_ts);
    const isReply = threadTs !== '' && threadTs !== ts;
    const notes = [
      isBot ? 'integration' : '',
      isReply ? 'reply in thread' : '',
      message.edited || subtype === 'message_changed' ? 'edited' : '',
      channel ? `#${channel}` : '',
    ].filter(Boolean);
    const key = `${channel}:${ts}`;
    const existing = out.entries.get(key);
    out.entries.set(key, {
      line: existing?.line ?? counter.line,
      ref: existing?.ref ?? ref,
      ts,
      threadRoot: `${channel}:${threadTs || ts}`,
      botId: isBot && typeof message.bot_id === 'string' ? message.bot_id : null,
      occurredAt: Math.round(seconds * 1000),
      speaker,
      speakerKey: isBot
        ? `slack:bot:${speaker.toLowerCase()}`
        : message.user
          ? `slack:${String(message.user)}`
          : undefined,
      laneKind: isBot ? 'system' : 'person',
      kind: isBot ? 'signal' : 'communication',
      text,
      timeZone: user?.timeZone ?? undefined,
      thread: threadTs ? `slack:${channel}:${threadTs}` : undefined,
      note: notes.join(' · '),
      sourceId: `slack:${key}`,
    });
  });
}

function finish(
  out: { entries: Map<string, Collected>; skipped: ImportSkip[]; deleted: Set<string> },
  selection: SlackSelection,
): ParsedImport {
  const from = selection.from ?? -Infinity;
  const to = selection.to ?? Infinity;
  // A bot named by one of its posts (a link to github.com) names its other posts too.
  const learned = new Map<string, string>();
  for (const entry of out.entries.values())
    if (entry.botId && !entry.speaker.startsWith('Integration ')) learned.set(entry.botId, entry.speaker);
  const named = (entry: Collected): Collected => {
    const name = entry.botId && entry.speaker === `Integration ${entry.botId}` ? learned.get(entry.botId) : undefined;
    return name ? { ...entry, speaker: name, speakerKey: `slack:bot:${name.toLowerCase()}` } : entry;
  };
  const kept = [...out.entries.entries()]
    .filter(([key, entry]) => !out.deleted.has(key) && entry.occurredAt! >= from && entry.occurredAt! <= to)
    .map(([, entry]) => named(entry));
  // Threads stay together: replies follow the message that started them.
  const rootTime = new Map<string, number>();
  for (const entry of kept) {
    const known = rootTime.get(entry.threadRoot);
    if (known === undefined || entry.occurredAt! < known) rootTime.set(entry.threadRoot, entry.occurredAt!);
  }
  kept.sort(
    (a, b) =>
      rootTime.get(a.threadRoot)! - rootTime.get(b.threadRoot)! ||
      (a.threadRoot < b.threadRoot ? -1 : a.threadRoot > b.threadRoot ? 1 : 0) ||
      a.occurredAt! - b.occurredAt!,
  );
  const entries: ImportEntry[] = kept.map(({ ts: _ts, threadRoot: _root, botId: _bot, ...entry }) => entry);
  const errors: ImportError[] =
    entries.length === 0 && out.skipped.length === 0
      ? [{ line: 1, message: 'no messages found in the chosen channels and time window' }]
      : [];
  return { entries, errors, skipped: out.skipped };
}

/** The chosen channels of a workspace export, in the chosen window, as entries. */
export function parseSlackWorkspace(workspace: SlackWorkspace, selection: SlackSelection = {}): ParsedImport {
  const out = { entries: new Map<string, Collected>(), skipped: [...workspace.problems], deleted: new Set<string>() };
  const counter = { line: 0 };
  const wanted = selection.channels ? new Set(selection.channels) : null;
  for (const channel of workspace.channels) {
    if (wanted && !wanted.has(channel.name)) continue;
    for (const file of channel.files) readDay(file, channel.name, workspace, out, counter);
  }
  return finish(out, selection);
}

/**
 * One channel-day file (a JSON array of messages) pasted on its own. Without users.json,
 * people are named from the messages' own profiles where Slack included them.
 */
export function parseSlackExport(text: string, userNames: ReadonlyMap<string, string> = new Map()): ParsedImport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { entries: [], errors: [{ line: 1, message: `not JSON: ${(error as Error).message}` }] };
  }
  if (!Array.isArray(value))
    return { entries: [], errors: [{ line: 1, message: 'expected a JSON array of Slack messages' }] };
  const users = new Map(
    [...userNames.entries()].map(([id, name]) => [id, { id, name, timeZone: null, isBot: false } as SlackUser]),
  );
  const out = { entries: new Map<string, Collected>(), skipped: [] as ImportSkip[], deleted: new Set<string>() };
  readDay(
    { path: 'pasted messages', value },
    '',
    { users, names: { users: userNames, channels: new Map() }, integrations: new Map() },
    out,
    {
      line: 0,
    },
  );
  return finish(out, {});
}
