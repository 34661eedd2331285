import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BOARD_ROOTS,
  createCard,
  createFactor,
  createLane,
  documentFingerprint,
  initBoard,
  isBoardRootName,
  readBoard,
} from '../index';
import { hostileStructUpdate, mutatedUpdate, nestedTypesUpdate, seededRng, targetOf } from '../testing/hostileUpdates';
import { admitUpdate, applyChecked, isJammed, trimToMissing, type AdmissionLimits } from './admitUpdate';
import { DEFAULT_INSPECTION_LIMITS } from './updateInspector';

const LIMITS: AdmissionLimits = { ...DEFAULT_INSPECTION_LIMITS, maxTypeDepth: 16, isRootName: isBoardRootName };

function boardDoc(clientID = 1_000): Y.Doc {
  const doc = docWithClient(clientID);
  initBoard(doc, { title: 'Login outage', timeZone: 'Europe/Berlin' });
  const lane = createLane(doc, { name: 'Backend' });
  for (let i = 0; i < 5; i++) createCard(doc, { text: `card ${i}`, laneId: lane, occurredAt: i * 60_000 });
  createFactor(doc, { name: 'Alert fired late', category: 'monitoring' });
  return doc;
}

/** One client, `structs` written by `write`, no deletions. */
function structUpdate(
  client: number,
  clock: number,
  structs: number,
  write: (e: encoding.Encoder) => void,
): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, structs);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  write(e);
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

function rootMapItem(e: encoding.Encoder, ref: number, key: string, content: (e: encoding.Encoder) => void): void {
  encoding.writeUint8(e, ref | 0x20);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, 'meta');
  encoding.writeVarString(e, key);
  content(e);
}

/** A deterministic document: fixed client ids, so a failing seed replays exactly. */
function docWithClient(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

/**
 * The document still works: a later edit is emitted, its full state reloads with nothing
 * pending, and a snapshot of the reload would verify (what the server checks before it
 * writes one).
 */
function expectHealthy(doc: Y.Doc, probe: number): void {
  expect(isJammed(doc)).toBe(false);
  let emitted = 0;
  const count = () => emitted++;
  doc.on('update', count);
  doc.getMap('meta').set('probe', probe);
  doc.off('update', count);
  expect(emitted).toBe(1);
  const state = Y.encodeStateAsUpdate(doc);
  const copy = docWithClient(1);
  Y.applyUpdate(copy, state);
  expect(isJammed(copy)).toBe(false);
  expect(copy.store.pendingStructs).toBeNull();
  expect(copy.store.pendingDs).toBeNull();
  // Everything but the order inside texts agrees with the live document: items crafted with
  // both neighbours inside one update can be ordered differently once the structs arrive in
  // another order (Yjs never writes such items; no rule here can see them before applying).
  const maps = Object.fromEntries(Object.entries(BOARD_ROOTS).filter(([, kind]) => kind === 'map'));
  expect(documentFingerprint(copy, maps)).toEqual(documentFingerprint(doc, maps));
  // And every replay agrees completely: a snapshot of the replay verifies.
  const again = docWithClient(2);
  Y.applyUpdate(again, Y.encodeStateAsUpdate(copy));
  expect(documentFingerprint(again, BOARD_ROOTS)).toEqual(documentFingerprint(copy, BOARD_ROOTS));
}

describe('admitting updates (regressions found by fuzzing a live server)', () => {
  it('[H2] refuses a deleted item of length 0, which would jam the document', () => {
    const doc = boardDoc();
    const update = structUpdate(99, 0, 1, (e) => rootMapItem(e, 1, 'k', (c) => encoding.writeVarUint(c, 0)));
    expect(admitUpdate(doc, update, LIMITS)).toEqual({ kind: 'refused', reason: 'deleted content of length 0' });
    // What Yjs does with it unguarded: the document stops emitting updates.
    const victim = boardDoc();
    applyChecked(victim, update, null);
    expect(isJammed(victim)).toBe(true);
  });

  it('[H2] refuses an empty string written twice to one key', () => {
    const update = structUpdate(98, 0, 2, (e) => {
      for (let i = 0; i < 2; i++) rootMapItem(e, 4, 'title', (c) => encoding.writeVarString(c, ''));
    });
    expect(admitUpdate(boardDoc(), update, LIMITS)).toEqual({ kind: 'refused', reason: 'string content of length 0' });
  });

  it('[H3] refuses a GC struct of length 0, after which no snapshot could be read back', () => {
    const update = structUpdate(97, 0, 1, (e) => {
      encoding.writeUint8(e, 0);
      encoding.writeVarUint(e, 0);
    });
    expect(admitUpdate(boardDoc(), update, LIMITS)).toMatchObject({ kind: 'refused', reason: 'GC struct of length 0' });
    const victim = boardDoc();
    expect(applyChecked(victim, update, null)).toEqual({ ok: true });
    expect(() => Y.applyUpdate(new Y.Doc(), Y.encodeStateAsUpdate(victim))).toThrow();
  });

  it('[H4] refuses JSON, embed and format content nested past the limit', () => {
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    const json = structUpdate(96, 0, 1, (e) =>
      rootMapItem(e, 2, 'k', (c) => {
        encoding.writeVarUint(c, 1);
        encoding.writeVarString(c, deep);
      }),
    );
    const embed = structUpdate(96, 0, 1, (e) => rootMapItem(e, 5, 'k', (c) => encoding.writeVarString(c, deep)));
    const format = structUpdate(96, 0, 1, (e) =>
      rootMapItem(e, 6, 'k', (c) => {
        encoding.writeVarString(c, 'bold');
        encoding.writeVarString(c, deep);
      }),
    );
    for (const update of [json, embed, format]) {
      expect(admitUpdate(boardDoc(), update, LIMITS)).toMatchObject({ kind: 'refused' });
    }
    // Unguarded, the document can no longer be encoded for a newcomer.
    const victim = boardDoc();
    applyChecked(victim, json, null);
    expect(() => Y.encodeStateAsUpdate(victim)).toThrow();
  });

  it('refuses repeated clients, zero-length deletions, sub-documents and unknown roots', () => {
    const doc = boardDoc();
    const twice = (() => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 2);
      for (let i = 0; i < 2; i++) {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, 5);
        encoding.writeVarUint(e, 0);
        rootMapItem(e, 8, 'k', (c) => {
          encoding.writeVarUint(c, 1);
          encoding.writeUint8(c, 120);
        });
      }
      encoding.writeVarUint(e, 0);
      return encoding.toUint8Array(e);
    })();
    expect(admitUpdate(doc, twice, LIMITS)).toEqual({ kind: 'refused', reason: 'a client listed twice' });
    const zeroDelete = new Uint8Array([0, 1, 5, 1, 0, 0]);
    expect(admitUpdate(doc, zeroDelete, LIMITS)).toEqual({ kind: 'refused', reason: 'delete range of length 0' });
    const sub = new Y.Doc();
    sub.getMap('meta').set('child', new Y.Doc());
    expect(admitUpdate(doc, Y.encodeStateAsUpdate(sub), LIMITS)).toMatchObject({ kind: 'refused' });
    const rogue = new Y.Doc();
    rogue.getMap('rogue').set('k', 1);
    expect(admitUpdate(doc, Y.encodeStateAsUpdate(rogue), LIMITS)).toEqual({
      kind: 'refused',
      reason: 'unknown root type',
    });
  });

  it('refuses shared types nested past the limit, even when built across several updates', () => {
    const doc = boardDoc();
    expect(admitUpdate(doc, nestedTypesUpdate(10, 'meta'), LIMITS)).toMatchObject({ kind: 'ready' });
    expect(admitUpdate(doc, nestedTypesUpdate(40, 'meta'), LIMITS)).toEqual({
      kind: 'refused',
      reason: 'shared types nested too deeply',
    });
    // Ten levels now, then ten more inside the deepest one: the second update is refused.
    const source = new Y.Doc();
    let map = source.getMap<unknown>('meta');
    for (let i = 0; i < 10; i++) {
      const child = new Y.Map<unknown>();
      map.set('child', child);
      map = child;
    }
    const first = Y.encodeStateAsUpdate(source);
    const before = Y.encodeStateVector(source);
    for (let i = 0; i < 10; i++) {
      const child = new Y.Map<unknown>();
      map.set('child', child);
      map = child;
    }
    const second = Y.encodeStateAsUpdate(source, before);
    expect(applyChecked(doc, first, null)).toEqual({ ok: true });
    expect(admitUpdate(doc, second, LIMITS)).toEqual({ kind: 'refused', reason: 'shared types nested too deeply' });
  });

  it('holds updates whose dependencies are missing instead of letting Yjs keep them pending', () => {
    const doc = boardDoc();
    const writer = new Y.Doc();
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc));
    const base = Y.encodeStateVector(writer);
    writer.getText('note:wentWell').insert(0, 'rollback was fast');
    const first = Y.encodeStateAsUpdate(writer, base);
    const middle = Y.encodeStateVector(writer);
    writer.getText('note:wentWell').delete(0, 8);
    writer.getText('note:wentWell').insert(0, 'the ');
    const second = Y.encodeStateAsUpdate(writer, middle);
    const verdict = admitUpdate(doc, second, LIMITS);
    expect(verdict.kind).toBe('waiting');
    expect(applyChecked(doc, first, null)).toEqual({ ok: true });
    expect(admitUpdate(doc, second, LIMITS).kind).toBe('ready');
    expect(applyChecked(doc, second, null)).toEqual({ ok: true });
    expect(readBoard(doc).notes.wentWell).toBe('the  was fast');
    // A deletion of clocks nobody has is held too (Yjs re-read such deletions on every update).
    const impossible = new Uint8Array([0, 1, 200, 1, 1, 0, 100]);
    expect(admitUpdate(doc, impossible, LIMITS).kind).toBe('waiting');
  });

  it('admits real board updates of every kind, whole and incremental', () => {
    const doc = new Y.Doc();
    const source = boardDoc();
    expect(admitUpdate(doc, Y.encodeStateAsUpdate(source), LIMITS).kind).toBe('ready');
    applyChecked(doc, Y.encodeStateAsUpdate(source), null);
    const before = Y.encodeStateVector(source);
    const lane = readBoard(source).lanes[0]!.id;
    createCard(source, { text: 'pods restarted', laneId: lane, occurredAt: null });
    source.getText('note:gotLucky').insert(0, 'low traffic');
    const incremental = Y.encodeStateAsUpdate(source, before);
    expect(admitUpdate(doc, incremental, LIMITS).kind).toBe('ready');
    expect(applyChecked(doc, incremental, null)).toEqual({ ok: true });
    expectHealthy(doc, 1);
  });

  it('whatever a seeded fuzzer builds, an admitted update leaves the document healthy', () => {
    const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
    const rng = seededRng(Number(env['FUZZ_SEED'] ?? 20_261_128));
    const doc = boardDoc();
    const roots = ['meta', 'lanes', 'cards', 'factors', 'actions', 'votes', 'note:wentWell'];
    const real = Y.encodeStateAsUpdate(boardDoc(2_000));
    const counts = { refused: 0, waiting: 0, empty: 0, ready: 0, applied: 0, trimmed: 0 };
    const rounds = Number(env['FUZZ_UPDATES'] ?? 20_000);
    for (let i = 0; i < rounds; i++) {
      const update = i % 3 === 0 ? mutatedUpdate(rng, real) : hostileStructUpdate(rng, targetOf(doc, roots));
      let verdict = admitUpdate(doc, update, LIMITS);
      let admitted = update;
      if (verdict.kind === 'overlapping') {
        admitted = trimToMissing(doc, update);
        verdict = admitUpdate(doc, admitted, LIMITS);
        counts.trimmed++;
      }
      counts[verdict.kind === 'overlapping' ? 'refused' : verdict.kind]++;
      if (verdict.kind !== 'ready') continue;
      const outcome = applyChecked(doc, admitted, null);
      expect(outcome).toEqual({ ok: true });
      counts.applied++;
      if (counts.applied % 250 === 0) expectHealthy(doc, counts.applied);
    }
    expectHealthy(doc, -1);
    // Every path was exercised.
    expect(counts.refused).toBeGreaterThan(1_000);
    expect(counts.waiting).toBeGreaterThan(100);
    expect(counts.applied).toBeGreaterThan(100);
    expect(counts.trimmed).toBeGreaterThan(10);
  });
});
