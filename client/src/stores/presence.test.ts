import { describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createPeersStore, holderOf, presenceOf } from './presence';

const participant = (name: string) => ({ id: name, name, team: '', timeZone: 'UTC', color: '#1f5fbf' });

describe('presence', () => {
  it('lists other people from awareness and who holds a card', () => {
    const mine = new Awareness(new Y.Doc());
    const theirs = new Awareness(new Y.Doc());
    mine.setLocalState(presenceOf(participant('Me')));
    theirs.setLocalState({ ...presenceOf(participant('Ana')), editing: 'card-1' });
    const peers = createPeersStore(mine);
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'remote');
    expect(peers.getState().map((p) => p.user.name)).toEqual(['Ana']);
    expect(holderOf(peers.getState(), 'card-1')?.user.name).toBe('Ana');
    expect(holderOf(peers.getState(), 'card-2')).toBeUndefined();
    theirs.setLocalStateField('editing', null);
    theirs.setLocalStateField('dragging', { cardId: 'card-2', laneId: 'l', occurredAt: null });
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'remote');
    expect(holderOf(peers.getState(), 'card-2')?.user.name).toBe('Ana');
    peers.destroy();
    mine.destroy();
    theirs.destroy();
  });

  it('keeps the same list while only my own state changes (a drag publishes it every 60 ms)', () => {
    const mine = new Awareness(new Y.Doc());
    const theirs = new Awareness(new Y.Doc());
    mine.setLocalState(presenceOf(participant('Me')));
    theirs.setLocalState(presenceOf(participant('Ana')));
    const peers = createPeersStore(mine);
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'remote');
    const before = peers.getState();
    mine.setLocalStateField('dragging', { cardId: 'card-1', laneId: 'l', occurredAt: 0 });
    expect(peers.getState()).toBe(before);
    theirs.setLocalStateField('editing', 'card-2');
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'remote');
    expect(peers.getState()).not.toBe(before);
    expect(peers.getState()[0]?.editing).toBe('card-2');
    peers.destroy();
    mine.destroy();
    theirs.destroy();
  });

  it('ignores awareness states that are not presence', () => {
    const mine = new Awareness(new Y.Doc());
    const other = new Awareness(new Y.Doc());
    other.setLocalState({ cursor: 1 });
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(other, [other.clientID]), 'remote');
    expect(createPeersStore(mine).getState()).toEqual([]);
  });
});
