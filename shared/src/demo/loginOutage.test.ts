import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoard } from '../schema/boardDoc';
import { DEMO_TITLE, seedLoginOutage } from './loginOutage';

describe('demo board', () => {
  it('seeds a complete, valid board', () => {
    const doc = new Y.Doc();
    seedLoginOutage(doc, { now: () => 0 });
    const board = readBoard(doc);
    expect(board.meta.title).toBe(DEMO_TITLE);
    expect(board.meta.timeZone).toBe('Europe/Berlin');
    expect(board.lanes).toHaveLength(6);
    expect(board.cards.length).toBeGreaterThanOrEqual(15);
    expect(board.cards.filter((c) => c.misleading)).toHaveLength(1);
    expect(board.cards.at(-1)?.place.occurredAt).toBeNull(); // unknown time sorts last
    expect(board.factors).toHaveLength(5);
    expect(board.actions.every((a) => a.factorIds.length === 1)).toBe(true);
    expect(board.notes.wentWell).not.toBe('');
  });
});
