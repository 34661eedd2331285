import {
  parseChatLog,
  parseCsvTimeline,
  parseSlackExport,
  type ImportSource,
  type ParsedImport,
} from '@retrace/shared';

/** Which parser a pasted or uploaded text most likely needs. */
export function detectSource(text: string): ImportSource {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[{') || trimmed.startsWith('[\n') || /^\[\s*\{/.test(trimmed)) return 'slack';
  const firstLine = trimmed.split(/\r?\n/, 1)[0]?.toLowerCase() ?? '';
  if (/(^|,)\s*time\s*(,|$)/.test(firstLine) && /(^|,)\s*text\s*(,|$)/.test(firstLine)) return 'csv';
  return 'chat';
}

export function parseInput(
  text: string,
  source: ImportSource,
  options: { timeZone: string; date: string },
): ParsedImport {
  switch (source) {
    case 'slack':
      return parseSlackExport(text);
    case 'csv':
      return parseCsvTimeline(text, options);
    case 'chat':
      return parseChatLog(text, options);
  }
}
