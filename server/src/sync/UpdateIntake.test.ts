import {
  DEFAULT_ADMISSION_LIMITS,
  createCard,
  createLane,
  initBoard,
  isBoardRootName,
  readBoard,
} from '@retrace/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UpdateIntake, type IntakeLimits, type IntakeResult } from './UpdateIntake';

const LIMITS: IntakeLimits = {
  ...DEFAULT_ADMISSION_LIMITS,
  isRootName: isBoardRootName,
  maxNewClientsPerSender: 4,
  maxClients: 100,
  maxWaitingPerSender: 3,
  maxWaitingBytesPerSender: 1024 * 1024,
  maxWaitingBytes: 4 * 1024 * 1024,
  waitingTtlMs: 10_000,
};

function setup(owners = new Map<number, string>()) {
  let now = 0;
  const server = new Y.Doc();
  const late: Array<[string, IntakeResult]> = [];
  const intake = new UpdateIntake<{ name: string }>(server, LIMITS, {
    now: () => now,
    presenceOwner: (clientId) => {
      const owner = owners.get(clientId);
      return owner ? senders[owner as 'alice' | 'bob']! : null;
    },
    onLateResult: (sender, result) => late.push([sender.name, result]),
  });
  const senders = { alice: { name: 'alice' }, bob: { name: 'bob' } };
  return { server, intake, late, senders, advance: (ms: number) => (now += ms) };
}

/** A client's replica and the updates it emits, one by one. */
function replica(from: Y.Doc) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates };
}

describe('update intake: refuse, wait or apply', () => {
  it('applies a client’s updates and refuses broken ones without touching the document', () => {
    const { server, intake, senders } = setup();
    const alice = replica(server);
    initBoard(alice.doc, { title: 'Outage', timeZone: 'UTC' });
    expect(intake.offer(senders.alice, alice.updates[0]!)).toEqual({ kind: 'applied' });
    expect(readBoard(server).meta.title).toBe('Outage');
    expect(intake.offer(senders.alice, new Uint8Array([1, 1, 5, 0, 0, 0, 0]))).toMatchObject({
      kind: 'refused',
      resync: false,
    });
  });

  it('holds an update until what it depends on arrives, then applies it in order', () => {
    const { server, intake, late, senders } = setup();
    const alice = replica(server);
    initBoard(alice.doc, { title: 'Outage', timeZone: 'UTC' });
    const lane = createLane(alice.doc, { name: 'Ops' });
    createCard(alice.doc, { text: 'pods restarted', laneId: lane, occurredAt: null });
    const [first, second, third] = alice.updates;
    expect(intake.offer(senders.alice, third!)).toEqual({ kind: 'waiting' });
    expect(intake.offer(senders.alice, second!)).toEqual({ kind: 'waiting' });
    expect(intake.waitingCount).toBe(2);
    expect(intake.offer(senders.alice, first!)).toEqual({ kind: 'applied' });
    expect(late.map(([, result]) => result.kind)).toEqual(['applied', 'applied']);
    expect(readBoard(server).cards.map((card) => card.text)).toEqual(['pods restarted']);
    expect(server.store.pendingStructs).toBeNull();
    expect(intake.waitingCount).toBe(0);
  });

  it('bounds what one sender may leave waiting, and asks it to resync when it waits too long', () => {
    const { server, intake, senders, advance } = setup();
    const alice = replica(server);
    for (let i = 0; i < 5; i++) alice.doc.getMap('meta').set(`k${i}`, i);
    const [, ...dependent] = alice.updates;
    for (const update of dependent.slice(0, 3)) expect(intake.offer(senders.alice, update).kind).toBe('waiting');
    expect(intake.offer(senders.alice, dependent[3]!)).toMatchObject({ kind: 'refused', resync: true });
    advance(10_001);
    expect(intake.expire()).toEqual([senders.alice]);
    expect(intake.waitingCount).toBe(0);
  });

  it('refuses writing under a client id another live connection holds, and made-up writers past the allowance', () => {
    const { server, intake, senders } = setup(new Map([[7, 'bob']]));
    const squatter = new Y.Doc();
    squatter.clientID = 7;
    squatter.getMap('meta').set('title', 'mine now');
    expect(intake.offer(senders.alice, Y.encodeStateAsUpdate(squatter))).toMatchObject({
      kind: 'refused',
      resync: true,
    });
    expect(intake.offer(senders.bob, Y.encodeStateAsUpdate(squatter))).toEqual({ kind: 'applied' });
    for (let id = 100; id < 104; id++) {
      const writer = new Y.Doc();
      writer.clientID = id;
      writer.getMap('meta').set(`k${id}`, id);
      expect(intake.offer(senders.alice, Y.encodeStateAsUpdate(writer))).toEqual({ kind: 'applied' });
    }
    const fifth = new Y.Doc();
    fifth.clientID = 104;
    fifth.getMap('meta').set('k', 1);
    expect(intake.offer(senders.alice, Y.encodeStateAsUpdate(fifth))).toMatchObject({ kind: 'refused', resync: false });
    expect(server.store.clients.has(104)).toBe(false);
  });

  it('trims a sync step 2 that crossed the sender’s own update instead of letting Yjs misread the overlap', () => {
    const { server, intake, senders } = setup();
    const alice = replica(server);
    alice.doc.getText('note:wentWell').insert(0, 'rollback was fast');
    const before = new Uint8Array([0]);
    intake.offer(senders.alice, alice.updates[0]!);
    alice.doc.getText('note:wentWell').insert(0, 'the ');
    // Computed from an empty state vector: it repeats the first insert.
    expect(intake.offer(senders.alice, Y.encodeStateAsUpdate(alice.doc, before))).toEqual({ kind: 'applied' });
    expect(server.getText('note:wentWell').toString()).toBe('the rollback was fast');
  });
});
