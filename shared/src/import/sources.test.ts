import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initBoard } from '../domain/meta';
import { renameLane } from '../domain/lanes';
import { readBoard } from '../schema/boardDoc';
import { parseAlertmanager, parseGrafanaStateHistory } from './alerts';
import { parseGitDate, parseGitHub, parseGitLog } from './deploys';
import { parsePagerDutyLog } from './pagerDuty';
import { applyImport, planImport } from './planImport';
import { parseSlackExport, parseSlackWorkspace, readSlackWorkspace } from './slackExport';
import { slackPlainText } from './slackText';
import { detectSource } from './sources';
import { ArchiveError, readZipArchive, type ArchiveFile } from './zipArchive';

const fixtures = path.join(import.meta.dirname, '__fixtures__');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

/** A folder as the import reads it (what a browser's folder picker gives). */
function folderFiles(dir: string): ArchiveFile[] {
  const out: ArchiveFile[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = path.join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push({ path: path.relative(dir, full).split(path.sep).join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

describe('Slack workspace export: the public slack-export-viewer test archive, as delivered', () => {
  const bytes = new Uint8Array(readFileSync(path.join(fixtures, 'slack-export-viewer-testarchive.zip')));
  const workspace = readSlackWorkspace(readZipArchive(bytes));

  it('finds both channels and names people from users.json', () => {
    expect(workspace.channels.map((c) => c.name)).toEqual(['enrique', 'traveling-sailor']);
    expect(workspace.users.get('U0BMYT2FL')?.name).toBe('Harry Potter');
    expect(workspace.users.get('U0BMYT2FL')?.timeZone).toBe('America/Los_Angeles');
  });

  it('imports bot posts with attachments only, file shares and plain messages; skips joins with a reason', () => {
    const parsed = parseSlackWorkspace(workspace);
    expect(parsed.errors).toEqual([]);
    const total = workspace.channels.reduce(
      (n, c) => n + c.files.reduce((m, f) => m + (JSON.parse(f.text) as unknown[]).length, 0),
      0,
    );
    expect(parsed.entries.length + parsed.skipped!.length).toBe(total);
    // 94 GitHub/integration posts carry attachments and no text: each is a card in a system lane.
    const bots = parsed.entries.filter((e) => e.laneKind === 'system');
    expect(bots.length).toBeGreaterThanOrEqual(94);
    expect(bots.every((e) => e.text.length > 0)).toBe(true);
    expect(parsed.entries.some((e) => e.text.includes('📎'))).toBe(true);
    expect(parsed.skipped!.filter((s) => s.reason === 'someone joined the channel').length).toBe(8);
    expect(parsed.skipped!.every((s) => /\.json, message \d+$/.test(s.ref) || s.ref.endsWith('.json'))).toBe(true);
    // No lane is named by a raw user id; no mention stays raw.
    expect(parsed.entries.some((e) => /^U0[A-Z0-9]{7}$/.test(e.speaker))).toBe(false);
    expect(parsed.entries.some((e) => /<@U|<!/.test(e.text))).toBe(false);
    // Legacy GitHub webhooks post without a name: integration_logs.json (or their links) name them.
    expect(new Set(bots.map((e) => e.speaker))).toEqual(new Set(['GitHub Notifications (Legacy)']));
    // A day file pasted on its own has no integration log: the links name the service.
    const day = workspace.channels[0]!.files.find((f) => f.text.includes('bot_message'))!;
    expect(
      new Set(
        parseSlackExport(day.text)
          .entries.filter((e) => e.laneKind === 'system')
          .map((e) => e.speaker),
      ),
    ).toEqual(new Set(['GitHub']));
  });

  it('reads one channel in a time window', () => {
    const from = Date.UTC(2016, 2, 26);
    const to = Date.UTC(2016, 2, 27) - 1;
    const parsed = parseSlackWorkspace(workspace, { channels: ['enrique'], from, to });
    expect(parsed.entries.length).toBeGreaterThan(0);
    expect(
      parsed.entries.every((e) => e.occurredAt! >= from && e.occurredAt! <= to && e.note?.includes('#enrique')),
    ).toBe(true);
  });
});

describe('Slack export as an unzipped folder, with threads, edits, deletions and special mentions', () => {
  const workspace = readSlackWorkspace(folderFiles(path.join(fixtures, 'slack-incident-export')));
  const parsed = parseSlackWorkspace(workspace);
  const texts = parsed.entries.map((e) => e.text);

  it('resolves mentions, channels, special tokens, links and entities', () => {
    expect(texts).toContain('@here checkout 5xx are climbing, looking. @Ben Okafor did the 09:41 release finish?');
    expect(texts).toContain('yes, reached 100% at 09:49 & all regions at once');
    expect(texts).toContain('rolling back to 2024.05.01-2 (https://ci.example.com/deploys/88212)');
    expect(texts).toContain('posted the status page update for @support-team, next one at 10:36 UTC');
  });

  it('keeps a thread together, marks edits, applies deletions and lists empty messages as skipped', () => {
    const thread = parsed.entries.filter((e) => e.thread === 'slack:inc-checkout:1714557560.000300');
    expect(thread.map((e) => e.speaker)).toEqual(['Ana Ruiz', 'Ben Okafor', 'Ben Okafor']);
    const first = parsed.entries.indexOf(thread[0]!);
    expect(parsed.entries.slice(first, first + 3)).toEqual(thread);
    expect(thread[1]!.note).toContain('edited');
    expect(texts.some((t) => t.startsWith('Support queue'))).toBe(false); // deleted later in the export
    expect(parsed.skipped!.map((s) => s.reason)).toEqual(
      expect.arrayContaining([
        'someone joined the channel',
        'the message was deleted',
        'the message has no text, attachment or file',
      ]),
    );
    expect(parsed.skipped!.find((s) => s.reason.startsWith('the message has no text'))!.ref).toBe(
      'inc-checkout/2024-05-01.json, message 10',
    );
  });

  it('puts the PagerDuty post in a system lane as a signal and the file upload as a card', () => {
    const bot = parsed.entries.find((e) => e.speaker === 'PagerDuty')!;
    expect(bot).toMatchObject({ laneKind: 'system', kind: 'signal' });
    expect(bot.text).toContain('#4821: CheckoutErrorRate firing');
    expect(texts).toContain('📎 checkout-5xx.png');
  });

  it('imports into lanes named by users.json with their own time zones, and a renamed lane keeps receiving', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Checkout', timeZone: 'Europe/Berlin' });
    applyImport(doc, planImport(readBoard(doc), parsed.entries.slice(0, 3), 'slack'), {}, 'UTC', 'slack');
    const board = readBoard(doc);
    expect(board.cards.map((c) => c.importedFrom)).toContain(
      'Slack · reply in thread · edited · #inc-checkout · inc-checkout/2024-05-01.json, message 5',
    );
    const ana = board.lanes.find((l) => l.name === 'Ana Ruiz')!;
    expect(ana.importKeys).toEqual(['slack:U04ANA0001']);
    expect(board.cards.find((c) => c.place.laneId === ana.id)!.author).toEqual({
      name: 'Ana Ruiz',
      timeZone: 'Europe/Berlin',
    });
    renameLane(doc, { laneId: ana.id, name: 'Ana (Backend, Berlin)' });
    const plan = planImport(readBoard(doc), parsed.entries, 'slack');
    expect(plan.newLanes.map((l) => l.name)).not.toContain('Ana Ruiz');
    expect(plan.cards.filter((c) => c.duplicate).length).toBe(3);
    applyImport(doc, plan);
    expect(readBoard(doc).lanes.filter((l) => l.importKeys.includes('slack:U04ANA0001')).length).toBe(1);
  });

  it('reads the same folder zipped inside a top folder', () => {
    const files = folderFiles(path.join(fixtures, 'slack-incident-export'));
    const zip = zipSync(Object.fromEntries(files.map((f) => [`export/${f.path}`, strToU8(f.text)])));
    const again = parseSlackWorkspace(readSlackWorkspace(readZipArchive(zip)));
    expect(again.entries.map((e) => e.text)).toEqual(texts);
  });
});

describe('zip archives are bounded', () => {
  it('refuses a file larger than the limit before inflating it', () => {
    const zip = zipSync({ 'general/2024-05-01.json': new Uint8Array(30 * 1024 * 1024) });
    expect(() => readZipArchive(zip)).toThrow(/uncompressed \(at most 25 MB per file\)/);
  });

  it('refuses a suspicious expansion ratio and too many files', () => {
    const zip = zipSync({ 'a.json': new Uint8Array(2 * 1024 * 1024), 'b.json': strToU8('[]') });
    expect(() => readZipArchive(zip, undefined, { fileBytes: 1e9, totalBytes: 1e9, files: 10, ratio: 100 })).toThrow(
      /zip bomb/,
    );
    expect(() => readZipArchive(zip, undefined, { fileBytes: 1e9, totalBytes: 1e9, files: 1, ratio: 1e9 })).toThrow(
      /more than 1 files/,
    );
  });

  it('never writes past the size the directory declares (a lying header gives a broken file, not a flood)', () => {
    const zip = zipSync({ 'general/2024-05-01.json': strToU8(`[${'{"ts":"1","text":"x"},'.repeat(5000)}{}]`) });
    // Patch the declared uncompressed size in the central directory to 10 bytes.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let i = zip.length - 22; i >= 0; i--) {
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, 10, true);
        break;
      }
    }
    const files = readZipArchive(zip);
    expect(files[0]!.text.length).toBeLessThanOrEqual(10);
    const parsed = parseSlackWorkspace(readSlackWorkspace(files));
    expect(parsed.skipped![0]!.ref).toBe('general/2024-05-01.json');
    expect(parsed.skipped![0]!.reason).toMatch(/^not JSON/);
  });

  it('says plainly when the bytes are not a zip', () => {
    expect(() => readZipArchive(strToU8('[{"ts":"1"}]'))).toThrow(ArchiveError);
  });
});

describe('Slack markup', () => {
  it('handles every special token form', () => {
    const names = { users: new Map([['U1', 'Ana']]), channels: new Map([['C1', 'inc']]) };
    expect(
      slackPlainText(
        '<@U1> <@U2|bob> <#C1> <#C9|ops> <!here> <!channel|@channel> <!everyone> <!subteam^S1> <!date^0^{date}|Jan 1> <mailto:a@b.c|mail> <https://x.io> &lt;b&gt;',
        names,
      ),
    ).toBe('@Ana @bob #inc #ops @here @channel @everyone @group Jan 1 mail https://x.io <b>');
  });
});

describe('PagerDuty incident log entries', () => {
  const parsed = parsePagerDutyLog(fixture('pagerduty-log-entries.json'));

  it('maps triggers to signals in the paging lane and responders’ actions to their own lanes', () => {
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries.map((e) => [e.speaker, e.kind])).toEqual([
      ['Paging', 'signal'],
      ['Paging', 'communication'],
      ['Paging', 'event'],
      ['Ben Okafor', 'action'],
      ['Ben Okafor', 'observation'],
      ['Ben Okafor', 'action'],
    ]);
    expect(parsed.entries[0]!.text).toBe(
      'Triggered: [#4821] CheckoutErrorRate firing — CheckoutErrorRate: 5xx above 2% for 5 minutes',
    );
    expect(parsed.entries[4]!.text).toBe(
      'Note: Rolling back release 2024.05.01-3; errors started right after it reached 100%.',
    );
    expect(parsed.entries[0]!.occurredAt).toBe(Date.parse('2024-05-01T09:58:12Z'));
    expect(parsed.entries[3]!.speakerKey).toBe('pagerduty:PB7K0QX');
  });

  it('refuses other JSON with a clear error', () => {
    expect(parsePagerDutyLog('{"incidents": []}').errors[0]!.message).toMatch(/log_entries/);
    expect(parsePagerDutyLog('{oops').errors[0]!.message).toMatch(/^not JSON/);
  });
});

describe('Alertmanager webhook payloads and Grafana state history', () => {
  it('imports each alert’s firing and resolution once, however often Alertmanager re-sent it', () => {
    const parsed = parseAlertmanager(fixture('alertmanager-webhooks.ndjson'));
    expect(parsed.entries.map((e) => e.text)).toEqual([
      'Firing: CheckoutErrorRate: 5xx above 2% for 5 minutes (instance=checkout-api, job=checkout, severity=critical)',
      'Firing: PaymentLatencyHigh: p99 latency of payment authorisations above 1.5s (instance=payments-gw, job=payments, severity=warning)',
      'Resolved: CheckoutErrorRate: 5xx above 2% for 5 minutes (instance=checkout-api, job=checkout, severity=critical)',
    ]);
    expect(parsed.entries.every((e) => e.speaker === 'Alerts & monitoring' && e.kind === 'signal')).toBe(true);
    expect(parsed.entries[0]!.occurredAt).toBe(Date.parse('2024-05-01T09:57:41.512Z'));
    expect(parsed.entries[2]!.occurredAt).toBe(Date.parse('2024-05-01T10:24:11.084Z'));
  });

  it('reads the state-history data frame and the legacy annotations', () => {
    const frame = parseGrafanaStateHistory(fixture('grafana-state-history.json'));
    expect(frame.entries.map((e) => [e.text, e.kind])).toEqual([
      ['Pending: Checkout 5xx ratio (Normal → Pending) — instance=checkout-api, job=checkout', 'event'],
      ['Firing: Checkout 5xx ratio (Pending → Alerting) — instance=checkout-api, job=checkout', 'signal'],
      ['Back to normal: Checkout 5xx ratio (Alerting → Normal) — instance=checkout-api, job=checkout', 'event'],
    ]);
    const legacy = parseGrafanaStateHistory(fixture('grafana-annotations.json'));
    expect(legacy.entries.map((e) => e.text)).toEqual([
      'Firing: Checkout 5xx ratio (pending → alerting) — B=3.1',
      'ok: Checkout 5xx ratio (alerting → ok)',
    ]);
  });
});

describe('GitHub deployments and pull requests, and git log', () => {
  it('puts deployments, their statuses and merged pull requests in the deploy pipeline lane', () => {
    const deployments = parseGitHub(fixture('github-deployments.json'));
    expect(deployments.entries.map((e) => e.text)).toEqual([
      'Deploy of v2024.05.01-3 (4f2d9c1) to production by release-bot[bot]: Release 2024.05.01-3 (all regions at once)',
      'Deploy of v2024.05.01-2 (9a8b7c6) to production by bokafor: Rollback to 2024.05.01-2',
    ]);
    expect(parseGitHub(fixture('github-deployment-statuses.json')).entries[0]!.text).toBe(
      'Deployment success in production: Deployed to 100% of hosts',
    );
    const pulls = parseGitHub(fixture('github-pulls.json'));
    expect(pulls.entries.map((e) => e.text)).toEqual([
      'Merged PR #1187: Retry payment authorisation on gateway timeouts (by cmeyer into main)',
    ]);
    expect(pulls.skipped).toEqual([{ ref: 'item 2', reason: 'pull request #1190 was closed without merging' }]);
    expect(new Set([...deployments.entries, ...pulls.entries].map((e) => e.speaker))).toEqual(
      new Set(['Deploy pipeline']),
    );
  });

  it('reads real git log output in the default and the fuller/iso forms', () => {
    const plain = parseGitLog(fixture('git-log-default.txt'));
    expect(plain.entries).toHaveLength(12);
    expect(plain.entries.at(-1)!.text).toMatch(
      /^Commit b46af7e: Make pyproject.toml the single source of truth for version \(#243\) \(Hamza Faran\)$/,
    );
    expect(plain.entries.at(-1)!.occurredAt).toBe(Date.parse('2026-05-31T20:36:28-07:00'));
    const fuller = parseGitLog(fixture('git-log-fuller-iso.txt'));
    expect(fuller.entries).toHaveLength(8);
    expect(fuller.entries.every((e) => e.occurredAt !== null)).toBe(true);
    expect(parseGitDate('Thu Apr 4 10:00:00 2024 +0200')).toBe(Date.parse('2024-04-04T08:00:00Z'));
    expect(parseGitDate('Thu, 4 Apr 2024 10:00:00 +0200')).toBe(Date.parse('2024-04-04T08:00:00Z'));
    expect(parseGitDate('2024-04-04T10:00:00+02:00')).toBe(Date.parse('2024-04-04T08:00:00Z'));
  });
});

describe('source detection', () => {
  it('recognises every fixture', () => {
    expect(detectSource(fixture('pagerduty-log-entries.json'))).toBe('pagerduty');
    expect(detectSource(fixture('alertmanager-webhooks.ndjson'))).toBe('alertmanager');
    expect(detectSource(fixture('grafana-state-history.json'))).toBe('grafana');
    expect(detectSource(fixture('grafana-annotations.json'))).toBe('grafana');
    expect(detectSource(fixture('github-deployments.json'))).toBe('github');
    expect(detectSource(fixture('github-pulls.json'))).toBe('github');
    expect(detectSource(fixture('github-deployment-statuses.json'))).toBe('github');
    expect(detectSource(fixture('git-log-default.txt'))).toBe('git');
    expect(detectSource(fixture('slack-incident-export/inc-checkout/2024-05-01.json'))).toBe('slack');
    expect(detectSource('"time","lane","text"\r\n"10:00","ops","x"')).toBe('csv');
    expect(detectSource('[10:00] ana: hi')).toBe('chat');
    expect(detectSource('[\n  {"ts": "1"}\n]')).toBe('slack');
    expect(detectSource('Text,Time\nx,14:00')).toBe('csv');
    expect(detectSource('2024-05-01T12:00:00Z ana: hi')).toBe('chat');
  });
});
