import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CORPUS_PARTICIPANTS,
  checkLanguage,
  clearLanguageCache,
  parseCorpus,
  scoreCorpus,
  type Scores,
} from '@retrace/shared/language';
import { REPO_ROOT } from '../helpers/serverProcess';

export interface LanguageFigures {
  readonly heldout: Omit<Scores, 'errors'>;
  readonly dev: Pick<Scores, 'sentences' | 'precision' | 'recall' | 'f1'>;
  /** Mean time to check one corpus sentence, nothing remembered (ms). */
  readonly msPerSentence: number;
  /** The same for sentences that hold a trigger word and go through the tagger (ms). */
  readonly msPerTaggedSentence: number;
  /** A 100,000-character note: first check, and again after one sentence changed (ms). */
  readonly longNoteFirstMs: number;
  readonly longNoteAfterEditMs: number;
}

export function measureLanguage(): LanguageFigures {
  const corpus = parseCorpus(readFileSync(path.join(REPO_ROOT, 'shared/src/language/corpus/sentences.tsv'), 'utf8'));
  const check = (text: string) => checkLanguage(text, { names: CORPUS_PARTICIPANTS });
  // Warm the tagger and the JIT once, then measure with nothing remembered.
  for (const s of corpus.slice(0, 100)) check(s.text);
  clearLanguageCache();
  const heldoutSentences = corpus.filter((s) => s.split === 'heldout');
  const { errors: _errors, ...heldout } = scoreCorpus(heldoutSentences, (s) => check(s.text).map((f) => f.rule));
  const dev = scoreCorpus(
    corpus.filter((s) => s.split === 'dev'),
    (s) => check(s.text).map((f) => f.rule),
  );
  clearLanguageCache();
  let started = performance.now();
  for (const s of corpus) check(s.text);
  const msPerSentence = (performance.now() - started) / corpus.length;
  clearLanguageCache();
  const tagged = corpus.filter((s) =>
    /should|forgot|ignored|careless|error|who|why|fault|obvious|careful|again/i.test(s.text),
  );
  started = performance.now();
  for (const s of tagged) check(`${s.text} `);
  const msPerTaggedSentence = (performance.now() - started) / tagged.length;

  clearLanguageCache();
  const paragraphs: string[] = [];
  for (let i = 0; paragraphs.join('\n').length < 100_000; i++)
    paragraphs.push(`${corpus[i % corpus.length]!.text} (${i})`);
  const note = paragraphs.join('\n').slice(0, 100_000);
  started = performance.now();
  check(note);
  const longNoteFirstMs = performance.now() - started;
  const edited = `${note.slice(0, 50_000)} Jonas should have known. ${note.slice(50_000)}`;
  started = performance.now();
  check(edited);
  const longNoteAfterEditMs = performance.now() - started;
  return {
    heldout,
    dev: { sentences: dev.sentences, precision: dev.precision, recall: dev.recall, f1: dev.f1 },
    msPerSentence,
    msPerTaggedSentence,
    longNoteFirstMs,
    longNoteAfterEditMs,
  };
}
