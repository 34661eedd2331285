/**
 * A seeded generator of hostile Yjs updates for tests: hand-built structs of every content
 * type with lengths, clocks, parents and neighbours chosen to hit Yjs's edge cases (length
 * 0, gaps, ids the document does not have, repeated clients, deep JSON and nesting), and
 * real updates mutated byte by byte. Deterministic for a seed, so a failure replays.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export interface Rng {
  next(): number;
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function seededRng(seed: number): Rng {
  let state = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: fast, deterministic, good enough to spread test inputs.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
  return {
    next,
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

/** What the generator aims at: a document's known clients and clocks. */
export interface Target {
  readonly roots: readonly string[];
  /** Known (client, state) pairs: the generator picks ids around them. */
  readonly clients: ReadonlyArray<readonly [number, number]>;
}

export function targetOf(doc: Y.Doc, roots: readonly string[]): Target {
  return { roots, clients: [...Y.decodeStateVector(Y.encodeStateVector(doc))] };
}

function deepJson(depth: number): string {
  return '['.repeat(depth) + '1' + ']'.repeat(depth);
}

function writeAny(e: encoding.Encoder, rng: Rng, depth: number): void {
  if (depth > 0) {
    if (rng.chance(0.5)) {
      encoding.writeUint8(e, 117); // array of one
      encoding.writeVarUint(e, 1);
    } else {
      encoding.writeUint8(e, 118); // object of one key
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, 'k');
    }
    writeAny(e, rng, depth - 1);
    return;
  }
  switch (rng.int(6)) {
    case 0:
      encoding.writeUint8(e, 119);
      encoding.writeVarString(e, 'text');
      break;
    case 1:
      encoding.writeUint8(e, 125);
      encoding.writeVarInt(e, rng.int(1000) - 500);
      break;
    case 2:
      encoding.writeUint8(e, 123);
      encoding.writeFloat64(e, rng.next());
      break;
    case 3:
      encoding.writeUint8(e, 120);
      break;
    case 4:
      encoding.writeUint8(e, 116);
      encoding.writeVarUint8Array(e, new Uint8Array(rng.int(4)));
      break;
    default:
      encoding.writeUint8(e, 126);
  }
}

/** A length that is usually small, sometimes 0, sometimes huge. */
function length(rng: Rng): number {
  const r = rng.next();
  if (r < 0.15) return 0;
  if (r < 0.85) return 1 + rng.int(5);
  if (r < 0.95) return 1 + rng.int(10_000);
  return 2 ** 31 + rng.int(1000);
}

/** An id near something the target has (or not at all). */
function nearId(rng: Rng, target: Target, ownClient: number, ownClock: number): [number, number] {
  const r = rng.next();
  if (r < 0.3 && ownClock > 0) return [ownClient, rng.int(ownClock)];
  if (r < 0.8 && target.clients.length > 0) {
    const [client, state] = rng.pick(target.clients);
    return [client, Math.max(0, state - 1 - rng.int(3) + (rng.chance(0.2) ? 5 : 0))];
  }
  return [rng.int(2 ** 32), rng.int(100)];
}

function writeContent(e: encoding.Encoder, rng: Rng, ref: number): void {
  switch (ref) {
    case 1:
      encoding.writeVarUint(e, length(rng));
      break;
    case 2: {
      const n = rng.chance(0.2) ? 0 : 1 + rng.int(3);
      encoding.writeVarUint(e, n);
      for (let i = 0; i < n; i++)
        encoding.writeVarString(e, rng.pick(['1', '"x"', 'undefined', '{', deepJson(rng.chance(0.3) ? 5_000 : 3)]));
      break;
    }
    case 3:
      encoding.writeVarUint8Array(e, new Uint8Array(rng.int(8)));
      break;
    case 4:
      encoding.writeVarString(e, rng.pick(['', '', 'a', 'hello', '\u{1F600}', '\uD800']));
      break;
    case 5:
      encoding.writeVarString(e, rng.pick(['{"image":"x"}', 'not json', deepJson(rng.chance(0.5) ? 5_000 : 2)]));
      break;
    case 6:
      encoding.writeVarString(e, rng.pick(['bold', '']));
      encoding.writeVarString(e, rng.pick(['true', 'null', '{]', deepJson(rng.chance(0.5) ? 5_000 : 2)]));
      break;
    case 7: {
      const typeRef = rng.chance(0.1) ? 7 + rng.int(5) : rng.int(7);
      encoding.writeVarUint(e, typeRef);
      if (typeRef === 3 || typeRef === 5) encoding.writeVarString(e, 'p');
      break;
    }
    case 8: {
      const n = rng.chance(0.2) ? 0 : 1 + rng.int(3);
      encoding.writeVarUint(e, n);
      for (let i = 0; i < n; i++) writeAny(e, rng, rng.chance(0.2) ? 40 : rng.int(4));
      break;
    }
    case 9:
      encoding.writeVarString(e, 'sub');
      encoding.writeUint8(e, 118);
      encoding.writeVarUint(e, 0);
      break;
    default:
      break;
  }
}

/** One hand-built update: a few client sections of random structs, then a random delete set. */
export function hostileStructUpdate(rng: Rng, target: Target): Uint8Array {
  const e = encoding.createEncoder();
  const sections = rng.chance(0.1) ? 0 : 1 + rng.int(2);
  encoding.writeVarUint(e, sections);
  const repeat = rng.chance(0.1) && target.clients.length > 0 ? rng.pick(target.clients)[0] : null;
  for (let s = 0; s < sections; s++) {
    const structs = 1 + rng.int(4);
    const known = target.clients.length > 0 && rng.chance(0.6) ? rng.pick(target.clients) : null;
    const client = repeat ?? (known ? known[0] : rng.int(2 ** 32));
    let clock = known ? known[1] + (rng.chance(0.8) ? 0 : rng.int(3) - 1) : rng.chance(0.8) ? 0 : rng.int(50);
    clock = Math.max(0, clock);
    encoding.writeVarUint(e, structs);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, clock);
    for (let i = 0; i < structs; i++) {
      const kind = rng.int(12);
      if (kind === 0 || kind === 10) {
        encoding.writeUint8(e, kind);
        const len = length(rng);
        encoding.writeVarUint(e, len);
        clock += len;
        continue;
      }
      const ref = kind === 11 ? 1 + rng.int(9) : kind;
      const hasOrigin = rng.chance(0.4);
      const hasRight = rng.chance(0.2);
      const hasSub = rng.chance(0.5);
      encoding.writeUint8(e, ref | (hasOrigin ? 0x80 : 0) | (hasRight ? 0x40 : 0) | (hasSub ? 0x20 : 0));
      if (hasOrigin) {
        const [c, k] = nearId(rng, target, client, clock);
        encoding.writeVarUint(e, c);
        encoding.writeVarUint(e, k);
      }
      if (hasRight) {
        const [c, k] = nearId(rng, target, client, clock);
        encoding.writeVarUint(e, c);
        encoding.writeVarUint(e, k);
      }
      if (!hasOrigin && !hasRight) {
        if (rng.chance(0.6)) {
          encoding.writeVarUint(e, 1);
          encoding.writeVarString(e, rng.chance(0.9) ? rng.pick(target.roots) : `rogue${rng.int(1000)}`);
        } else {
          encoding.writeVarUint(e, 0);
          const [c, k] = nearId(rng, target, client, clock);
          encoding.writeVarUint(e, c);
          encoding.writeVarUint(e, k);
        }
        if (hasSub) encoding.writeVarString(e, rng.pick(['k', 'text', 'place', '']));
      }
      writeContent(e, rng, ref);
      // Content lengths are not tracked: a wrong guess is itself a useful input (a gap or an overlap).
      clock += 1;
    }
  }
  const dsClients = rng.chance(0.5) ? 0 : 1 + rng.int(2);
  encoding.writeVarUint(e, dsClients);
  for (let c = 0; c < dsClients; c++) {
    const known = target.clients.length > 0 && rng.chance(0.7) ? rng.pick(target.clients) : null;
    encoding.writeVarUint(e, repeat ?? (known ? known[0] : rng.int(2 ** 32)));
    const ranges = 1 + rng.int(3);
    encoding.writeVarUint(e, ranges);
    for (let r = 0; r < ranges; r++) {
      encoding.writeVarUint(e, known ? rng.int(known[1] + 3) : rng.int(100));
      encoding.writeVarUint(e, length(rng));
    }
  }
  return encoding.toUint8Array(e);
}

/** A real update with a few bytes changed, cut short or extended. */
export function mutatedUpdate(rng: Rng, real: Uint8Array): Uint8Array {
  const r = rng.next();
  if (r < 0.2) return real.subarray(0, rng.int(real.length));
  if (r < 0.3) return Uint8Array.from([...real, rng.int(256)]);
  const rate = 1 / Math.max(4, real.length);
  return real.map((byte) => (rng.chance(rate * (1 + rng.int(3))) ? rng.int(256) : byte));
}

/** A chain of nested maps `depth` deep, built the way a client would (each map inside the last). */
export function nestedTypesUpdate(depth: number, root: string): Uint8Array {
  const doc = new Y.Doc();
  let map = doc.getMap<unknown>(root);
  for (let i = 0; i < depth; i++) {
    const child = new Y.Map<unknown>();
    map.set('child', child);
    map = child;
  }
  return Y.encodeStateAsUpdate(doc);
}
