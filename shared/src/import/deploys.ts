import { SOURCE_LANES, failure, isoInstant, jsonOf, record, text } from './sourceLanes';
import type { ImportEntry, ImportSkip, ParsedImport } from './types';

/**
 * The deploy history: GitHub REST API JSON (GET /repos/{owner}/{repo}/deployments, their
 * /statuses, and GET /repos/{owner}/{repo}/pulls?state=closed, of which the merged ones),
 * and `git log` output in its default, --pretty=fuller, --date=iso or --date=iso-strict
 * forms. Everything lands in the deploy pipeline lane with its original time.
 * Formats: https://docs.github.com/en/rest/deployments, https://docs.github.com/en/rest/pulls,
 * https://git-scm.com/docs/pretty-formats.
 */

const short = (sha: string) => sha.slice(0, 7);

/** An entry in the deploy pipeline lane (an event unless said otherwise). */
function pipelineEntry(entry: Omit<ImportEntry, 'speaker' | 'laneKind'>): ImportEntry {
  return { kind: 'event', ...entry, speaker: SOURCE_LANES.deploys, laneKind: 'system' };
}

export function parseGitHub(input: string): ParsedImport {
  const json = jsonOf(input);
  if (!json.ok) return json.result;
  const list = Array.isArray(json.value) ? json.value : [json.value];
  const entries: ImportEntry[] = [];
  const skipped: ImportSkip[] = [];
  list.forEach((raw, index) => {
    const item = record(raw);
    const line = index + 1;
    const ref = `item ${line}`;
    const login = text(record(item['user'])['login']) || text(record(item['creator'])['login']);
    if ('merged_at' in item || 'head' in item) {
      const merged = isoInstant(item['merged_at']);
      if (merged === null)
        return void skipped.push({ ref, reason: `pull request #${text(item['number'])} was closed without merging` });
      entries.push(
        pipelineEntry({
          line,
          ref,
          occurredAt: merged,
          text: `Merged PR #${text(item['number'])}: ${text(item['title'])}${login ? ` (by ${login}` : ' ('}${text(record(item['base'])['ref']) ? ` into ${text(record(item['base'])['ref'])}` : ''})`.replace(
            ' ()',
            '',
          ),
          note: ['GitHub', text(item['html_url'])].filter(Boolean).join(' · '),
          sourceId: `github:pr:${text(item['id']) || text(item['number'])}`,
        }),
      );
    } else if ('environment' in item && 'sha' in item) {
      const at = isoInstant(item['created_at']);
      if (at === null) return void skipped.push({ ref, reason: 'the deployment has no valid "created_at"' });
      const description = text(item['description']);
      entries.push(
        pipelineEntry({
          line,
          ref,
          occurredAt: at,
          text: `Deploy of ${text(item['ref']) || short(text(item['sha']))} (${short(text(item['sha']))}) to ${text(item['environment'])}${login ? ` by ${login}` : ''}${description ? `: ${description}` : ''}`,
          note: 'GitHub deployment',
          sourceId: `github:deployment:${text(item['id']) || text(item['sha'])}`,
        }),
      );
    } else if ('state' in item && ('deployment_url' in item || 'environment' in item)) {
      const at = isoInstant(item['created_at']);
      if (at === null) return void skipped.push({ ref, reason: 'the deployment status has no valid "created_at"' });
      const state = text(item['state']);
      const description = text(item['description']);
      entries.push(
        pipelineEntry({
          line,
          ref,
          occurredAt: at,
          kind: state === 'failure' || state === 'error' ? 'signal' : 'event',
          text: `Deployment ${state}${text(item['environment']) ? ` in ${text(item['environment'])}` : ''}${description ? `: ${description}` : ''}`,
          note: 'GitHub deployment status',
          sourceId: `github:status:${text(item['id']) || `${state}:${at}`}`,
        }),
      );
    } else skipped.push({ ref, reason: 'neither a pull request, a deployment nor a deployment status' });
  });
  entries.sort((a, b) => a.occurredAt! - b.occurredAt!);
  return {
    entries,
    errors: entries.length || skipped.length ? [] : failure('no deployments or pull requests found').errors,
    skipped,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** git's default date ("Thu Apr 4 10:00:00 2024 +0200"), RFC 2822, ISO and strict ISO. */
export function parseGitDate(value: string): number | null {
  const trimmed = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2}) ?(Z|[+-]\d{2}:?\d{2})$/.exec(trimmed);
  if (iso) {
    const zone = iso[7] === 'Z' ? 'Z' : `${iso[7]!.slice(0, 3)}:${iso[7]!.slice(-2)}`;
    const instant = Date.parse(`${iso[1]}-${iso[2]}-${iso[3]}T${iso[4]}:${iso[5]}:${iso[6]}${zone}`);
    return Number.isNaN(instant) ? null : instant;
  }
  const plain =
    /^(?:\w{3},? )?(?:(\w{3}) (\d{1,2})|(\d{1,2}) (\w{3})) (?:(\d{2}):(\d{2}):(\d{2}) (\d{4})|(\d{4}) (\d{2}):(\d{2}):(\d{2})) ([+-]\d{4})$/.exec(
      trimmed,
    );
  if (!plain) return null;
  const month = MONTHS.indexOf((plain[1] ?? plain[4])!);
  const day = Number(plain[2] ?? plain[3]);
  const [hour, minute, second, year] = plain[5]
    ? [plain[5], plain[6], plain[7], plain[8]]
    : [plain[10], plain[11], plain[12], plain[9]];
  const offset = plain[13]!;
  if (month < 0) return null;
  const sign = offset.startsWith('-') ? -1 : 1;
  const offsetMinutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
  return Date.UTC(Number(year), month, day, Number(hour), Number(minute), Number(second)) - offsetMinutes * 60_000;
}

export function parseGitLog(input: string): ParsedImport {
  const lines = input.split(/\r\n|\r|\n/);
  const entries: ImportEntry[] = [];
  const skipped: ImportSkip[] = [];
  let current: {
    line: number;
    sha: string;
    author: string;
    date: number | null;
    commitDate: number | null;
    subject: string;
  } | null = null;
  const flush = () => {
    if (!current) return;
    const at = current.commitDate ?? current.date;
    const ref = `line ${current.line} (commit ${short(current.sha)})`;
    if (at === null) skipped.push({ ref, reason: 'the commit has no date git writes (use git log without --oneline)' });
    else
      entries.push(
        pipelineEntry({
          line: current.line,
          ref,
          occurredAt: at,
          text: `Commit ${short(current.sha)}: ${current.subject || '(no message)'}${current.author ? ` (${current.author})` : ''}`,
          note: 'git',
          sourceId: `git:${current.sha}`,
        }),
      );
    current = null;
  };
  lines.forEach((raw, index) => {
    const commit = /^commit ([0-9a-f]{7,64})\b/.exec(raw);
    if (commit) {
      flush();
      current = { line: index + 1, sha: commit[1]!, author: '', date: null, commitDate: null, subject: '' };
      return;
    }
    if (!current) return;
    const header = /^(Author|Date|AuthorDate|CommitDate|Commit|Merge):\s+(.*)$/.exec(raw);
    if (header) {
      const [, name, value] = header;
      if (name === 'Author') current.author = value!.replace(/\s*<[^>]*>\s*$/, '').trim();
      if (name === 'Date' || name === 'AuthorDate') current.date = parseGitDate(value!);
      if (name === 'CommitDate') current.commitDate = parseGitDate(value!);
      return;
    }
    if (!current.subject && /^ {4}\S/.test(raw)) current.subject = raw.trim();
  });
  flush();
  if (entries.length === 0 && skipped.length === 0)
    return failure('expected `git log` output: "commit <sha>", "Author:", "Date:" and the message');
  entries.sort((a, b) => a.occurredAt! - b.occurredAt!);
  return { entries, errors: [], skipped };
}
