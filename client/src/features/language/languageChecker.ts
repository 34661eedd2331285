import type { LanguageFinding, LanguageOptions } from '@retrace/shared';
import type { CheckRequest, CheckResponse } from './language.worker';

/**
 * The language checker runs in a Web Worker (language.worker.ts): its part-of-speech tagger
 * (~350 KB) loads and runs off the main thread, so opening a board of a thousand cards, or
 * typing in a 100,000-character note, never waits for it. Results are kept by text, so a
 * card or a field asks once; the worker remembers sentences, so an edit to a long note
 * re-checks one sentence.
 */

let worker: Worker | null = null;
let nextId = 1;
const results = new Map<string, readonly LanguageFinding[]>();
const pending = new Map<number, { key: string; listeners: Set<() => void> }>();
const pendingByKey = new Map<string, number>();

const keyOf = (text: string, options: LanguageOptions) => `${(options.names ?? []).join('\u0001')}\u0000${text}`;

function workerOf(): Worker | null {
  if (worker) return worker;
  if (typeof Worker === 'undefined') return null;
  worker = new Worker(new URL('./language.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<CheckResponse>) => {
    const job = pending.get(event.data.id);
    if (!job) return;
    pending.delete(event.data.id);
    pendingByKey.delete(job.key);
    if (results.size >= 10_000) results.clear();
    results.set(job.key, event.data.findings);
    for (const notify of job.listeners) notify();
  };
  return worker;
}

/** The findings for `text` if they are known, else undefined (ask with requestFindings). */
export function findingsNow(text: string, options: LanguageOptions): readonly LanguageFinding[] | undefined {
  return results.get(keyOf(text, options));
}

/** Asks for `text` to be checked; `notify` runs once its findings are known. Returns a cancel. */
export function requestFindings(text: string, options: LanguageOptions, notify: () => void): () => void {
  const key = keyOf(text, options);
  let id = pendingByKey.get(key);
  if (id === undefined) {
    const target = workerOf();
    if (!target) return () => undefined;
    id = nextId++;
    pending.set(id, { key, listeners: new Set() });
    pendingByKey.set(key, id);
    target.postMessage({ id, text, names: [...(options.names ?? [])] } satisfies CheckRequest);
  }
  const listeners = pending.get(id)!.listeners;
  listeners.add(notify);
  return () => listeners.delete(notify);
}
