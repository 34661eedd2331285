import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCard, deleteCard, editCard, moveCard } from '../domain/cards';
import { createFactor, tagCard } from '../domain/factors';
import { createLane } from '../domain/lanes';
import { initBoard } from '../domain/meta';
import { deriveHistory, type LogEntry } from './deriveHistory';

/** Records every update of `doc` as the server would log it. */
function recorder(doc: Y.Doc) {
  const log: LogEntry[] = [];
  let actor = 'facilitator:create';
  doc.on('update', (data: Uint8Array) =>
    log.push({ seq: log.length + 1, receivedAt: 1_000 * (log.length + 1), actor, data }),
  );
  return { log, as: (who: string) => (actor = who) };
}

describe('deriveHistory', () => {
  it('says who added, moved, edited, tagged and deleted what, from the log alone', () => {
    const doc = new Y.Doc();
    const { log, as } = recorder(doc);
    initBoard(doc, { title: 'History' });
    const ops = createLane(doc, { name: 'Ops' });
    const deploy = createLane(doc, { name: 'Deploy' });
    as('editor:aaaa1111');
    const card = createCard(doc, { text: 'restarted pods', laneId: ops, occurredAt: 1 });
    moveCard(doc, { cardId: card, laneId: deploy, occurredAt: 2 });
    editCard(doc, { cardId: card, text: 'restarted the pods' });
    as('facilitator:bbbb2222');
    const factor = createFactor(doc, { name: 'No canary' });
    tagCard(doc, { cardId: card, factorId: factor });
    deleteCard(doc, { cardId: card });

    const history = deriveHistory(log);
    const lines = history.map((h) => `${h.actor}: ${h.changes.join('; ')}`);
    expect(lines).toEqual([
      'facilitator:create: changed the incident details',
      'facilitator:create: added lane “Ops”',
      'facilitator:create: added lane “Deploy”',
      'editor:aaaa1111: added card “restarted pods” to Ops',
      'editor:aaaa1111: moved card “restarted pods” to Deploy',
      'editor:aaaa1111: edited card “restarted pods” to “restarted the pods”',
      'facilitator:bbbb2222: added factor “No canary”',
      'facilitator:bbbb2222: tagged card “restarted the pods” with “No canary”',
      'facilitator:bbbb2222: deleted card “restarted the pods”',
    ]);
    expect(history[3]).toMatchObject({ seq: 4, receivedAt: 4_000 });
  });

  it('skips duplicates and survives an unreadable entry', () => {
    const doc = new Y.Doc();
    const { log } = recorder(doc);
    initBoard(doc, { title: 'x' });
    const entries = [
      ...log,
      { ...log[0]!, seq: 2 },
      { seq: 3, receivedAt: 3, actor: 'editor:x', data: new Uint8Array([9, 9, 9]) },
    ];
    const history = deriveHistory(entries);
    expect(history.map((h) => h.seq)).toEqual([1, 3]);
    expect(history[1]!.changes).toEqual(['(an update that could not be read)']);
  });
});
