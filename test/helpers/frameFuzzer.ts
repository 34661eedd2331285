import { BOARD_ROOTS } from '@retrace/shared';
import {
  hostileStructUpdate,
  mutatedUpdate,
  nestedTypesUpdate,
  seededRng,
  targetOf,
  type Rng,
} from '@retrace/shared/testing/hostile';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import {
  deepJson,
  deepJsonContent,
  emptyStringTwice,
  presenceFrame,
  stateRequestFrame,
  syncFrame,
  unappliableDeletes,
  zeroLengthDeleted,
  zeroLengthGc,
} from './hostileFrames';

/**
 * A seeded generator of hostile y-websocket frames aimed at one board: random bytes and
 * envelopes, mutated real updates, hand-built structs of every Yjs content type around the
 * board's real clients and clocks, presence that is malformed, oversized, nested deep or
 * claims other people's ids and the server's field, full-state requests, and the updates
 * of every defect found so far. Deterministic for a seed (given the same board).
 */
export interface FrameFuzzer {
  next(): Uint8Array;
}

export interface FuzzTarget {
  /** A replica of the fuzzed board (a stock client's document). */
  readonly doc: Y.Doc;
  /** Presence ids of honest participants, to impersonate. */
  readonly honestIds: () => readonly number[];
}

const ROOTS = Object.keys(BOARD_ROOTS);

function frame(...parts: Array<(e: encoding.Encoder) => void>): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const part of parts) part(encoder);
  return encoding.toUint8Array(encoder);
}

function bytes(rng: Rng, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => rng.int(256));
}

export function frameFuzzer(seed: number, target: FuzzTarget): FrameFuzzer {
  const rng = seededRng(seed);
  let real = Y.encodeStateAsUpdate(target.doc);
  let aim = targetOf(target.doc, ROOTS);
  let seen = Y.encodeStateVector(target.doc);
  let count = 0;
  const presence = (json: string, id = rng.int(2 ** 32)) => presenceFrame([{ id, clock: 1 + rng.int(1_000), json }]);
  const kinds: Array<() => Uint8Array> = [
    () => bytes(rng, 1 + rng.int(300)),
    () => new Uint8Array([0x80, 0x80, 0x80, 0x80]).subarray(0, 1 + rng.int(4)), // truncated varint
    () => frame((e) => encoding.writeVarUint(e, 4 + rng.int(200))), // unknown message type
    () => syncFrame(bytes(rng, rng.int(20)), 3 + rng.int(10)), // unknown sync subtype
    () => syncFrame(bytes(rng, rng.int(30)), 0), // garbage state vector
    () => stateRequestFrame(),
    () => syncFrame(mutatedUpdate(rng, real), 1 + rng.int(2)),
    () => syncFrame(hostileStructUpdate(rng, aim), 1 + rng.int(2)),
    () => syncFrame(hostileStructUpdate(rng, aim)),
    () => syncFrame(rng.pick([zeroLengthDeleted, emptyStringTwice, zeroLengthGc, deepJsonContent(5_000)])),
    () => syncFrame(unappliableDeletes(rng.int(2 ** 32), 1 + rng.int(50))),
    () => syncFrame(nestedTypesUpdate(20 + rng.int(100), rng.pick(ROOTS))),
    () =>
      frame(
        (e) => encoding.writeVarUint(e, 1),
        (e) => encoding.writeVarUint8Array(e, bytes(rng, rng.int(60))),
      ),
    () => presence(`{"x":${deepJson(1_000 + rng.int(5_000))}}`),
    () => presence(`{"blob":"${'x'.repeat(40_000 + rng.int(20_000))}"}`),
    () => presence('{"retrace\\u0053erver":{"saving":false}}'),
    () => presence('{"user":{"name":"Mallory"}}', rng.pick([...target.honestIds(), target.doc.clientID])),
    () => presence(`{"user":{"name":"Eve ${rng.int(100)}","color":"#f00"}}`),
    () => presence('null'),
    () => frame((e) => encoding.writeVarUint(e, 3)), // query presence (valid)
  ];
  return {
    next() {
      // Follow the board as honest clients change it, so structs keep aiming at real ids and
      // mutations start from its recent real updates (small: mutating costs a step per byte).
      if (++count % 100 === 0) aim = targetOf(target.doc, ROOTS);
      if (count % 500 === 0) {
        const recent = Y.encodeStateAsUpdate(target.doc, seen);
        seen = Y.encodeStateVector(target.doc);
        if (recent.byteLength > 4) real = recent;
      }
      return kinds[rng.int(kinds.length)]!();
    },
  };
}
