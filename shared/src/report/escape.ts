/** Escaping of user text for the formats Retrace writes. */

/**
 * Markdown inline text: user text cannot open emphasis, code, links, images, tables, HTML
 * or entities. Only characters that can start structure are escaped, so the raw Markdown
 * stays readable.
 */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/([\\`*_[\]<>|~])/g, '\\$1')
    .replace(/&(?=#?[0-9A-Za-z]+;)/g, '&amp;');
}

/** Like escapeMarkdownInline, for text that starts a line: no headings, quotes or lists either. */
export function escapeMarkdownLine(text: string): string {
  return escapeMarkdownInline(text)
    .replace(/^(\s*)([#>+=-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/**
 * A CSV field (RFC 4180). Fields that a spreadsheet would run as a formula (leading = + - @,
 * tab or carriage return) are prefixed with an apostrophe.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(values: readonly string[]): string {
  return values.map(csvField).join(',');
}
