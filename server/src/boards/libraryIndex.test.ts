import { createAction, createCard, createFactor, createLane, initBoard } from '@retrace/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger';
import { SqliteBoardStorage } from '../storage/SqliteBoardStorage';
import { HeavyWork } from '../workers/HeavyWork';
import { LibraryIndex, SUMMARY_REFRESH_MS, type LibraryQuery } from './libraryIndex';

const page = (query: Partial<LibraryQuery> = {}): LibraryQuery => ({
  query: '',
  status: 'all',
  sort: 'relevance',
  order: 'desc',
  offset: 0,
  limit: 50,
  ...query,
});

describe('library index', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup() {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'retrace-summaries-'));
    const heavy = new HeavyWork({ log: createLogger('silent'), inlineBelowBytes: 0 });
    cleanups.push(
      () => rmSync(dataDir, { recursive: true, force: true }),
      () => heavy.close(),
    );
    const open = () => {
      const storage = new SqliteBoardStorage({ dataDir });
      cleanups.push(() => storage.close());
      let loads = 0;
      const load = storage.loadBoard.bind(storage);
      storage.loadBoard = (id) => (loads++, load(id));
      return { storage, loads: () => loads };
    };
    const first = open();
    const docs = new Map<string, Y.Doc>();
    const add = async (id: string, title: string, factor: string, startedAt = Date.UTC(2025, 0, docs.size + 1)) => {
      const doc = new Y.Doc();
      initBoard(doc, { title, startedAt });
      createFactor(doc, { name: factor, category: 'detection' });
      docs.set(id, doc);
      await first.storage.createBoard({
        id,
        createdAt: docs.size,
        actor: 'test',
        initialUpdate: Y.encodeStateAsUpdate(doc),
        tokens: [],
      });
    };
    const change = async (id: string, edit: (doc: Y.Doc) => void) => {
      const doc = docs.get(id)!;
      const before = Y.encodeStateVector(doc);
      edit(doc);
      await first.storage.appendUpdates([
        { boardId: id, data: Y.encodeStateAsUpdate(doc, before), receivedAt: 5, actor: 'test' },
      ]);
    };
    const clock = { now: Date.UTC(2026, 0, 1) };
    const index = (storage = first.storage) => {
      const library = new LibraryIndex({ storage, heavy, now: () => clock.now });
      cleanups.push(() => library.stop());
      return library;
    };
    return { ...first, open, clock, index, add, change };
  }

  it('summarises each board once, again only when it changed, and keeps summaries across restarts', async () => {
    const { storage, loads, add, change, clock, index, open } = await setup();
    await add('b1', 'Checkout outage', 'Alert on the wrong signal');
    await add('b2', 'Login outage', 'alert on the  wrong signal');
    const library = index();

    expect((await library.current()).map((s) => s.title)).toEqual(['Login outage', 'Checkout outage']);
    // A board created meanwhile is listed as soon as the index is told.
    await add('b3', 'Search down', 'Stale runbook');
    expect(await library.current()).toHaveLength(2);
    library.boardsChanged();
    expect(await library.current()).toHaveLength(3);
    expect(loads()).toBe(3);
    await library.current();
    expect(loads()).toBe(3); // nothing changed: nothing loaded

    // The writer tells the index which boards changed; the status route that a status changed.
    await change('b1', (doc) => doc.getMap('meta').set('title', 'Checkout outage (EU)'));
    library.noteChanged('b1');
    // A board changing right now is summarised again at most every SUMMARY_REFRESH_MS.
    await library.current();
    expect(loads()).toBe(3);
    clock.now += SUMMARY_REFRESH_MS;
    await storage.setBoardStatus('b2', 'published');
    library.boardsChanged();
    const again = await library.current();
    expect(loads()).toBe(5); // b1 changed, b2's status changed
    expect(again.find((s) => s.id === 'b1')?.title).toBe('Checkout outage (EU)');
    expect(again.find((s) => s.id === 'b2')?.status).toBe('published');
    expect(again.every((s) => s.searchText === undefined)).toBe(true); // card text stays in the search index

    // After a restart the stored summaries are read, not the boards.
    const reopened = open();
    const restarted = index(reopened.storage);
    expect((await restarted.current()).map((s) => [s.title, s.status])).toEqual([
      ['Search down', 'draft'],
      ['Login outage', 'published'],
      ['Checkout outage (EU)', 'draft'],
    ]);
    expect(reopened.loads()).toBe(0);
    await change('b2', (doc) => doc.getMap('meta').set('title', 'Login outage (SSO)'));
    restarted.noteChanged('b2');
    expect((await restarted.current())[1]?.title).toBe('Login outage (SSO)');
    expect(reopened.loads()).toBe(1);
    // A board that changed while no process was looking (stored updates past its summary) is
    // summarised again when the list is first read.
    await change('b1', (doc) => doc.getMap('meta').set('title', 'Checkout outage (EU, again)'));
    const third = index(open().storage);
    expect((await third.current())[2]?.title).toBe('Checkout outage (EU, again)');
    expect(reopened.loads()).toBe(1);

    const { insights } = await third.scopedInsights();
    expect(insights.boards).toBe(3);
    expect(insights.factors[0]).toMatchObject({ incidentCount: 2 }); // spelling differences do not split a factor
  });

  it('summarises every board of a database that has none stored yet (the migration backfill)', async () => {
    const { storage, add, index } = await setup();
    for (let i = 0; i < 12; i++) await add(`m${i}`, `Incident ${i}`, `Factor ${i % 3}`);
    expect(await storage.listSummaries({ limit: 100 })).toEqual([]);
    await index().current();
    const stored = await storage.listSummaries({ limit: 100 });
    expect(stored).toHaveLength(12);
    expect(JSON.parse(stored[0]!.body)).toMatchObject({ id: 'm0', title: 'Incident 0' });
  });

  it('searches card text, actions and owners through the stored index; pages and sorts', async () => {
    const { add, change, index } = await setup();
    await add('a', 'Checkout latency', 'Cache stampede', Date.UTC(2025, 2, 1));
    await add('b', 'Login outage', 'Manual migration step', Date.UTC(2025, 0, 1));
    await add('c', 'Search down', 'Müller’s runbook was stale', Date.UTC(2025, 1, 1));
    await change('a', (doc) => {
      const lane = createLane(doc, { name: 'Ana', kind: 'person' });
      createCard(doc, { text: 'Redis evicted the session keys', laneId: lane, occurredAt: 0 });
      createAction(doc, { title: 'Add jitter to cache expiry', owner: 'Platform team', factorIds: [] });
    });
    const library = index();
    const ids = async (query: Partial<LibraryQuery>) => (await library.library(page(query))).boards.map((b) => b.id);

    expect(await ids({ query: 'evicted' })).toEqual(['a']); // card text
    expect(await ids({ query: 'jitter platf' })).toEqual(['a']); // action title and owner, by prefix
    expect(await ids({ query: 'ana redis' })).toEqual(['a']);
    expect(await ids({ query: 'MULLER' })).toEqual(['c']); // case and accents do not matter
    expect(await ids({ query: 'migration login' })).toEqual(['b']);
    expect(await ids({ query: 'login evicted' })).toEqual([]);
    expect(await ids({ query: '"*' })).toEqual(['a', 'c', 'b']); // no words: everything

    // Without a search: incident start, newest first; other sorts either way; pages.
    expect(await ids({})).toEqual(['a', 'c', 'b']);
    expect(await ids({ order: 'asc' })).toEqual(['b', 'c', 'a']);
    expect(await ids({ sort: 'title', order: 'asc' })).toEqual(['a', 'b', 'c']);
    expect(await ids({ sort: 'cards' })).toEqual(['a', 'c', 'b']);
    const second = await library.library(page({ offset: 1, limit: 1 }));
    expect(second).toMatchObject({ total: 3, matched: 3, offset: 1, limit: 1 });
    expect(second.boards.map((b) => b.id)).toEqual(['c']);
    expect(await library.library(page({ status: 'published' }))).toMatchObject({ boards: [], matched: 0, total: 3 });
  });

  it('keeps serving when one board cannot be summarised', async () => {
    const { storage, add, index } = await setup();
    await add('good', 'Fine board', 'A factor');
    await add('bad', 'Broken board', 'A factor');
    const load = storage.loadBoard.bind(storage);
    storage.loadBoard = (id) => (id === 'bad' ? Promise.reject(new Error('disk I/O error')) : load(id));
    expect((await index().current()).map((s) => s.id)).toEqual(['good']);
  });

  it('reads everything back from storage when the summary thread dies', async () => {
    const { add, index } = await setup();
    await add('a', 'Checkout latency', 'Cache stampede');
    await add('b', 'Login outage', 'Cache stampede');
    const library = index();
    expect((await library.scopedInsights()).insights.factors[0]).toMatchObject({ incidentCount: 2 });
    await library['thread']!.close(true); // as if it crashed
    expect((await library.scopedInsights()).insights.factors[0]).toMatchObject({ incidentCount: 2 });
    expect((await library.library(page())).total).toBe(2);
  });

  it('on storage shared with other processes, reads the board list again to see their changes', async () => {
    const { storage, add, change, clock, index } = await setup();
    await add('a', 'Checkout latency', 'Cache stampede');
    // The same database as seen by one of several processes (PostgreSQL's case).
    const shared: SqliteBoardStorage = Object.assign(Object.create(Object.getPrototypeOf(storage)), storage, {
      shared: true,
    });
    const library = index(shared);
    expect(await library.current()).toHaveLength(1);
    await add('b', 'Login outage', 'Manual step'); // another process's board and edit
    await change('a', (doc) => doc.getMap('meta').set('title', 'Checkout latency (EU)'));
    expect(await library.current()).toHaveLength(1);
    clock.now += SUMMARY_REFRESH_MS;
    expect((await library.current()).map((s) => s.title)).toEqual(['Login outage', 'Checkout latency (EU)']);
  });
});
