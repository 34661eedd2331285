import { escapeMarkdownInline, escapeMarkdownLine } from './escape';
import type { ReportEntry, ReportModel } from './model';

const md = escapeMarkdownInline;

/** Multi-line user text as a Markdown paragraph block: escaped, line breaks kept. */
function paragraph(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => escapeMarkdownLine(line))
    .join('  \n');
}

function entryLine(e: ReportEntry, withLane: boolean): string {
  const flags = [
    e.misleading ? '⚠ misleading signal' : '',
    e.factors.length ? `factors: ${e.factors.map(md).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return `- **${md(e.time)}**${withLane ? ` · ${md(e.lane)}` : ''} · ${e.kind}: ${md(e.text)}${flags ? ` _(${flags})_` : ''}`;
}

/** The report as Markdown; no user text can add headings, links, tables or HTML. */
export function renderMarkdown(report: ReportModel): string {
  const out: string[] = [`# ${md(report.title)}`, ''];
  if (report.severity) out.push(`**Severity:** ${report.severity}`, '');
  out.push('## Summary', '', report.summary ? paragraph(report.summary) : '_No summary yet._', '');
  out.push('## Impact', '', report.impact ? paragraph(report.impact) : '_Not described yet._', '');
  out.push('## Incident window', '', `Times are in ${md(report.zoneLabel)}.`, '');
  out.push(`- **Started:** ${report.window.started ?? 'unknown'}`);
  out.push(`- **Detected:** ${report.window.detected ?? 'unknown'}`);
  out.push(`- **Resolved:** ${report.window.resolved ?? 'unknown'}`);
  if (report.window.duration) out.push(`- **Duration:** ${report.window.duration}`);
  out.push('', '## Timeline', '');
  if (report.timeline.length === 0) out.push('_No events yet._');
  for (const e of report.timeline) out.push(entryLine(e, true));
  out.push('', '## Perspectives', '');
  for (const p of report.perspectives) {
    out.push(`### ${md(p.lane)}${p.kind === 'person' ? '' : ' (shared)'}`, '');
    for (const e of p.entries) out.push(entryLine(e, false));
    out.push('');
  }
  out.push('## Systemic factors', '');
  if (report.factors.length === 0) out.push('_None identified._', '');
  for (const f of report.factors) {
    out.push(`### ${md(f.name)}`, '', `_${md(f.category)}_${f.description ? ` — ${md(f.description)}` : ''}`, '');
    if (f.evidence.length === 0) out.push('_No evidence linked._');
    for (const e of f.evidence) out.push(entryLine(e, true));
    out.push('');
  }
  out.push('## What went well', '', report.notes.wentWell ? paragraph(report.notes.wentWell) : '_Nothing noted._', '');
  out.push(
    '## Where we got lucky',
    '',
    report.notes.gotLucky ? paragraph(report.notes.gotLucky) : '_Nothing noted._',
    '',
  );
  out.push('## Open questions', '', report.notes.openQuestions ? paragraph(report.notes.openQuestions) : '_None._', '');
  out.push('## Follow-up actions', '');
  if (report.actions.length === 0) out.push('_None agreed yet._');
  for (const a of report.actions) {
    const parts = [
      a.owner ? `owner: ${md(a.owner)}` : 'unassigned',
      a.due ? `due ${a.due}` : '',
      a.status,
      a.factors.length ? `addresses: ${a.factors.map(md).join(', ')}` : 'addresses no systemic factor',
    ];
    out.push(
      `- **${md(a.title)}** — ${parts.filter(Boolean).join('; ')}${a.trackerUrl ? ` — <${encodeURI(a.trackerUrl)}>` : ''}`,
    );
  }
  out.push(
    '',
    '## Participants',
    '',
    report.participants.length ? report.participants.map(md).join(', ') : '_Not recorded._',
    '',
  );
  const rules = Object.entries(report.language.byRule).map(([rule, n]) => `${rule}: ${n}`);
  out.push(
    '## Language check',
    '',
    `${report.language.cardsWithHints} of ${report.language.cardsChecked} cards have wording hints${rules.length ? ` (${rules.join(', ')})` : ''}.`,
    '',
  );
  out.push(
    '## Appendix: record of changes',
    '',
    'From the server’s update log: when each change arrived and which link sent it.',
    '',
  );
  if (report.record.length === 0) out.push('_No record available._');
  for (const r of report.record) out.push(`- ${r.at} · ${md(r.who)} · ${r.what.map(md).join('; ')}`);
  return out.join('\n') + '\n';
}
