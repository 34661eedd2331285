import type { BoardSummary } from '@retrace/shared';
import { describe, expect, it } from 'vitest';
import { SummaryStore, type ListRequest } from './summaryStore';

const summary = (id: string, title: string, extra: Partial<BoardSummary> = {}): BoardSummary => ({
  id,
  title,
  status: 'draft',
  createdAt: 0,
  startedAt: null,
  resolvedAt: null,
  participants: [],
  cards: 0,
  factors: [],
  actions: [],
  ...extra,
});
const all: ListRequest = {
  found: null,
  key: '',
  status: 'all',
  sort: 'relevance',
  order: 'desc',
  offset: 0,
  limit: 10,
};
const ids = (answer: { boards: BoardSummary[] }) => answer.boards.map((b) => b.id);

describe('summary store', () => {
  it('lists in board order or by any column, either way, a page at a time', () => {
    const store = new SummaryStore();
    store.put([
      summary('a', 'Zebra', { startedAt: 3, cards: 5, severity: 'SEV3' }),
      JSON.stringify(summary('b', 'Ärger', { startedAt: 1, cards: 9, status: 'published', severity: 'SEV1' })),
      summary('c', 'apple', { startedAt: 2, cards: 5 }),
    ]);
    store.setOrder(['c', 'b', 'a']);
    expect(store.boards().map((b) => b.id)).toEqual(['c', 'b', 'a']); // as given
    expect(ids(store.list(all))).toEqual(['a', 'c', 'b']); // without a search: newest incident first
    expect(ids(store.list({ ...all, sort: 'title', order: 'asc' }))).toEqual(['c', 'b', 'a']); // accents aside
    expect(ids(store.list({ ...all, sort: 'severity', order: 'asc' }))).toEqual(['b', 'a', 'c']); // unset last
    expect(ids(store.list({ ...all, sort: 'cards', order: 'desc' }))).toEqual(['b', 'c', 'a']); // ties in board order
    expect(ids(store.list({ ...all, status: 'published' }))).toEqual(['b']);
    expect(store.list({ ...all, offset: 1, limit: 1 })).toMatchObject({ total: 3, matched: 3, boards: [{ id: 'c' }] });
    // A search's ranking is kept; boards it names that no longer exist are left out.
    expect(ids(store.list({ ...all, found: ['b', 'gone', 'a'], key: 'x' }))).toEqual(['b', 'a']);
    expect(ids(store.list({ ...all, found: ['b', 'gone', 'a'], key: 'x', order: 'asc' }))).toEqual(['a', 'b']);
  });

  it('answers again from what changed: a new summary, a board gone', () => {
    const store = new SummaryStore();
    const factor = { name: 'No canary', category: 'change', evidence: 1 };
    store.put([summary('a', 'A', { factors: [factor] }), summary('b', 'B', { factors: [factor] })]);
    store.setOrder(['a', 'b']);
    expect(store.insights(0).factors[0]).toMatchObject({ incidentCount: 2 });
    expect(store.list({ ...all, sort: 'title', order: 'asc' }).matched).toBe(2);
    store.put([summary('b', 'B', { factors: [] })]);
    expect(store.insights(0).factors).toEqual([]);
    store.setOrder(['a']);
    expect(store.size).toBe(1);
    expect(store.list({ ...all, sort: 'title', order: 'asc' }).matched).toBe(1);
    expect(store.actionExists('a', 'nope')).toBe(false);
  });
});
