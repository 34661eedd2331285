/**
 * The parts of a text the language assistant looks at: sentences with their offsets, quoted
 * speech and tool output masked (what a tool printed is not the writer's wording), and
 * log lines recognised so they are never hinted at.
 */

export interface Sentence {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Sentences (and lines: a chat paste has one message per line), with their offsets. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const pattern = /[^\n\r\u2028\u2029]+/g;
  for (let line = pattern.exec(text); line; line = pattern.exec(text)) {
    const lineText = line[0];
    // A sentence ends at . ! ? followed by a space and something that starts a sentence.
    const boundary = /[.!?]+["”’)]*\s+(?=["“‘(]?[\p{Lu}\p{N}])/gu;
    let from = 0;
    for (let end = boundary.exec(lineText); end; end = boundary.exec(lineText)) {
      const cut = end.index + end[0].trimEnd().length;
      push(out, lineText.slice(from, cut), line.index + from);
      from = end.index + end[0].length;
    }
    push(out, lineText.slice(from), line.index + from);
  }
  return out;
}

function push(out: Sentence[], raw: string, at: number): void {
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (text) out.push({ start: at + lead, end: at + lead + text.length, text });
}

/** Quoted speech and `code` replaced by spaces (offsets unchanged). */
export function maskQuotes(text: string): string {
  return text.replace(/`[^`]*`|"[^"\n]{1,200}"|“[^”\n]{1,200}”/g, (quoted) => ' '.repeat(quoted.length));
}

const LEVEL = /\b(?:ERROR|ERR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL|CRITICAL|CRIT|NOTICE|PANIC)\b/;

/**
 * A line a machine wrote: a log line, a stack trace, a shell or SQL prompt, structured
 * output. People paste these as evidence; their wording is nobody's.
 */
export function isMachineLine(line: string): boolean {
  const text = line.trim();
  if (/^[{[]\s*"/.test(text)) return true; // JSON
  if (/^(?:\$|>|#)\s+\S/.test(text)) return true; // shell or SQL prompt
  if (/^(?:Traceback|panic:|Exception|Caused by:|\s*at [\w.$]+\(|[\w.]+(?:Error|Exception):)/.test(text)) return true;
  if (/^[EWIF]\d{4} \d{2}:\d{2}/.test(text)) return true; // klog
  if (/^Step \d+\/\d+ :/.test(text)) return true; // docker build
  if (/^(?:Error|FATAL|ERROR|WARN|WARNING):\s/.test(text)) return true;
  if ((text.match(/\b[a-z_]+=("[^"]*"|\S+)/g) ?? []).length >= 2) return true; // key=value logs
  // A timestamp with seconds, or a syslog date, then a level, a [logger] or a logger: name.
  const stamp =
    /^\[?(?:\d{4}[-/]\d{2}[-/]\d{2}[T ])?\d{2}:\d{2}:\d{2}(?:[.,]\d+)?Z?(?:[+-]\d{2}:?\d{2})?\]?\s+/.exec(text) ??
    /^\[?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?Z?\]?\s+/.exec(text) ??
    /^[A-Z][a-z]{2} \d{1,2} \d{2}:\d{2}:\d{2}\s+/.exec(text);
  if (stamp) {
    const rest = text.slice(stamp[0].length);
    if (LEVEL.test(rest.slice(0, 40))) return true;
    if (/^(?:-\s*)?\[[\w .:-]+\]/.test(rest)) return true;
    if (/^[a-z][\w.-]*(?:\[\d+\])?:/.test(rest)) return true;
    if (/^[\w.-]+ [\w.-]+(?:\[\d+\])?:/.test(rest)) return true; // syslog host program[pid]:
  }
  if (/^\[(?:ERROR|WARN|WARNING|INFO|DEBUG|CRIT|FATAL)\]/.test(text)) return true;
  if (/^(?:audit|kernel|nginx|sshd|CRON|cron|kubelet)(?:\[\d+\])?:/.test(text)) return true;
  if (/^\[?\d{2}:\d{2}(?::\d{2})?\]?\s+[a-z][\w-]*:/.test(text)) return true; // "[11:10:06] deploy-bot: …"
  return false;
}
