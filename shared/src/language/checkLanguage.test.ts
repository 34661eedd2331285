import { describe, expect, it } from 'vitest';
import { checkLanguage } from './checkLanguage';
import { CORPUS_NAMES, LANGUAGE_CORPUS } from './corpus';

// shared has no Node or DOM types; the test runner provides console.
declare const console: { log(message: string): void };

describe('checkLanguage', () => {
  it('returns positions, rule, message and a reframing suggestion', () => {
    const text = 'Honestly, Jonas should have checked the logs.';
    const [finding] = checkLanguage(text, { names: ['Jonas'] });
    expect(finding).toMatchObject({ rule: 'person-negative' });
    expect(text.slice(finding!.start, finding!.end)).toBe('Jonas should have');
    expect(finding!.suggestion).toMatch(/what made the other path look right/);
    const [hindsight] = checkLanguage('We should have rolled back.');
    expect(hindsight).toMatchObject({ rule: 'hindsight', start: 3, end: 14 });
    expect(hindsight!.suggestion).toMatch(/make sense/);
  });

  it('covers each rule family', () => {
    const rules = (text: string) => checkLanguage(text, { names: ['Priya'] }).map((f) => f.rule);
    expect(rules('If only we had waited.')).toEqual(['hindsight']);
    expect(rules('A careless change.')).toEqual(['blame-word']);
    expect(rules('It was human error.')).toEqual(['blame-word']);
    expect(rules('The root cause was the index.')).toEqual(['root-cause']);
    expect(rules('Why didn’t Priya escalate?')).toEqual(['why-didnt']);
    expect(rules('Priya ignored the alert.')).toEqual(['person-negative']);
    expect(rules('The alert should have fired per its config.')).toEqual([]);
    expect(rules('Why didn’t the alert fire?')).toEqual([]);
    expect(rules('There was no single root cause.')).toEqual([]);
    expect(rules('')).toEqual([]);
  });

  it('meets precision and recall of at least 0.9 on the labelled corpus', () => {
    expect(LANGUAGE_CORPUS.length).toBeGreaterThanOrEqual(150);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const misses: string[] = [];
    for (const [sentence, blameful] of LANGUAGE_CORPUS) {
      const flagged = checkLanguage(sentence, { names: CORPUS_NAMES }).length > 0;
      if (flagged && blameful) tp++;
      else if (flagged && !blameful) {
        fp++;
        misses.push(`false positive: ${sentence}`);
      } else if (!flagged && blameful) {
        fn++;
        misses.push(`missed: ${sentence}`);
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      `language checker on ${LANGUAGE_CORPUS.length} sentences: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}` +
        (misses.length ? `\n  ${misses.join('\n  ')}` : ''),
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
