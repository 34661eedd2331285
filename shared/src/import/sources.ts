import { parseAlertmanager, parseGrafanaStateHistory } from './alerts';
import { parseChatLog } from './chatLog';
import { parseCsvRecords, parseCsvTimeline } from './csvTimeline';
import { parseGitHub, parseGitLog } from './deploys';
import { parsePagerDutyLog } from './pagerDuty';
import { parseSlackExport } from './slackExport';
import type { ParsedImport } from './types';

/** Every text source the import reads; a Slack workspace archive is read separately (bytes). */
export const IMPORT_SOURCES = {
  chat: 'Chat log ([14:32] name: text)',
  slack: 'Slack messages (a day file’s JSON)',
  csv: 'CSV (time,lane,kind,text)',
  pagerduty: 'PagerDuty incident log entries (JSON)',
  alertmanager: 'Alertmanager webhook payloads (JSON)',
  grafana: 'Grafana alert state history (JSON)',
  github: 'GitHub deployments or pull requests (JSON)',
  git: 'git log output',
} as const;
export type ImportSource = keyof typeof IMPORT_SOURCES;

export function isImportSource(value: string): value is ImportSource {
  return Object.hasOwn(IMPORT_SOURCES, value);
}

function firstItem(value: unknown): Record<string, unknown> | null {
  const item = Array.isArray(value) ? value[0] : value;
  return typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : null;
}

function detectJson(value: unknown): ImportSource | null {
  const item = firstItem(value);
  if (!item) return Array.isArray(value) ? 'slack' : null;
  if ('log_entries' in item || String(item['type'] ?? '').endsWith('_log_entry')) return 'pagerduty';
  if (Array.isArray(item['alerts'])) return 'alertmanager';
  if (('schema' in item && 'data' in item) || 'newState' in item) return 'grafana';
  if ('merged_at' in item || ('environment' in item && 'sha' in item) || 'deployment_url' in item) return 'github';
  if ('ts' in item) return 'slack';
  return null;
}

/** Which parser a pasted or uploaded text most likely needs. */
export function detectSource(input: string): ImportSource {
  const trimmed = input.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const found = detectJson(JSON.parse(trimmed));
      if (found) return found;
    } catch {
      // One JSON document per line: Alertmanager payloads as a receiver logs them.
      const firstLine = trimmed.split(/\r?\n/, 1)[0]!;
      try {
        const found = detectJson(JSON.parse(firstLine));
        if (found) return found;
      } catch {
        // not JSON after all: a chat log that starts with "[14:32]"
      }
    }
  }
  if (/^commit [0-9a-f]{7,64}\b/.test(trimmed)) return 'git';
  const header = parseCsvRecords(trimmed.split(/\r\n|\r|\n/, 1)[0] ?? '')[0]?.fields.map((f) => f.trim().toLowerCase());
  if (header && header.includes('time') && header.includes('text')) return 'csv';
  return 'chat';
}

export function parseSource(
  input: string,
  source: ImportSource,
  options: { readonly timeZone: string; readonly date: string },
): ParsedImport {
  switch (source) {
    case 'slack':
      return parseSlackExport(input);
    case 'csv':
      return parseCsvTimeline(input, options);
    case 'chat':
      return parseChatLog(input, options);
    case 'pagerduty':
      return parsePagerDutyLog(input);
    case 'alertmanager':
      return parseAlertmanager(input);
    case 'grafana':
      return parseGrafanaStateHistory(input);
    case 'github':
      return parseGitHub(input);
    case 'git':
      return parseGitLog(input);
  }
}
