import type { LanguageRule } from '../checkLanguage';

/**
 * The labelled corpus (sentences.tsv): 1,161 sentences of incident writing in six styles
 * (chat, timeline entries, post-mortem prose, action items, log lines, quoted tool output),
 * each with its kind and whether it should get a hint. `split` was assigned once, by a hash
 * of the sentence, before any rule was written against it: rules are tuned on `dev` only,
 * and `heldout` gives the figures that count.
 */

export type CorpusLabel = 'blame' | 'action' | 'ok';
export type CorpusSplit = 'dev' | 'heldout';

export interface CorpusSentence {
  readonly split: CorpusSplit;
  /** hindsight, didnt, judgement, human-error, who-why, passive-aggressive, fault, obvious, try-harder, or a near-miss kind. */
  readonly kind: string;
  readonly label: CorpusLabel;
  readonly style: string;
  readonly text: string;
}

/** The participants whose names appear in the corpus (Will and Mark are also ordinary words). */
export const CORPUS_PARTICIPANTS = [
  'Jonas',
  'Priya',
  'Sam',
  'Mark',
  'Will',
  'Ana',
  'José',
  'Zoë',
  'Björn',
  'Chloé',
  'Grace',
  'Mei',
];

export function parseCorpus(tsv: string): CorpusSentence[] {
  return tsv
    .split('\n')
    .slice(1)
    .filter((line) => line.trim())
    .map((line) => {
      const [split, kind, label, style, ...text] = line.split('\t');
      return {
        split: split as CorpusSplit,
        kind: kind!,
        label: label as CorpusLabel,
        style: style!,
        text: text.join('\t'),
      };
    });
}

export interface Scores {
  readonly sentences: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly falseHints: number;
  readonly missed: number;
  readonly byKind: ReadonlyArray<{ kind: string; label: CorpusLabel; total: number; hinted: number }>;
  readonly errors: ReadonlyArray<{ sentence: CorpusSentence; rules: readonly LanguageRule[] }>;
}

/** Precision and recall of "this sentence gets a hint" against the labels. */
export function scoreCorpus(
  sentences: readonly CorpusSentence[],
  check: (sentence: CorpusSentence) => readonly LanguageRule[],
): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const kinds = new Map<string, { kind: string; label: CorpusLabel; total: number; hinted: number }>();
  const errors: Array<{ sentence: CorpusSentence; rules: readonly LanguageRule[] }> = [];
  for (const sentence of sentences) {
    const rules = check(sentence);
    const hinted = rules.length > 0;
    const expected = sentence.label !== 'ok';
    if (hinted && expected) tp++;
    else if (hinted) fp++;
    else if (expected) fn++;
    if (hinted !== expected) errors.push({ sentence, rules });
    const key = `${sentence.kind}|${sentence.label}`;
    const row = kinds.get(key) ?? { kind: sentence.kind, label: sentence.label, total: 0, hinted: 0 };
    row.total++;
    if (hinted) row.hinted++;
    kinds.set(key, row);
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return {
    sentences: sentences.length,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    falseHints: fp,
    missed: fn,
    byKind: [...kinds.values()].sort((a, b) => a.label.localeCompare(b.label) || a.kind.localeCompare(b.kind)),
    errors,
  };
}
