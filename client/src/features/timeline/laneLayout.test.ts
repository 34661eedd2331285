import type { Card } from '@retrace/shared';
import { describe, expect, it } from 'vitest';
import { layoutLane } from './laneLayout';

const card = (id: string, occurredAt: number | null): Card => ({
  id,
  text: id,
  kind: 'event',
  place: { laneId: 'l', orderKey: 'a0', occurredAt, precision: 'minute' },
  author: null,
  createdAt: 0,
  source: 'typed',
  misleading: false,
  factorIds: [],
  deletedAt: null,
  hintsDismissed: false,
  importedFrom: null,
});

describe('lane layout', () => {
  it('stacks overlapping cards into rows and reuses free rows', () => {
    const { placed, rows } = layoutLane(
      [card('a', 0), card('b', 50), card('c', 100), card('d', 300), card('u', null)],
      (t) => t,
      120,
    );
    expect(placed.map((p) => [p.card.id, p.row])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 0],
    ]);
    expect(rows).toBe(3);
  });

  it('has one row when empty', () => {
    expect(layoutLane([], (t) => t, 100)).toEqual({ placed: [], rows: 1 });
  });
});
