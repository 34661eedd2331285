/** Escaping of user text for the formats Retrace writes (Markdown, HTML, CSV, issue text). */

/** Every line break a reader or parser may honour: CR LF, CR, LF, VT, FF, NEL, LS, PS. */
export const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
/** Control characters that are not line breaks (C0 but tab, DEL, C1 but NEL): never meaningful in a report. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const CONTROL = /[\0-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f]/g;

/** Text without control characters (line breaks and tabs stay). */
export function withoutControls(text: string): string {
  return text.replace(CONTROL, '');
}

/** User text as one line: line breaks and tabs become spaces, control characters go. */
export function oneLine(text: string): string {
  return text.replace(LINE_BREAK, ' ').replace(/\t/g, ' ').replace(CONTROL, '');
}

/** User text split into its lines (any kind of break), control characters removed. */
export function linesOf(text: string): string[] {
  return text.replace(CONTROL, '').replace(/\t/g, ' ').split(LINE_BREAK);
}

/**
 * Markdown inline text: user text cannot open emphasis, code, links, images, autolinks,
 * tables, strikethrough, HTML or entities, nor end a line. Only characters that can start
 * structure are escaped, so the raw Markdown stays readable.
 */
export function escapeMarkdownInline(text: string): string {
  return oneLine(text)
    .replace(/([\\`*[\]<>|~!])/g, '\\$1')
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
    .replace(/&(?=#?[0-9A-Za-z]+;)/g, '&amp;')
    .replace(/ +$/, '');
}

/** Bold text that stays bold whatever it holds (and never an empty "****", which is a thematic break). */
export function markdownStrong(text: string, fallback: string): string {
  return `**${escapeMarkdownInline(text).trim() || fallback}**`;
}

/** Like escapeMarkdownInline, for text that starts a line: no headings, quotes, lists or code blocks either. */
export function escapeMarkdownLine(text: string): string {
  return escapeMarkdownInline(text)
    .replace(/^[\s\u00a0]+/, '')
    .replace(/^([#>+=:-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Multi-line user text as one Markdown paragraph: every line escaped, breaks kept as hard breaks. */
export function markdownParagraph(text: string): string {
  return linesOf(text)
    .map((line) => escapeMarkdownLine(line))
    .filter((line) => line !== '')
    .join('\\\n');
}

/**
 * A CSV field (RFC 4180). Fields that a spreadsheet would run as a formula (leading = + - @,
 * tab or carriage return, also after spaces) are prefixed with an apostrophe.
 */
export function csvField(value: string): string {
  const clean = value.replace(CONTROL, '');
  const safe = /^[\s]*[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(values: readonly string[]): string {
  return values.map(csvField).join(',');
}

/** HTML text (and attribute values): every character that could open markup is an entity. */
export function escapeHtml(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Multi-line user text as HTML: escaped, every kind of line break a <br>. */
export function htmlLines(text: string): string {
  return linesOf(text).map(escapeHtml).join('<br>');
}
