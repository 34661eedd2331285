/// <reference lib="webworker" />
import { checkLanguage, type LanguageFinding } from '@retrace/shared/language';

/**
 * The language checker's own thread: the tagger (compromise) is loaded, initialised and run
 * here, so neither loading it nor checking a thousand cards or a long note ever holds up
 * the page. Findings go back as plain data, each with its rewording.
 */

export interface CheckRequest {
  readonly id: number;
  readonly text: string;
  readonly names: readonly string[];
}

export interface CheckResponse {
  readonly id: number;
  readonly findings: readonly LanguageFinding[];
}

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (event: MessageEvent<CheckRequest>) => {
  const { id, text, names } = event.data;
  const findings = checkLanguage(text, { names }).map((finding) => ({
    start: finding.start,
    end: finding.end,
    rule: finding.rule,
    message: finding.message,
    suggestion: finding.suggestion,
    sentenceStart: finding.sentenceStart,
    sentenceEnd: finding.sentenceEnd,
    rewording: finding.rewording,
  }));
  self.postMessage({ id, findings } satisfies CheckResponse);
};
