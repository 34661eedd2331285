import { buildReport, renderHtml } from '@retrace/shared';
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzBoard } from '../../shared/src/report/reportFuzz';
import { launchChromium } from '../helpers/browser';

/**
 * The HTML report's half of the escaping property (the Markdown, issue text and CSV halves
 * run in shared/src/report/escaping.property.test.ts): random Unicode, control characters,
 * every line break and markup in every field, parsed by Chromium's own HTML parser, gives
 * the element structure of the same board written with plain words, and no script, event
 * handler or link other than http, https, mailto and the report's own anchors.
 */

const SAMPLES = Number(process.env['FUZZ_RUNS'] ?? 300);

/** Runs in the page: each document's elements, with the attributes that matter, in order. */
function shapes(documents: readonly string[]): Array<{ shape: string[]; unsafe: string[] }> {
  return documents.map((html) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const shape: string[] = [];
    const unsafe: string[] = [];
    for (const element of Array.from(doc.querySelectorAll('*'))) {
      const tag = element.tagName.toLowerCase();
      if (tag === 'br') continue; // multi-line fields keep their line breaks
      const attributes = Array.from(element.attributes)
        .map((a) => `${a.name}=${a.name === 'href' || a.name === 'class' || a.name === 'id' ? a.value : '…'}`)
        .sort();
      shape.push(`${tag}[${attributes.join(' ')}]`);
      if (tag === 'script' || tag === 'iframe' || tag === 'img' || tag === 'object') unsafe.push(tag);
      for (const a of Array.from(element.attributes)) {
        if (a.name.startsWith('on')) unsafe.push(`${tag} ${a.name}`);
        if (a.name === 'href' && !/^(https?:|mailto:|#card-\d+$)/i.test(a.value)) unsafe.push(`href ${a.value}`);
      }
    }
    return { shape, unsafe };
  });
}

describe('the HTML report keeps its structure in the browser whatever users type', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it(`holds for ${SAMPLES} random boards`, async () => {
    const samples = fc.sample(fuzzBoard, { numRuns: SAMPLES, seed: Number(process.env['FUZZ_SEED'] ?? 20261128) });
    const context = { now: 0, boardUrl: 'https://retrace.example/b/abc', changesUrl: 'https://retrace.example/c' };
    const documents = samples.flatMap(({ board, twin }) => [
      renderHtml(buildReport(board, context)),
      renderHtml(buildReport(twin, context)),
    ]);
    const parsed = await page.evaluate(shapes, documents);
    for (let i = 0; i < samples.length; i++) {
      const [hostile, plain] = [parsed[2 * i]!, parsed[2 * i + 1]!];
      expect(hostile.unsafe, `sample ${i}`).toEqual([]);
      expect(hostile.shape, `sample ${i}: ${JSON.stringify(samples[i]!.board).slice(0, 2000)}`).toEqual(plain.shape);
    }
  });
});
