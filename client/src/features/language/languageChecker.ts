import type { LanguageFinding, LanguageOptions } from '@retrace/shared';
import type * as LanguageModule from '@retrace/shared/language';

/**
 * The language checker, loaded on first use as its own chunk (it carries a part-of-speech
 * tagger of ~350 KB that opening a board does not wait for). Short texts are checked at
 * once; long ones (a 100,000-character note) sentence by sentence in slices of a few
 * milliseconds between frames, so typing never waits; sentences already checked are
 * remembered by the checker, so after the first pass an edit re-checks one sentence.
 */

type Checker = typeof LanguageModule;

let checker: Checker | null = null;
let loading: Promise<Checker> | null = null;
let version = 0;
const listeners = new Set<() => void>();

export function loadChecker(): Promise<Checker> {
  loading ??= import('@retrace/shared/language').then((module) => {
    checker = module;
    version++;
    for (const listener of listeners) listener();
    return module;
  });
  return loading;
}

export function loadedChecker(): Checker | null {
  return checker;
}

export function subscribeChecker(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function checkerVersion(): number {
  return version;
}

/** Texts up to this length are checked in one go. */
export const SHORT_TEXT = 2_000;
/** Longest slice of checking work between two frames (ms). */
const SLICE_MS = 6;

/**
 * Checks a long text in slices; `onDone` gets the findings unless `cancelled()` says the
 * text changed meanwhile. Returns a function that cancels it.
 */
export function checkInSlices(
  module: Checker,
  text: string,
  options: LanguageOptions,
  onDone: (findings: LanguageFinding[]) => void,
): () => void {
  let cancelled = false;
  const sentences = module.splitSentences(text);
  const findings: LanguageFinding[] = [];
  let next = 0;
  const step = () => {
    if (cancelled) return;
    const started = performance.now();
    while (next < sentences.length && performance.now() - started < SLICE_MS) {
      const sentence = sentences[next++]!;
      for (const found of module.checkLanguage(sentence.text, options))
        findings.push({
          ...found,
          start: found.start + sentence.start,
          end: found.end + sentence.start,
          sentenceStart: sentence.start,
          sentenceEnd: sentence.end,
          rewording: found.rewording,
        });
    }
    if (next < sentences.length) setTimeout(step, 0);
    else onDone(findings);
  };
  setTimeout(step, 0);
  return () => {
    cancelled = true;
  };
}
