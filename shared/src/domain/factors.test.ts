import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createReplica, forkReplica, syncAll, type Replica } from '../testing/replicas';
import { readBoard } from '../schema/boardDoc';
import { createAction } from './actions';
import { createCard } from './cards';
import { createFactor, deleteFactor, mergeFactors, restoreFactor, tagCard, untagCard } from './factors';
import { createLane } from './lanes';
import { initBoard } from './meta';

function board() {
  const origin = createReplica(1);
  initBoard(origin.doc, { title: 'Factors' });
  const lane = createLane(origin.doc, { name: 'Ops' });
  const cards = [0, 1, 2].map((i) => createCard(origin.doc, { text: `c${i}`, laneId: lane, occurredAt: i }));
  const alerting = createFactor(origin.doc, { name: 'Alert on wrong signal', category: 'signals' });
  const monitoring = createFactor(origin.doc, { name: 'Monitoring gap', category: 'signals' });
  return { origin, cards, alerting, monitoring };
}

describe('factor operations', () => {
  it('merges factors that tag the same cards and actions, in one undoable step', () => {
    const { origin, cards, alerting, monitoring } = board();
    const doc = origin.doc;
    tagCard(doc, { cardId: cards[0]!, factorId: alerting });
    tagCard(doc, { cardId: cards[0]!, factorId: monitoring }); // tagged with both
    tagCard(doc, { cardId: cards[1]!, factorId: monitoring });
    const action = createAction(doc, { title: 'Alert on user-visible errors', factorIds: [monitoring] });
    const undo = new Y.UndoManager([doc.getMap('cards'), doc.getMap('factors'), doc.getMap('actions')], {
      trackedOrigins: new Set(['me']),
    });
    mergeFactors(doc, { sourceId: monitoring, targetId: alerting }, { origin: 'me' });
    let snapshot = readBoard(doc);
    expect(snapshot.cards.map((c) => c.factorIds)).toEqual([[alerting], [alerting], []]);
    expect(snapshot.actions.find((a) => a.id === action)?.factorIds).toEqual([alerting]);
    expect(snapshot.factors.find((f) => f.id === monitoring)?.deletedAt).not.toBeNull();
    undo.undo();
    snapshot = readBoard(doc);
    expect(snapshot.cards[1]?.factorIds).toEqual([monitoring]);
    expect(snapshot.factors.find((f) => f.id === monitoring)?.deletedAt).toBeNull();
  });

  it('refuses to merge a factor into itself or into a missing one', () => {
    const { origin, alerting } = board();
    expect(() => mergeFactors(origin.doc, { sourceId: alerting, targetId: alerting })).toThrow(/into itself/);
    expect(() => mergeFactors(origin.doc, { sourceId: alerting, targetId: 'nope' })).toThrow(/does not exist/);
  });

  it('soft-deletes and restores a factor, keeping its tags', () => {
    const { origin, cards, alerting } = board();
    tagCard(origin.doc, { cardId: cards[2]!, factorId: alerting });
    deleteFactor(origin.doc, { factorId: alerting });
    expect(readBoard(origin.doc).cards[2]?.factorIds).toEqual([alerting]);
    restoreFactor(origin.doc, { factorId: alerting });
    expect(readBoard(origin.doc).factors.find((f) => f.id === alerting)?.deletedAt).toBeNull();
  });

  it('concurrent tag and untag by two people merge predictably', () => {
    const { origin, cards, alerting, monitoring } = board();
    const replicas = [forkReplica(origin.doc, 10), forkReplica(origin.doc, 11)] as [Replica, Replica];
    tagCard(replicas[0].doc, { cardId: cards[0]!, factorId: alerting });
    tagCard(replicas[1].doc, { cardId: cards[0]!, factorId: monitoring });
    syncAll(replicas);
    expect([...readBoard(replicas[1].doc).cards[0]!.factorIds].sort()).toEqual([alerting, monitoring].sort());
    // One removes a tag while the other adds it again: the add and the remove of the same
    // key are concurrent map writes; Yjs keeps one, the same on every replica.
    untagCard(replicas[0].doc, { cardId: cards[0]!, factorId: alerting });
    tagCard(replicas[1].doc, { cardId: cards[0]!, factorId: alerting });
    syncAll(replicas, 'reverse');
    expect(readBoard(replicas[0].doc)).toEqual(readBoard(replicas[1].doc));
  });

  it('concurrent merges of factors that tag the same card converge', () => {
    const { origin, cards, alerting, monitoring } = board();
    tagCard(origin.doc, { cardId: cards[0]!, factorId: alerting });
    tagCard(origin.doc, { cardId: cards[0]!, factorId: monitoring });
    const replicas = [forkReplica(origin.doc, 20), forkReplica(origin.doc, 21)] as [Replica, Replica];
    mergeFactors(replicas[0].doc, { sourceId: monitoring, targetId: alerting });
    mergeFactors(replicas[1].doc, { sourceId: alerting, targetId: monitoring });
    syncAll(replicas);
    const a = readBoard(replicas[0].doc);
    expect(a).toEqual(readBoard(replicas[1].doc));
    expect(a.cards[0]!.factorIds.length).toBeGreaterThanOrEqual(1); // the card keeps evidence
  });
});
