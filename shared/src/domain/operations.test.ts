import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardOperationError } from '../errors';
import { readBoard } from '../schema/boardDoc';
import { SCHEMA_VERSION } from '../schema/types';
import { createAction, editAction } from './actions';
import { createCard, deleteCard, editCard, moveCard, restoreCard } from './cards';
import { createFactor, editFactor, tagCard, untagCard } from './factors';
import { createLane, moveLane, renameLane } from './lanes';
import { initBoard, updateMeta } from './meta';

const T0 = Date.UTC(2024, 4, 1, 14, 0);
const ctx = { now: () => T0, author: { name: 'Ana', timeZone: 'Europe/Lisbon' } };

function freshBoard(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Login outage', timeZone: 'Europe/Berlin', startedAt: T0 });
  return doc;
}

function expectUnchanged(doc: Y.Doc, change: () => void): BoardOperationError {
  const before = Y.encodeStateVector(doc);
  let error: unknown;
  try {
    change();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(BoardOperationError);
  expect(Y.encodeStateVector(doc)).toEqual(before);
  return error as BoardOperationError;
}

describe('board meta', () => {
  it('initialises schema version, title and reference zone', () => {
    const meta = readBoard(freshBoard()).meta;
    expect(meta).toMatchObject({
      schemaVersion: SCHEMA_VERSION,
      title: 'Login outage',
      timeZone: 'Europe/Berlin',
      startedAt: T0,
    });
  });

  it('edits meta and refuses an unknown time zone or an inverted window without changing anything', () => {
    const doc = freshBoard();
    updateMeta(doc, { summary: 'Logins failed for 40 minutes', severity: 'SEV2', resolvedAt: T0 + 40 * 60_000 });
    expect(readBoard(doc).meta).toMatchObject({ severity: 'SEV2', resolvedAt: T0 + 2_400_000 });
    const zoneError = expectUnchanged(doc, () => updateMeta(doc, { timeZone: 'Mars/Olympus' }));
    expect(zoneError.message).toMatch(/timeZone is not a known IANA time zone/);
    expectUnchanged(doc, () => updateMeta(doc, { resolvedAt: T0 - 1 }));
    expectUnchanged(doc, () => updateMeta(doc, { title: '   ' }));
  });
});

describe('lanes', () => {
  it('creates, renames and reorders lanes by order key', () => {
    const doc = freshBoard();
    const alerts = createLane(doc, { name: 'Alerts & monitoring' });
    const ana = createLane(doc, { name: 'Ana', kind: 'person', timeZone: 'Europe/Lisbon' });
    const deploy = createLane(doc, { name: 'Deploy pipeline', afterLaneId: null });
    expect(readBoard(doc).lanes.map((l) => l.id)).toEqual([deploy, alerts, ana]);
    moveLane(doc, { laneId: deploy, afterLaneId: ana });
    renameLane(doc, { laneId: alerts, name: 'Alerts' });
    const lanes = readBoard(doc).lanes;
    expect(lanes.map((l) => l.id)).toEqual([alerts, ana, deploy]);
    expect(lanes[0]?.name).toBe('Alerts');
    expect(lanes[1]).toMatchObject({ kind: 'person', timeZone: 'Europe/Lisbon' });
  });

  it('refuses to rename a missing lane or to place a lane after itself', () => {
    const doc = freshBoard();
    const lane = createLane(doc, { name: 'Support' });
    expect(expectUnchanged(doc, () => renameLane(doc, { laneId: 'nope', name: 'x' })).reason).toBe('not-found');
    expectUnchanged(doc, () => moveLane(doc, { laneId: lane, afterLaneId: lane }));
  });
});

describe('cards', () => {
  it('creates a card with author, time and one place value', () => {
    const doc = freshBoard();
    const lane = createLane(doc, { name: 'Ana' });
    const id = createCard(doc, { text: 'restarted the pods', laneId: lane, occurredAt: T0 + 60_000 }, ctx);
    const card = readBoard(doc).cards[0];
    expect(card).toMatchObject({
      id,
      text: 'restarted the pods',
      kind: 'event',
      author: { name: 'Ana', timeZone: 'Europe/Lisbon' },
      createdAt: T0,
      source: 'typed',
      misleading: false,
      factorIds: [],
      deletedAt: null,
      place: { laneId: lane, occurredAt: T0 + 60_000, precision: 'minute' },
    });
  });

  it('sorts by time, then by order key within the same minute, unknown times last', () => {
    const doc = freshBoard();
    const lane = createLane(doc, { name: 'Ana' });
    const unknown = createCard(doc, { text: 'someone pinged support', laneId: lane, occurredAt: null });
    const second = createCard(doc, { text: 'b', laneId: lane, occurredAt: T0 });
    const third = createCard(doc, { text: 'c', laneId: lane, occurredAt: T0 });
    const first = createCard(doc, { text: 'a', laneId: lane, occurredAt: T0 - 1 });
    expect(readBoard(doc).cards.map((c) => c.id)).toEqual([first, second, third, unknown]);
  });

  it('edits, moves, soft-deletes and restores', () => {
    const doc = freshBoard();
    const a = createLane(doc, { name: 'A' });
    const b = createLane(doc, { name: 'B' });
    const id = createCard(doc, { text: 'alert fired', laneId: a, occurredAt: T0, kind: 'signal' });
    editCard(doc, { cardId: id, text: 'disk alert fired', misleading: true });
    moveCard(doc, { cardId: id, laneId: b, occurredAt: T0 + 120_000 });
    deleteCard(doc, { cardId: id }, ctx);
    let card = readBoard(doc).cards[0];
    expect(card).toMatchObject({ text: 'disk alert fired', kind: 'signal', misleading: true, deletedAt: T0 });
    expect(card?.place).toMatchObject({ laneId: b, occurredAt: T0 + 120_000 });
    restoreCard(doc, { cardId: id });
    card = readBoard(doc).cards[0];
    expect(card?.deletedAt).toBeNull();
  });

  it('writes the whole place in one map entry per move', () => {
    const doc = freshBoard();
    const a = createLane(doc, { name: 'A' });
    const b = createLane(doc, { name: 'B' });
    const id = createCard(doc, { text: 'x', laneId: a, occurredAt: T0 });
    const changedKeys: string[][] = [];
    doc.getMap('cards').observeDeep((events) => {
      for (const event of events) if (event instanceof Y.YMapEvent) changedKeys.push([...event.keysChanged]);
    });
    moveCard(doc, { cardId: id, laneId: b, occurredAt: T0 + 1 });
    expect(changedKeys).toEqual([['place']]);
  });

  it('rejects invalid input with a clear message and changes nothing', () => {
    const doc = freshBoard();
    const lane = createLane(doc, { name: 'A' });
    const id = createCard(doc, { text: 'x', laneId: lane, occurredAt: T0 });
    expect(
      expectUnchanged(doc, () => createCard(doc, { text: 'y', laneId: 'missing', occurredAt: T0 })).message,
    ).toMatch(/lane missing does not exist/);
    expect(
      expectUnchanged(doc, () => createCard(doc, { text: 'x'.repeat(5000), laneId: lane, occurredAt: T0 })).message,
    ).toMatch(/^createCard: text/);
    expectUnchanged(doc, () => createCard(doc, { text: 'y', laneId: lane, occurredAt: -5 }));
    expectUnchanged(doc, () => createCard(doc, { text: 'y', laneId: lane, occurredAt: T0, kind: 'blame' as never }));
    expectUnchanged(doc, () => moveCard(doc, { cardId: id, laneId: lane, occurredAt: T0, orderKey: '!!' }));
    expectUnchanged(doc, () => editCard(doc, { cardId: 'ghost', text: 'z' }));
    expectUnchanged(doc, () => editCard(doc, { cardId: id, extra: 1 } as never));
  });
});

describe('factors and actions', () => {
  it('creates and edits factors, tags and untags cards', () => {
    const doc = freshBoard();
    const lane = createLane(doc, { name: 'A' });
    const card = createCard(doc, { text: 'migration step skipped', laneId: lane, occurredAt: T0 });
    const factor = createFactor(doc, { name: 'Manual migration step', category: 'change-and-deployment' }, ctx);
    editFactor(doc, { factorId: factor, description: 'Config needed a hand-run migration' });
    tagCard(doc, { cardId: card, factorId: factor });
    expect(readBoard(doc).cards[0]?.factorIds).toEqual([factor]);
    expect(readBoard(doc).factors[0]).toMatchObject({
      name: 'Manual migration step',
      description: 'Config needed a hand-run migration',
    });
    untagCard(doc, { cardId: card, factorId: factor });
    expect(readBoard(doc).cards[0]?.factorIds).toEqual([]);
    expectUnchanged(doc, () => tagCard(doc, { cardId: card, factorId: 'nope' }));
  });

  it('creates and edits actions with linked factors', () => {
    const doc = freshBoard();
    const f1 = createFactor(doc, { name: 'Alert thresholds misleading' });
    const f2 = createFactor(doc, { name: 'All-at-once deploy' });
    const id = createAction(doc, { title: 'Canary deploys', owner: 'platform', factorIds: [f2] }, ctx);
    editAction(doc, {
      actionId: id,
      status: 'in-progress',
      dueDate: '2024-06-01',
      linkFactorIds: [f1],
      unlinkFactorIds: [f2],
    });
    expect(readBoard(doc).actions[0]).toMatchObject({
      title: 'Canary deploys',
      owner: 'platform',
      status: 'in-progress',
      dueDate: '2024-06-01',
      factorIds: [f1],
      trackerUrl: null,
    });
    expectUnchanged(doc, () => editAction(doc, { actionId: id, trackerUrl: 'javascript:alert(1)' }));
    expectUnchanged(doc, () => editAction(doc, { actionId: id, dueDate: 'tomorrow' }));
    expectUnchanged(doc, () => createAction(doc, { title: 'x', factorIds: ['missing'] }));
  });
});
