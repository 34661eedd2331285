/** Escaping of user text for the formats Retrace writes. */

/** Markdown inline text: no headings, links, emphasis, tables, HTML or code from user text. */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/([\\`*_{}[\]()<>#+\-.!|~])/g, '\\$1')
    .replace(/&/g, '&amp;');
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
