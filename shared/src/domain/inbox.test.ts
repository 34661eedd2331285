import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parsePagerDutyLog } from '../import/pagerDuty';
import { planImport } from '../import/planImport';
import { readBoard, readInbox } from '../schema/boardDoc';
import { createReplica, forkReplica, syncAll } from '../testing/replicas';
import { INBOX_LIMIT, addToInbox, clearHandledInbox, placeInboxItem, setInboxItemDismissed } from './inbox';
import { deleteCard } from './cards';
import { createLane } from './lanes';
import { initBoard } from './meta';

const pagerDuty = parsePagerDutyLog(
  readFileSync(path.join(import.meta.dirname, '../import/__fixtures__/pagerduty-log-entries.json'), 'utf8'),
);

function boardWithInbox() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Checkout', timeZone: 'Europe/Berlin' });
  const result = addToInbox(doc, planImport(readBoard(doc), pagerDuty.entries, 'pagerduty'), 'pagerduty', {
    now: () => 1,
  });
  return { doc, result };
}

describe('evidence inbox', () => {
  it('holds imported events without putting any on the timeline', () => {
    const { doc, result } = boardWithInbox();
    expect(result).toEqual({ added: 6, skipped: 0 });
    expect(readBoard(doc).cards).toEqual([]);
    expect(readBoard(doc).lanes).toEqual([]);
    const inbox = readInbox(doc);
    expect(inbox.map((item) => item.speaker)).toEqual([
      'Paging',
      'Paging',
      'Paging',
      'Ben Okafor',
      'Ben Okafor',
      'Ben Okafor',
    ]);
    expect(inbox[0]).toMatchObject({
      source: 'pagerduty',
      ref: 'log entry 1',
      kind: 'signal',
      laneKind: 'system',
      dismissed: false,
    });
    // Importing the same log again adds nothing.
    expect(addToInbox(doc, planImport(readBoard(doc), pagerDuty.entries, 'pagerduty'), 'pagerduty')).toEqual({
      added: 0,
      skipped: 6,
    });
  });

  it('places an item as a card in its speaker’s lane (created with the source identity), or in a chosen lane', () => {
    const { doc } = boardWithInbox();
    const [trigger, , , ack] = readInbox(doc);
    const cardId = placeInboxItem(doc, { itemId: ack!.id });
    const board = readBoard(doc);
    const lane = board.lanes.find((l) => l.name === 'Ben Okafor')!;
    expect(lane).toMatchObject({ kind: 'person', importKeys: ['pagerduty:PB7K0QX'] });
    expect(board.cards[0]!.importedFrom).toBe('PagerDuty · Checkout API · log entry 4');
    expect(board.cards).toMatchObject([
      {
        id: cardId,
        text: ack!.text,
        kind: 'action',
        source: 'imported',
        place: { laneId: lane.id, occurredAt: ack!.occurredAt },
      },
    ]);
    const ops = createLane(doc, { name: 'Ops' });
    placeInboxItem(doc, { itemId: trigger!.id, laneId: ops, occurredAt: Date.UTC(2024, 4, 1, 9, 59) });
    expect(readBoard(doc).cards.find((c) => c.id === trigger!.id)!.place).toMatchObject({
      laneId: ops,
      occurredAt: Date.UTC(2024, 4, 1, 9, 59),
    });
    // Placing again changes nothing; after the card was deleted, placing again brings it back.
    placeInboxItem(doc, { itemId: trigger!.id });
    expect(readBoard(doc).cards).toHaveLength(2);
    deleteCard(doc, { cardId: trigger!.id });
    placeInboxItem(doc, { itemId: trigger!.id });
    expect(readBoard(doc).cards.find((c) => c.id === trigger!.id)!.deletedAt).toBeNull();
  });

  it('two people placing the same item at once make one card and one lane', () => {
    const { doc } = boardWithInbox();
    const a = forkReplica(doc, 11);
    const b = forkReplica(doc, 12);
    const item = readInbox(a.doc)[4]!;
    placeInboxItem(a.doc, { itemId: item.id });
    placeInboxItem(b.doc, { itemId: item.id });
    syncAll([a, b]);
    for (const replica of [a, b]) {
      const board = readBoard(replica.doc);
      expect(board.cards).toHaveLength(1);
      expect(board.lanes.filter((l) => l.name === 'Ben Okafor')).toHaveLength(1);
    }
    expect(readBoard(a.doc)).toEqual(readBoard(b.doc));
  });

  it('sets items aside and clears what was handled', () => {
    const { doc } = boardWithInbox();
    const items = readInbox(doc);
    setInboxItemDismissed(doc, items[1]!.id, true);
    placeInboxItem(doc, { itemId: items[2]!.id });
    expect(readInbox(doc)[1]!.dismissed).toBe(true);
    expect(clearHandledInbox(doc)).toBe(2);
    expect(readInbox(doc)).toHaveLength(4);
  });

  it('stops at the limit and writes a large import in several updates', () => {
    const doc = createReplica().doc;
    initBoard(doc, { title: 'Big', timeZone: 'UTC' });
    const entries = Array.from({ length: INBOX_LIMIT + 10 }, (_, i) => ({
      line: i + 1,
      occurredAt: i * 1000,
      speaker: 'bot',
      text: `message ${i}`,
    }));
    let updates = 0;
    doc.on('update', () => updates++);
    expect(addToInbox(doc, planImport(readBoard(doc), entries, 'chat'), 'chat')).toEqual({
      added: INBOX_LIMIT,
      skipped: 10,
    });
    expect(updates).toBeGreaterThan(10);
  });
});
