import type { ReportEntry, ReportModel } from './model';

/** HTML text: every character that could open markup is an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const h = escapeHtml;
const para = (text: string, empty: string) =>
  text ? `<p>${h(text).replace(/\r?\n/g, '<br>')}</p>` : `<p class="empty">${empty}</p>`;

/** The report's only stylesheet (servers may allow exactly this text by its hash). */
export const REPORT_STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2330;max-width:860px;margin:32px auto;padding:0 20px}
h1{font-size:28px;margin:0 0 4px}h2{font-size:20px;margin:28px 0 8px;border-bottom:1px solid #d8dde5;padding-bottom:4px}
h3{font-size:16px;margin:18px 0 4px}.meta,.empty,.muted{color:#5b6474}.empty{font-style:italic}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{border-bottom:1px solid #e3e6ec;padding:5px 6px;text-align:left;vertical-align:top}
th{background:#f0f2f6}td.time{white-space:nowrap;font-variant-numeric:tabular-nums}
.flag{color:#8a4b08;font-weight:600}.factor{background:#f1ebfa;color:#4b2a78;border-radius:4px;padding:0 4px;margin-right:4px;white-space:nowrap}
dl.window{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dt{font-weight:600}dd{margin:0}
ul.record{font-size:13px;color:#3a4352}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}tr,li{break-inside:avoid}a{color:inherit}.noprint{display:none}}
`;

function entryRows(entries: readonly ReportEntry[], withLane: boolean): string {
  if (entries.length === 0) return '<p class="empty">No events.</p>';
  const rows = entries
    .map(
      (e) =>
        `<tr><td class="time">${h(e.time)}</td>${withLane ? `<td>${h(e.lane)}</td>` : ''}<td>${h(e.kind)}</td><td>${h(e.text)}` +
        `${e.misleading ? ' <span class="flag">⚠ misleading signal</span>' : ''}` +
        `${e.factors.map((f) => ` <span class="factor">${h(f)}</span>`).join('')}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>Time</th>${withLane ? '<th>Perspective</th>' : ''}<th>Kind</th><th>What happened</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** A self-contained, printable HTML page: inline styles, no scripts, no external resources. */
export function renderHtml(report: ReportModel): string {
  const w = report.window;
  const rules = Object.entries(report.language.byRule).map(([rule, n]) => `${h(rule)}: ${n}`);
  const body = [
    `<h1>${h(report.title)}</h1>`,
    `<p class="meta">Post-incident review${report.severity ? ` · ${h(report.severity)}` : ''} · times in ${h(report.zoneLabel)}</p>`,
    '<h2>Summary</h2>',
    para(report.summary, 'No summary yet.'),
    '<h2>Impact</h2>',
    para(report.impact, 'Not described yet.'),
    '<h2>Incident window</h2>',
    `<dl class="window"><dt>Started</dt><dd>${h(w.started ?? 'unknown')}</dd><dt>Detected</dt><dd>${h(w.detected ?? 'unknown')}</dd>` +
      `<dt>Resolved</dt><dd>${h(w.resolved ?? 'unknown')}</dd>${w.duration ? `<dt>Duration</dt><dd>${h(w.duration)}</dd>` : ''}</dl>`,
    '<h2>Timeline</h2>',
    entryRows(report.timeline, true),
    '<h2>Perspectives</h2>',
    ...report.perspectives.map(
      (p) =>
        `<h3>${h(p.lane)}${p.kind === 'person' ? '' : ' <span class="muted">(shared)</span>'}</h3>${entryRows(p.entries, false)}`,
    ),
    '<h2>Systemic factors</h2>',
    report.factors.length === 0 ? '<p class="empty">None identified.</p>' : '',
    ...report.factors.map(
      (f) =>
        `<h3>${h(f.name)}</h3><p class="muted">${h(f.category)}${f.description ? ` — ${h(f.description)}` : ''}</p>` +
        (f.evidence.length ? entryRows(f.evidence, true) : '<p class="empty">No evidence linked.</p>'),
    ),
    '<h2>What went well</h2>',
    para(report.notes.wentWell, 'Nothing noted.'),
    '<h2>Where we got lucky</h2>',
    para(report.notes.gotLucky, 'Nothing noted.'),
    '<h2>Open questions</h2>',
    para(report.notes.openQuestions, 'None.'),
    '<h2>Follow-up actions</h2>',
    report.actions.length === 0
      ? '<p class="empty">None agreed yet.</p>'
      : `<table><thead><tr><th>Action</th><th>Owner</th><th>Due</th><th>Status</th><th>Addresses</th></tr></thead><tbody>${report.actions
          .map(
            (a) =>
              `<tr><td>${a.trackerUrl && /^https?:\/\//i.test(a.trackerUrl) ? `<a href="${h(a.trackerUrl)}">${h(a.title)}</a>` : h(a.title)}</td>` +
              `<td>${h(a.owner || 'unassigned')}</td><td class="time">${h(a.due ?? '')}</td><td>${h(a.status)}</td>` +
              `<td>${a.factors.length ? a.factors.map(h).join(', ') : '<span class="flag">no systemic factor</span>'}</td></tr>`,
          )
          .join('')}</tbody></table>`,
    '<h2>Participants</h2>',
    `<p>${report.participants.map(h).join(', ') || '<span class="empty">Not recorded.</span>'}</p>`,
    '<h2>Language check</h2>',
    `<p>${report.language.cardsWithHints} of ${report.language.cardsChecked} cards have wording hints${rules.length ? ` (${rules.join(', ')})` : ''}.</p>`,
    '<h2>Appendix: record of changes</h2>',
    '<p class="muted">From the server’s update log: when each change arrived and which link sent it.</p>',
    report.record.length
      ? `<ul class="record">${report.record.map((r) => `<li>${h(r.at)} · ${h(r.who)} · ${r.what.map(h).join('; ')}</li>`).join('')}</ul>`
      : '<p class="empty">No record available.</p>',
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${h(report.title)} — post-incident review</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
${body.filter(Boolean).join('\n')}
</body>
</html>
`;
}
