import * as encoding from 'lib0/encoding';

/**
 * y-websocket frames built by hand, for the attacks a stock client would never send.
 * Sync: [0][subtype][varUint8Array update]; presence: [1][varUint8Array awareness update].
 */
export function syncFrame(update: Uint8Array, subtype = 2): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, subtype);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

export function stateRequestFrame(): Uint8Array {
  return syncFrame(new Uint8Array([0]), 0); // sync step 1 with an empty state vector
}

export function presenceFrame(entries: ReadonlyArray<{ id: number; clock: number; json: string }>): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(inner, entry.id);
    encoding.writeVarUint(inner, entry.clock);
    encoding.writeVarString(inner, entry.json);
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

/** An update with one client's structs, written by `write`, and no deletions. */
export function structsUpdate(client: number, clock: number, count: number, write: (e: encoding.Encoder) => void) {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, count);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  write(e);
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/** An item in the board's `meta` map under `key`, with content type `ref` written by `content`. */
export function metaEntry(e: encoding.Encoder, ref: number, key: string, content: (e: encoding.Encoder) => void): void {
  encoding.writeUint8(e, ref | 0x20);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, 'meta');
  encoding.writeVarString(e, key);
  content(e);
}

/** The 20-byte update that jammed a board: a deleted item of length 0. */
export const zeroLengthDeleted = structsUpdate(4_000_001, 0, 1, (e) =>
  metaEntry(e, 1, 'k', (c) => encoding.writeVarUint(c, 0)),
);

/** An empty string written twice to one key. */
export const emptyStringTwice = structsUpdate(4_000_002, 0, 2, (e) => {
  for (let i = 0; i < 2; i++) metaEntry(e, 4, 'title', (c) => encoding.writeVarString(c, ''));
});

/** The 10-byte update whose snapshot could never be read back: a GC struct of length 0. */
export const zeroLengthGc = structsUpdate(4_000_003, 0, 1, (e) => {
  encoding.writeUint8(e, 0);
  encoding.writeVarUint(e, 0);
});

export const deepJson = (depth: number) => '['.repeat(depth) + '1' + ']'.repeat(depth);

/** JSON content (content type 2) nested `depth` deep. */
export function deepJsonContent(depth: number): Uint8Array {
  return structsUpdate(4_000_004, 0, 1, (e) =>
    metaEntry(e, 2, 'k', (c) => {
      encoding.writeVarUint(c, 1);
      encoding.writeVarString(c, deepJson(depth));
    }),
  );
}

/** A delete set for `ranges` clocks of a client nobody has: it can never be applied. */
export function unappliableDeletes(client: number, ranges: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // no structs
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, ranges);
  for (let i = 0; i < ranges; i++) {
    encoding.writeVarUint(e, i * 2);
    encoding.writeVarUint(e, 1);
  }
  return encoding.toUint8Array(e);
}
