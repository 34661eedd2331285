import { createFactor, initBoard } from '@retrace/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger';
import { SqliteBoardStorage } from '../storage/SqliteBoardStorage';
import { HeavyWork } from '../workers/HeavyWork';
import { SUMMARY_REFRESH_MS, insightsOf, libraryOf, summarizeAllBoards } from './librarySummaries';

describe('library summaries', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup() {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'retrace-summaries-'));
    const storage = new SqliteBoardStorage({ dataDir });
    const heavy = new HeavyWork({ log: createLogger('silent'), inlineBelowBytes: 0 });
    cleanups.push(
      () => rmSync(dataDir, { recursive: true, force: true }),
      () => storage.close(),
      () => heavy.close(),
    );
    const docs = new Map<string, Y.Doc>();
    const add = async (id: string, title: string, factor: string) => {
      const doc = new Y.Doc();
      initBoard(doc, { title });
      createFactor(doc, { name: factor, category: 'detection' });
      docs.set(id, doc);
      await storage.createBoard({
        id,
        createdAt: docs.size,
        actor: 'test',
        initialUpdate: Y.encodeStateAsUpdate(doc),
        tokens: [],
      });
    };
    const clock = { now: Date.UTC(2026, 0, 1) };
    return { storage, heavy, clock, deps: { storage, heavy, now: () => clock.now }, docs, add };
  }

  it('summarises each board in the worker once, and again only when it changed', async () => {
    const { deps, storage, docs, add, clock } = await setup();
    await add('b1', 'Checkout outage', 'Alert on the wrong signal');
    await add('b2', 'Login outage', 'alert on the  wrong signal');
    let loads = 0;
    const load = storage.loadBoard.bind(storage);
    storage.loadBoard = (id) => (loads++, load(id));

    expect((await summarizeAllBoards(deps)).map((s) => s.title).sort()).toEqual(['Checkout outage', 'Login outage']);
    expect(loads).toBe(2);
    await summarizeAllBoards(deps);
    expect(loads).toBe(2); // nothing changed: nothing loaded

    const doc = docs.get('b1')!;
    const before = Y.encodeStateVector(doc);
    doc.getMap('meta').set('title', 'Checkout outage (EU)');
    await storage.appendUpdates([
      { boardId: 'b1', data: Y.encodeStateAsUpdate(doc, before), receivedAt: 5, actor: 'test' },
    ]);
    // A board changing right now is summarised again at most every SUMMARY_REFRESH_MS.
    await summarizeAllBoards(deps);
    expect(loads).toBe(2);
    clock.now += SUMMARY_REFRESH_MS;
    await storage.setBoardStatus('b2', 'published');
    const again = await summarizeAllBoards(deps);
    expect(loads).toBe(4); // b1 changed, b2's status changed
    expect(again.find((s) => s.id === 'b1')?.title).toBe('Checkout outage (EU)');
    expect(again.find((s) => s.id === 'b2')?.status).toBe('published');

    expect((await libraryOf(deps, 'login', 'all')).boards.map((b) => b.id)).toEqual(['b2']);
    const insights = await insightsOf(deps);
    expect(insights.boards).toBe(2);
    expect(insights.factors[0]?.incidents).toHaveLength(2); // spelling differences do not split a factor
  });
});
