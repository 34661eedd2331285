/**
 * Checks JSON text from a client before anything parses or re-serialises it.
 *
 * `JSON.stringify` (and Yjs's encoders that call it) recurse once per nesting level, so a
 * value nested a few thousand levels deep overflows the stack where it is written, not
 * where it is read. The nesting is therefore measured first, by one iterative pass over
 * the text that counts brackets outside string literals, and only shallow text is parsed.
 */

export type JsonTextCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest bracket nesting of JSON text (strings skipped); stops counting past `limit`. */
export function jsonNestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return deepest;
}

/**
 * Valid JSON nested at most `maxDepth` levels (a top-level object counts as one).
 * `allowUndefined` accepts the literal `undefined`, which Yjs writes for JSON content.
 */
export function checkJsonText(text: string, maxDepth: number, allowUndefined = false): JsonTextCheck {
  if (allowUndefined && text === 'undefined') return { ok: true };
  if (jsonNestingDepth(text, maxDepth) > maxDepth) return { ok: false, reason: 'JSON nested too deeply' };
  try {
    JSON.parse(text);
  } catch {
    return { ok: false, reason: 'invalid JSON' };
  }
  return { ok: true };
}
