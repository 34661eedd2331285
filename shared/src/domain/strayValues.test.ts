import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardOperationError } from '../errors';
import { boardRoots, readBoard } from '../schema/boardDoc';
import { createCard, editCard, moveCard } from './cards';
import { createFactor, mergeFactors, tagCard } from './factors';
import { createLane, moveLane } from './lanes';
import { createAction } from './actions';
import { initBoard } from './meta';

/**
 * An editor link can write anything into the board document (found by the fuzzer: a number
 * under `cards` made every participant's next "add card" throw). Operations and readers
 * skip what is not an entity instead of failing.
 */
describe('stray values in the board maps', () => {
  it('do not break reading, adding, moving, tagging or merging', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Hostile', timeZone: 'UTC' });
    const roots = boardRoots(doc);
    for (const map of [roots.lanes, roots.cards, roots.factors, roots.actions] as Array<Y.Map<unknown>>) {
      map.set('stray-number', 1);
      map.set('stray-text', new Y.Text('x'));
      map.set('stray-null', null);
    }
    const lane = createLane(doc, { name: 'Ops' });
    const other = createLane(doc, { name: 'Support' });
    moveLane(doc, { laneId: lane, afterLaneId: other });
    const card = createCard(doc, { text: 'still works', laneId: lane, occurredAt: 60_000 });
    createCard(doc, { text: 'same minute', laneId: lane, occurredAt: 60_000 });
    moveCard(doc, { cardId: card, laneId: lane, occurredAt: 60_000 });
    const a = createFactor(doc, { name: 'Alert late' });
    const b = createFactor(doc, { name: 'Late alert' });
    tagCard(doc, { cardId: card, factorId: a });
    createAction(doc, { title: 'Page earlier', factorIds: [a] });
    mergeFactors(doc, { sourceId: a, targetId: b });
    const board = readBoard(doc);
    expect(board.cards.map((c) => c.text).sort()).toEqual(['same minute', 'still works']);
    expect(board.cards.find((c) => c.id === card)?.factorIds).toEqual([b]);
    // A stray entry is "not found", never a TypeError.
    expect(() => editCard(doc, { cardId: 'stray-number', text: 'x' })).toThrow(BoardOperationError);
  });
});
