import { isSafeUrl } from '../domain/validation';
import { escapeHtml, htmlLines } from './escape';
import { keyFigures, type ReportChart, type ReportEntry, type ReportModel } from './model';

const h = escapeHtml;
const para = (text: string, empty: string) =>
  text.trim() ? `<p>${htmlLines(text)}</p>` : `<p class="empty">${empty}</p>`;
const cardRefs = (numbers: readonly number[]) => numbers.map((n) => `<a href="#card-${n}">#${n}</a>`).join(', ');

/** The report's only stylesheet (servers may allow exactly this text by its hash). */
export const REPORT_STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c2330;max-width:900px;margin:32px auto;padding:0 20px}
h1{font-size:28px;margin:0 0 4px}h2{font-size:20px;margin:28px 0 8px;border-bottom:1px solid #d8dde5;padding-bottom:4px}
h3{font-size:16px;margin:18px 0 4px}.meta,.empty,.muted{color:#5b6474}.empty{font-style:italic}
table{border-collapse:collapse;width:100%;font-size:14px;table-layout:fixed}th,td{border-bottom:1px solid #e3e6ec;padding:5px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f0f2f6}td.time{font-variant-numeric:tabular-nums}col.n{width:3em}col.t{width:10.5em}col.l{width:9em}col.k{width:7.5em}
.local,.from{display:block;color:#5b6474;font-size:12px}
.flag{color:#8a4b08;font-weight:600}.factor{background:#f1ebfa;color:#4b2a78;border-radius:4px;padding:0 4px;margin-right:4px}
dl.window{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dt{font-weight:600}dd{margin:0}
.figures{display:flex;flex-wrap:wrap;gap:8px 20px;padding:0;list-style:none}.figures b{display:block;font-size:18px}
.note{border-left:4px solid #d08a2a;background:#fff7ea;padding:6px 10px}
svg.chart{width:100%;height:auto;font:11px system-ui,sans-serif}svg.chart .lane{fill:#1c2330}svg.chart .grid{stroke:#e3e6ec}
svg.chart .mark{stroke:#b4232a;stroke-dasharray:3 3}svg.chart .marklabel{fill:#b4232a}
svg.chart circle{fill:#3366cc;stroke:#fff}svg.chart circle.signal{fill:#d08a2a}svg.chart circle.action{fill:#2a8a4a}svg.chart circle.misleading{fill:#b4232a}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}tr,li,svg{break-inside:avoid}a{color:inherit;text-decoration:none}.noprint{display:none}}
`;

const KIND_CLASS: Record<string, string> = { signal: 'signal', action: 'action' };

/** One row per lane, a dot per card at its time, dashed lines for the key moments. */
export function renderChartSvg(chart: ReportChart): string {
  const label = 150;
  const width = 860;
  const row = 22;
  const top = 24;
  const plot = width - label - 16;
  const height = top + chart.lanes.length * row + 24;
  const x = (p: number) => (label + p * plot).toFixed(1);
  const parts: string[] = [];
  chart.lanes.forEach((lane, index) => {
    const y = top + index * row + row / 2;
    const name = lane.name.length > 24 ? `${lane.name.slice(0, 23)}…` : lane.name;
    parts.push(`<text class="lane" x="4" y="${y + 4}">${h(name)}</text>`);
    parts.push(`<line class="grid" x1="${label}" x2="${width - 16}" y1="${y}" y2="${y}"/>`);
    for (const point of lane.points) {
      const cls = point.misleading ? 'misleading' : (KIND_CLASS[point.kind] ?? 'event');
      parts.push(
        `<circle class="${cls}" cx="${x(point.x)}" cy="${y}" r="4.5"><title>#${point.number}</title></circle>`,
      );
    }
  });
  for (const tick of chart.ticks)
    parts.push(
      `<text x="${x(tick.x)}" y="${height - 6}" text-anchor="${tick.x > 0.97 ? 'end' : 'middle'}">${h(tick.label)}</text>`,
    );
  chart.marks.forEach((mark, index) => {
    parts.push(`<line class="mark" x1="${x(mark.x)}" x2="${x(mark.x)}" y1="${top - 6}" y2="${height - 20}"/>`);
    const anchor = mark.x > 0.92 ? 'end' : mark.x < 0.08 ? 'start' : 'middle';
    parts.push(
      `<text class="marklabel" x="${x(mark.x)}" y="${10 + (index % 2) * 10}" text-anchor="${anchor}">${h(mark.label)}</text>`,
    );
  });
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="Timeline: one row per perspective, one dot per card">${parts.join('')}</svg>`;
}

function timelineTable(entries: readonly ReportEntry[]): string {
  if (entries.length === 0) return '<p class="empty">No events yet.</p>';
  const rows = entries.map(
    (e) =>
      `<tr id="card-${e.number}"><td>${e.number}</td><td class="time">${h(e.time)}${e.localTime ? `<span class="local">${h(e.localTime)}</span>` : ''}</td>` +
      `<td>${h(e.lane)}</td><td>${h(e.kind)}</td><td>${h(e.text)}` +
      `${e.misleading ? ' <span class="flag">⚠ misleading signal</span>' : ''}` +
      `${e.factors.map((f) => ` <span class="factor">${h(f)}</span>`).join('')}` +
      `${e.importedFrom ? `<span class="from">from ${h(e.importedFrom)}</span>` : ''}</td></tr>`,
  );
  return (
    '<table><colgroup><col class="n"><col class="t"><col class="l"><col class="k"><col></colgroup>' +
    '<thead><tr><th>#</th><th>Time</th><th>Perspective</th><th>Kind</th><th>What happened</th></tr></thead><tbody>\n' +
    rows.join('\n') +
    '\n</tbody></table>'
  );
}

/** A self-contained, printable HTML page: inline styles, no scripts, no external resources. */
export function renderHtml(report: ReportModel): string {
  const w = report.window;
  const rules = Object.entries(report.language?.byRule ?? {}).map(([rule, n]) => `${h(rule)}: ${n}`);
  const figures = keyFigures(report);
  const boardLink =
    report.boardUrl && isSafeUrl(report.boardUrl) ? ` · <a href="${h(report.boardUrl)}">Open the board</a>` : '';
  const changesLink =
    report.changes.url && isSafeUrl(report.changes.url)
      ? ` <a href="${h(report.changes.url)}">Record of changes</a>.`
      : '';
  const body = [
    `<h1>${h(report.title)}</h1>`,
    `<p class="meta">Post-incident review${report.severity ? ` · ${h(report.severity)}` : ''} · ${h(report.status)}${report.generated ? ` · report of ${h(report.generated)}` : ''} · times in ${h(report.zoneLabel)}${boardLink}</p>`,
    report.dataNotes.length
      ? `<div class="note"><strong>Note on the data:</strong><ul>${report.dataNotes.map((n) => `<li>${h(n)}</li>`).join('')}</ul></div>`
      : '',
    '<h2>Summary</h2>',
    para(report.summary, 'No summary yet.'),
    figures.length
      ? `<ul class="figures">${figures.map(({ label, value }) => `<li>${label}<b>${h(value)}</b></li>`).join('')}</ul>`
      : '',
    '<h2>Impact</h2>',
    para(report.impact, 'Not described yet.'),
    '<h2>Incident window</h2>',
    `<dl class="window"><dt>Started</dt><dd>${h(w.started ?? 'unknown')}</dd><dt>Detected</dt><dd>${h(w.detected ?? 'unknown')}</dd>` +
      `<dt>Mitigated</dt><dd>${h(w.mitigated ?? 'unknown')}</dd><dt>Resolved</dt><dd>${h(w.resolved ?? 'unknown')}</dd></dl>`,
    '<h2>Timeline</h2>',
    report.chart ? renderChartSvg(report.chart) : '',
    timelineTable(report.timeline),
    '<h2>Perspectives</h2>',
    report.perspectives.length === 0
      ? '<p class="empty">No perspectives yet.</p>'
      : `<ul>${report.perspectives
          .map(
            (p) =>
              `<li><strong>${h(p.lane)}</strong>${p.kind === 'person' ? '' : ' <span class="muted">(shared)</span>'}: ${p.numbers.length} ${p.numbers.length === 1 ? 'entry' : 'entries'} (${cardRefs(p.numbers)})</li>`,
          )
          .join('')}</ul>`,
    '<h2>Systemic factors</h2>',
    report.factors.length === 0
      ? '<p class="empty">None identified.</p>'
      : `<ul>${report.factors
          .map(
            (f) =>
              `<li><strong>${h(f.name)}</strong> <span class="muted">(${h(f.category)})</span>${f.description.trim() ? ` — ${h(f.description)}${/[.!?…]$/.test(f.description.trim()) ? '' : '.'}` : '.'} ` +
              `${f.evidence.length ? `Evidence: ${cardRefs(f.evidence)}.` : '<span class="empty">No evidence linked.</span>'}</li>`,
          )
          .join('')}</ul>`,
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
              `<tr><td>${a.trackerUrl && isSafeUrl(a.trackerUrl) ? `<a href="${h(a.trackerUrl)}">${h(a.title)}</a>` : h(a.title)}</td>` +
              `<td>${h(a.owner || 'unassigned')}</td><td class="time">${h(a.due ?? '')}</td><td>${h(a.status)}</td>` +
              `<td>${a.factors.length ? a.factors.map(h).join(', ') : '<span class="flag">no systemic factor</span>'}</td></tr>`,
          )
          .join('')}</tbody></table>`,
    '<h2>Participants</h2>',
    report.participants.length
      ? `<p>${report.participants.map((p) => `${h(p.name)}${p.detail ? ` (${h(p.detail)})` : ''}`).join(', ')}</p>`
      : '<p class="empty">Not recorded.</p>',
    report.language ? '<h2>Language check</h2>' : '',
    report.language
      ? `<p>${report.language.cardsWithHints} of ${report.language.cardsChecked} cards have wording hints${rules.length ? ` (${rules.join(', ')})` : ''}.</p>`
      : '',
    '<h2>Appendix: record of changes</h2>',
    `<p class="muted">${report.changes.count === null ? 'The server’s update log' : `${report.changes.count} changes are in the server’s update log`}: when each change arrived and which link sent it.${changesLink || ' See the board’s record of changes (changes.md).'}</p>`,
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
