import { isSafeUrl } from '../domain/validation';
import { escapeMarkdownInline, escapeMarkdownLine, markdownParagraph, markdownStrong } from './escape';
import { keyFigures, type ChangeRecord, type ReportEntry, type ReportModel } from './model';

const md = escapeMarkdownInline;
/** A paragraph of user text, or the placeholder when nothing of it is printable. */
const block = (text: string, empty: string) => markdownParagraph(text) || empty;

const strong = (text: string, fallback = '—') => markdownStrong(text, fallback);

const refs = (numbers: readonly number[]) => numbers.map((n) => `#${n}`).join(', ');
const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;
/** A sentence's end, unless the user's text already ends one. */
const stop = (text: string) => (/[.!?…]$/.test(text.trim()) ? '' : '.');

function entryLine(e: ReportEntry): string {
  const flags = [
    e.misleading ? '⚠ misleading signal' : '',
    e.factors.length ? `factors: ${e.factors.map(md).join(', ')}` : '',
    e.localTime ? `${md(e.author ?? 'author')}’s local time ${md(e.localTime)}` : '',
    e.importedFrom ? `from ${md(e.importedFrom)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const text = md(e.text).trim();
  return `${e.number}. ${strong(e.time)} · ${md(e.lane).trim() || 'lane'} · ${e.kind}: ${text || '(empty card)'}${flags ? ` — ${flags}` : ''}`;
}

function link(label: string, url: string | null): string {
  return url && isSafeUrl(url) ? `[${md(label)}](${url})` : '';
}

/** The report as Markdown; no user text can add headings, links, tables, HTML or line breaks. */
export function renderMarkdown(report: ReportModel): string {
  const out: string[] = [`# ${md(report.title).trim() || 'Untitled incident'}`, ''];
  const facts = [
    report.severity ? `**Severity:** ${report.severity}` : '',
    `**Review status:** ${report.status}${report.generated ? ` (report of ${report.generated})` : ''}`,
    link('Open the board', report.boardUrl),
  ].filter(Boolean);
  out.push(facts.join(' · '), '');
  if (report.dataNotes.length) {
    out.push('> **Note on the data:**', ...report.dataNotes.map((note) => `> - ${md(note)}`), '');
  }
  out.push('## Summary', '', block(report.summary, '_No summary yet._'), '');
  const w = report.window;
  const figures = keyFigures(report);
  if (figures.length) out.push(figures.map(({ label, value }) => `**${label}:** ${value}`).join(' · '), '');
  out.push('## Impact', '', block(report.impact, '_Not described yet._'), '');
  out.push('## Incident window', '', `Times are in ${md(report.zoneLabel)}.`, '');
  out.push(`- **Started:** ${md(w.started ?? 'unknown')}`);
  out.push(`- **Detected:** ${md(w.detected ?? 'unknown')}`);
  out.push(`- **Mitigated:** ${md(w.mitigated ?? 'unknown')}`);
  out.push(`- **Resolved:** ${md(w.resolved ?? 'unknown')}`);
  out.push('', '## Timeline', '');
  if (report.timeline.length === 0) out.push('_No events yet._');
  for (const e of report.timeline) out.push(entryLine(e));
  out.push('', '## Perspectives', '');
  if (report.perspectives.length === 0) out.push('_No perspectives yet._');
  for (const p of report.perspectives)
    out.push(
      `- ${strong(p.lane, 'lane')}${p.kind === 'person' ? '' : ' (shared)'}: ${entries(p.numbers.length)} (${refs(p.numbers)})`,
    );
  out.push('', '## Systemic factors', '');
  if (report.factors.length === 0) out.push('_None identified._');
  for (const f of report.factors) {
    const description = md(f.description).trim() ? ` — ${md(f.description).trim()}${stop(f.description)}` : '.';
    const evidence = f.evidence.length ? ` Evidence: ${refs(f.evidence)}.` : ' No evidence linked.';
    out.push(`- ${strong(f.name, 'factor')} (${md(f.category)})${description}${evidence}`);
  }
  out.push('', '## What went well', '', block(report.notes.wentWell, '_Nothing noted._'), '');
  out.push('## Where we got lucky', '', block(report.notes.gotLucky, '_Nothing noted._'), '');
  out.push('## Open questions', '', block(report.notes.openQuestions, '_None._'), '');
  out.push('## Follow-up actions', '');
  if (report.actions.length === 0) out.push('_None agreed yet._');
  for (const a of report.actions) {
    const parts = [
      md(a.owner).trim() ? `owner: ${md(a.owner).trim()}` : 'unassigned',
      a.due ? `due ${md(a.due)}` : '',
      a.status,
      a.factors.length ? `addresses: ${a.factors.map(md).join(', ')}` : 'addresses no systemic factor',
    ];
    const tracker = a.trackerUrl && isSafeUrl(a.trackerUrl) ? ` — <${a.trackerUrl}>` : '';
    out.push(`- ${strong(a.title, 'action')} — ${parts.filter(Boolean).join('; ')}${tracker}`);
  }
  out.push(
    '',
    '## Participants',
    '',
    report.participants.length
      ? report.participants
          .map((p, i) => `${(i === 0 ? escapeMarkdownLine : md)(p.name)}${p.detail ? ` (${md(p.detail)})` : ''}`)
          .join(', ')
      : '_Not recorded._',
    '',
  );
  if (report.language) {
    const rules = Object.entries(report.language.byRule).map(([rule, n]) => `${rule}: ${n}`);
    out.push(
      '## Language check',
      '',
      `${report.language.cardsWithHints} of ${report.language.cardsChecked} cards have wording hints${rules.length ? ` (${rules.join(', ')})` : ''}.`,
      '',
    );
  }
  out.push('## Appendix: record of changes', '');
  const changes = report.changes;
  out.push(
    `${changes.count === null ? 'The server’s update log' : `${changes.count} changes are in the server’s update log`}: when each change arrived and which link sent it${changes.url && isSafeUrl(changes.url) ? ` — [record of changes](${changes.url})` : ', in the board’s record of changes (changes.md)'}.`,
  );
  return out.join('\n') + '\n';
}

/** The record of changes as its own Markdown file. */
export function renderChangesMarkdown(title: string, record: readonly ChangeRecord[]): string {
  const out = [
    `# Record of changes: ${md(title).trim() || 'Untitled incident'}`,
    '',
    'From the server’s update log: when each change arrived and which link sent it.',
    '',
  ];
  if (record.length === 0) out.push('_No record available._');
  for (const r of record) out.push(`- ${md(r.at)} · ${md(r.who)} · ${r.what.map(md).join('; ')}`);
  return out.join('\n') + '\n';
}
