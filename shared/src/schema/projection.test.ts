import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCard, editCard, moveCard } from '../domain/cards';
import { createLane, renameLane } from '../domain/lanes';
import { initBoard } from '../domain/meta';
import { boardRoots, readBoard } from './boardDoc';
import { BoardProjection } from './projection';

describe('BoardProjection', () => {
  it('matches a full read after every change and keeps unchanged cards identical', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Projection' });
    const lane = createLane(doc, { name: 'Ops' });
    const a = createCard(doc, { text: 'a', laneId: lane, occurredAt: 1_000 });
    const b = createCard(doc, { text: 'b', laneId: lane, occurredAt: 2_000 });
    const projection = new BoardProjection(doc);
    const seen: number[] = [];
    projection.subscribe((snapshot) => seen.push(snapshot.cards.length));

    const before = projection.snapshot;
    editCard(doc, { cardId: a, text: 'a edited' });
    const after = projection.snapshot;
    expect(after).toEqual(readBoard(doc));
    expect(after.cards.find((c) => c.id === b)).toBe(before.cards.find((c) => c.id === b));
    expect(after.cards.find((c) => c.id === a)).not.toBe(before.cards.find((c) => c.id === a));

    moveCard(doc, { cardId: b, laneId: lane, occurredAt: 500 });
    expect(projection.snapshot.cards.map((c) => c.id)).toEqual([b, a]);
    renameLane(doc, { laneId: lane, name: 'Operations' });
    boardRoots(doc).note('wentWell').insert(0, 'rollback was quick');
    createCard(doc, { text: 'c', laneId: lane, occurredAt: null });
    expect(projection.snapshot).toEqual(readBoard(doc));
    expect(seen).toEqual([2, 2, 2, 2, 3]);
  });

  it('follows remote updates', () => {
    const source = new Y.Doc();
    initBoard(source, { title: 'Remote' });
    const lane = createLane(source, { name: 'Ops' });
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(source));
    const projection = new BoardProjection(replica);
    source.on('update', (update: Uint8Array) => Y.applyUpdate(replica, update));
    createCard(source, { text: 'from afar', laneId: lane, occurredAt: null });
    expect(projection.snapshot.cards.map((c) => c.text)).toEqual(['from afar']);
    projection.destroy();
    createCard(source, { text: 'after destroy', laneId: lane, occurredAt: null });
    expect(projection.snapshot.cards).toHaveLength(1);
  });
});
