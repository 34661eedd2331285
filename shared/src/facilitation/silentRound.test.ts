import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardOperationError } from '../errors';
import { createLane } from '../domain/lanes';
import { initBoard } from '../domain/meta';
import { boardRoots, readBoard } from '../schema/boardDoc';
import { readControl, setSilentRound } from './controlDoc';
import {
  NO_SILENT_ROUND,
  advanceSilentRound,
  parseDraft,
  readSilentRound,
  revealDrafts,
  unplacedDrafts,
  type Draft,
} from './silentRound';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Checkout outage', timeZone: 'UTC' });
  const ops = createLane(doc, { name: 'Ops' });
  const support = createLane(doc, { name: 'Support' });
  return { doc, ops, support };
}

const author = { name: 'Bob Quillfeather', timeZone: 'Europe/Berlin' };
const draft = (id: string, laneId: string, text: string, occurredAt: number | null = 1_000): Draft => ({
  id,
  laneId,
  text,
  occurredAt,
  precision: 'minute',
  kind: 'event',
  author,
});

describe('silent round stages', () => {
  it('goes idle → writing → reviewing → idle, numbering each round', () => {
    const writing = advanceSilentRound(NO_SILENT_ROUND, 'start', { anonymous: true });
    expect(writing).toEqual({ round: 1, stage: 'writing', anonymous: true, drafts: 0, writers: 0 });
    const reviewing = advanceSilentRound({ ...writing, drafts: 4, writers: 2 }, 'review');
    expect(reviewing).toMatchObject({ stage: 'reviewing', anonymous: true, drafts: 4 });
    expect(advanceSilentRound(reviewing, 'resume').stage).toBe('writing');
    const done = advanceSilentRound(reviewing, 'finish');
    expect(done).toEqual({ round: 1, stage: 'idle', anonymous: true, drafts: 0, writers: 0 });
    expect(advanceSilentRound(done, 'start').round).toBe(2);
  });

  it('the facilitator may change anonymity when closing the round for review', () => {
    const writing = advanceSilentRound(NO_SILENT_ROUND, 'start', { anonymous: false });
    expect(advanceSilentRound(writing, 'review', { anonymous: true }).anonymous).toBe(true);
  });

  it('refuses actions that do not fit the stage, with a reason', () => {
    expect(() => advanceSilentRound(NO_SILENT_ROUND, 'review')).toThrow('not open for writing');
    expect(() => advanceSilentRound(NO_SILENT_ROUND, 'finish')).toThrow(BoardOperationError);
    const writing = advanceSilentRound(NO_SILENT_ROUND, 'start');
    expect(() => advanceSilentRound(writing, 'start')).toThrow('already running');
    expect(() => advanceSilentRound(writing, 'resume')).toThrow('not being reviewed');
  });

  it('reads the state back from the control document and ignores junk', () => {
    const doc = new Y.Doc();
    expect(readControl(doc).silentRound).toEqual(NO_SILENT_ROUND);
    setSilentRound(doc, { round: 3, stage: 'writing', anonymous: true, drafts: 2, writers: 1 });
    expect(readControl(doc).silentRound).toEqual({
      round: 3,
      stage: 'writing',
      anonymous: true,
      drafts: 2,
      writers: 1,
    });
    expect(readSilentRound({ stage: 'voting', round: 2 })).toEqual(NO_SILENT_ROUND);
    expect(readSilentRound({ stage: 'writing', round: -4, drafts: 'many' })).toMatchObject({ round: 0, drafts: 0 });
  });
});

describe('drafts', () => {
  it('validates what a participant writes', () => {
    expect(parseDraft({ text: '  restarted the pods ', laneId: 'lane1', occurredAt: null })).toEqual({
      text: 'restarted the pods',
      laneId: 'lane1',
      occurredAt: null,
      precision: 'minute',
      kind: 'event',
      author: null,
    });
    expect(() => parseDraft({ text: '   ', laneId: 'lane1', occurredAt: null })).toThrow('text');
    expect(() => parseDraft({ text: 'x', laneId: 'lane 1', occurredAt: null })).toThrow('laneId');
    expect(() => parseDraft({ text: 'x', laneId: 'l', occurredAt: null, secret: 1 })).toThrow(BoardOperationError);
    expect(() => parseDraft({ text: 'x'.repeat(2001), laneId: 'l', occurredAt: null })).toThrow('text');
  });

  it('reveals every draft as a card in one transaction, with authors', () => {
    const { doc, ops, support } = board();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const result = revealDrafts(doc, [draft('d1', ops, 'Pager fired'), draft('d2', support, 'Tickets spiked', null)], {
      anonymous: false,
    });
    expect(transactions).toBe(1);
    expect(result.created).toEqual(['d1', 'd2']);
    const cards = readBoard(doc).cards;
    expect(cards.map((c) => [c.id, c.text, c.place.laneId, c.author?.name])).toEqual(
      expect.arrayContaining([
        ['d1', 'Pager fired', ops, 'Bob Quillfeather'],
        ['d2', 'Tickets spiked', support, 'Bob Quillfeather'],
      ]),
    );
  });

  it('stores no author at all in an anonymous round', () => {
    const { doc, ops } = board();
    revealDrafts(doc, [draft('d1', ops, 'Dashboards were green')], { anonymous: true });
    const card = boardRoots(doc).cards.get('d1')!;
    expect(card.get('author')).toBeNull();
    expect(String.fromCharCode(...Y.encodeStateAsUpdate(doc))).not.toContain('Quillfeather');
  });

  it('revealing twice creates nothing twice; a draft without a lane goes only where the facilitator placed it', () => {
    const { doc, ops, support } = board();
    revealDrafts(doc, [draft('d1', ops, 'once')], { anonymous: false });
    const drafts = [
      draft('d1', ops, 'once'),
      draft('d2', 'vanished', 'orphan'),
      { ...draft('d3', ops, 'unfiled'), laneId: null },
    ];
    expect(unplacedDrafts(doc, drafts)).toEqual(['d2', 'd3']);
    // Nothing is filed in a lane nobody chose: without placements the reveal writes nothing.
    expect(() => revealDrafts(doc, drafts, { anonymous: true })).toThrow('choose a lane for 2 drafts');
    expect(() => revealDrafts(doc, drafts, { anonymous: true, placements: { d2: ops, d3: 'gone' } })).toThrow(
      'choose a lane for one draft',
    );
    expect(readBoard(doc).cards.map((c) => c.id)).toEqual(['d1']);
    const again = revealDrafts(doc, drafts, { anonymous: true, placements: { d2: support, d3: ops } });
    expect(again).toEqual({ created: ['d2', 'd3'], placed: ['d2', 'd3'] });
    expect(readBoard(doc).cards.filter((c) => c.text === 'once')).toHaveLength(1);
    const laneOf = (id: string) => readBoard(doc).cards.find((c) => c.id === id)?.place.laneId;
    expect([laneOf('d2'), laneOf('d3')]).toEqual([support, ops]);
  });
});
