/**
 * A bounded, allocation-light walk over a Yjs v1 update (the encoding y-websocket uses),
 * run before an update from a client touches a document.
 *
 * Every loop consumes input and every declared count is checked against the bytes left,
 * so inspection is O(length) and cannot hang. Besides well-formedness it refuses what Yjs
 * would accept but could not encode, snapshot or replay afterwards (each one found by
 * fuzzing a real server):
 *   - structs of length 0 (GC, skip, deleted, empty string, empty JSON/any lists): Yjs
 *     integrates them, then throws while encoding the transaction (which jams the
 *     document) or writes a snapshot that cannot be read back;
 *   - a client's structs or deletions listed twice in one update, delete ranges of
 *     length 0, numbers past 2^53;
 *   - JSON, embed and format content that is not JSON or nests past a limit (Yjs
 *     re-serialises it recursively), `any` values nested past a limit;
 *   - sub-documents, XML types and root types the room's schema does not have.
 *
 * It also records the update's shape (what it provides, refers to and deletes) so that the
 * server can tell whether the document already holds everything the update depends on
 * (`updateDependencies.ts`) before applying it. Format (yjs src/utils/encoding.js,
 * UpdateDecoderV1):
 *   update      = structs deleteSet
 *   structs     = varuint(clients) { varuint(n) varuint(client) varuint(clock) struct*n }
 *   struct      = u8(info) ( GC: len | Skip: len | Item: origin? rightOrigin? parent? parentSub? content )
 *   deleteSet   = varuint(clients) { varuint(client) varuint(n) { varuint(clock) varuint(len) }*n }
 */
import { decodeUtf8 } from 'lib0/string';
import { checkJsonText } from './jsonText';

export interface InspectionLimits {
  /** Nesting of `any` values (objects/arrays inside map values) and of JSON content. */
  readonly maxDepth: number;
  /** Structs in one update. */
  readonly maxStructs: number;
  /** A single struct's or delete range's declared length (characters, items). */
  readonly maxLength: number;
  /** Root type names the document may have; absent = any name. */
  readonly isRootName?: (name: string) => boolean;
}

export const DEFAULT_INSPECTION_LIMITS: InspectionLimits = {
  maxDepth: 32,
  maxStructs: 200_000,
  maxLength: 2 ** 32,
};

/** How a struct names its parent type: by root name, by the parent's id, or through its neighbour. */
/** Fields per item in `UpdateShape.items`. */
export const ITEM_FIELDS = 9;

export const ParentRef = { Root: 0, Id: 1, Origin: 2, RightOrigin: 3 } as const;

/** A nested shared type (Y.Map, Y.Text, …) the update creates, for nesting-depth checks. */
export interface TypeItem {
  readonly client: number;
  readonly clock: number;
  readonly parentRef: (typeof ParentRef)[keyof typeof ParentRef];
  /** The id the parent is reached through (unused for Root). */
  readonly refClient: number;
  readonly refClock: number;
}

export interface UpdateShape {
  /** Per client listed in the update: the clock ranges its structs provide, flat [start, end, …] (skips excluded). */
  readonly provides: ReadonlyMap<number, readonly number[]>;
  /**
   * Per client, every item in clock order, flat [clock, length, parentRef, refClient, refClock,
   * mapEntry (1 when it names a map key), rightClient, rightClock (-1 without a right origin),
   * root (index into `rootNames`, -1 unless the parent is a root type), …]: where each item's
   * parent is found.
   */
  readonly items: ReadonlyMap<number, readonly number[]>;
  readonly rootNames: readonly string[];
  /** Ids the update's items refer to (origins, right origins, parents), flat [client, clock, …]. */
  readonly references: readonly number[];
  /** Deleted ranges, flat [client, clock, length, …]. */
  readonly deletes: readonly number[];
  readonly typeItems: readonly TypeItem[];
}

export type Inspection =
  | { readonly ok: true; readonly structs: number; readonly deletes: number; readonly shape: UpdateShape }
  | { readonly ok: false; readonly reason: string };

class Rejected extends Error {}

class Reader {
  pos = 0;
  structs = 0;
  readonly provides = new Map<number, number[]>();
  readonly items = new Map<number, number[]>();
  readonly rootNames: string[] = [];
  readonly references: number[] = [];
  readonly deletes: number[] = [];
  readonly typeItems: TypeItem[] = [];

  constructor(
    readonly bytes: Uint8Array,
    readonly limits: InspectionLimits,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  u8(): number {
    if (this.pos >= this.bytes.length) throw new Rejected('unexpected end of update');
    return this.bytes[this.pos++]!;
  }

  varUint(): number {
    let value = 0;
    let multiplier = 1;
    for (let i = 0; i < 8; i++) {
      const byte = this.u8();
      value += (byte & 0x7f) * multiplier;
      if (byte < 0x80) {
        if (value > Number.MAX_SAFE_INTEGER) throw new Rejected('number too large');
        return value;
      }
      multiplier *= 128;
    }
    throw new Rejected('varint too long');
  }

  varInt(): void {
    let byte = this.u8();
    for (let i = 0; byte & 0x80; i++) {
      if (i > 8) throw new Rejected('varint too long');
      byte = this.u8();
    }
  }

  skip(count: number): void {
    if (count > this.remaining) throw new Rejected('declared length past the end of the update');
    this.pos += count;
  }

  /** A count of items that each take at least one byte. */
  count(what: string): number {
    const n = this.varUint();
    if (n > this.remaining) throw new Rejected(`${what} count larger than the update`);
    return n;
  }

  /** A struct's or range's length: at least 1, at most the limit. */
  length(what: string): number {
    const n = this.varUint();
    if (n === 0) throw new Rejected(`${what} of length 0`);
    if (n > this.limits.maxLength) throw new Rejected(`${what} length over the limit`);
    return n;
  }

  bytesField(): number {
    const n = this.varUint();
    this.skip(n);
    return n;
  }

  /** A string, which Yjs decodes strictly: invalid UTF-8 would make it throw mid-update. */
  string(): void {
    this.text();
  }

  text(): string {
    const n = this.varUint();
    const start = this.pos;
    this.skip(n);
    try {
      return decodeUtf8(this.bytes.subarray(start, start + n));
    } catch {
      throw new Rejected('invalid UTF-8 in a string');
    }
  }

  json(what: string, allowUndefined = false): void {
    const check = checkJsonText(this.text(), this.limits.maxDepth, allowUndefined);
    if (!check.ok) throw new Rejected(`${what}: ${check.reason}`);
  }

  any(depth: number): void {
    if (depth > this.limits.maxDepth) throw new Rejected('content nested too deeply');
    const type = this.u8();
    switch (type) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        return;
      case 125: // integer
        this.varInt();
        return;
      case 124: // float32
        this.skip(4);
        return;
      case 123: // float64
      case 122: // bigint64
        this.skip(8);
        return;
      case 119: // string
        this.string();
        return;
      case 116: // Uint8Array
        this.bytesField();
        return;
      case 118: {
        // object
        const n = this.count('object key');
        for (let i = 0; i < n; i++) {
          this.string();
          this.any(depth + 1);
        }
        return;
      }
      case 117: {
        // array
        const n = this.count('array item');
        for (let i = 0; i < n; i++) this.any(depth + 1);
        return;
      }
      default:
        throw new Rejected(`unknown value type ${type}`);
    }
  }

  /** Reads an item's content; returns its length in clock ticks. */
  content(ref: number): number {
    switch (ref) {
      case 1: // ContentDeleted
        return this.length('deleted content');
      case 2: {
        // ContentJSON
        const n = this.count('json item');
        if (n === 0) throw new Rejected('JSON content of length 0');
        for (let i = 0; i < n; i++) this.json('JSON content', true);
        return n;
      }
      case 3: // ContentBinary
        this.bytesField();
        return 1;
      case 4: {
        // ContentString: its length is the decoded string's (UTF-16 code units)
        const length = this.text().length;
        if (length === 0) throw new Rejected('string content of length 0');
        return length;
      }
      case 5: // ContentEmbed (JSON)
        this.json('embed content');
        return 1;
      case 6: // ContentFormat: key, JSON value
        this.string();
        this.json('format content');
        return 1;
      case 7: {
        // ContentType
        // Y.Array, Y.Map and Y.Text only. Boards use no XML types, and Yjs's XML types throw
        // when read with content of other kinds inside (toString, toJSON).
        const typeRef = this.varUint();
        if (typeRef > 6) throw new Rejected(`unknown shared type ${typeRef}`);
        if (typeRef > 2) throw new Rejected('XML types are not accepted');
        return 1;
      }
      case 8: {
        // ContentAny
        const n = this.count('any item');
        if (n === 0) throw new Rejected('any content of length 0');
        for (let i = 0; i < n; i++) this.any(1);
        return n;
      }
      case 9: // ContentDoc
        throw new Rejected('sub-documents are not accepted');
      default:
        throw new Rejected(`unknown content type ${ref}`);
    }
  }

  /**
   * Records an id the struct at (client, clock) refers to. A client's struct can only refer
   * to what existed when it was made: its own earlier structs, never itself or later ones
   * (Yjs crashes resolving such an id while it integrates the update).
   */
  reference(client: number, clock: number, refClient: number, refClock: number): void {
    if (refClient === client && refClock >= clock) throw new Rejected('a struct refers to itself or a later struct');
    this.references.push(refClient, refClock);
  }

  /** Reads one struct at `clock`; returns its length. */
  struct(client: number, clock: number, ranges: number[], items: number[]): number {
    if (++this.structs > this.limits.maxStructs) throw new Rejected('too many structs in one update');
    const info = this.u8();
    const ref = info & 0x1f;
    if (ref === 0 || ref === 10) {
      const length = this.length(ref === 0 ? 'GC struct' : 'skip struct');
      if (ref === 0) provide(ranges, clock, clock + length);
      return length;
    }
    const hasOrigin = (info & 0x80) !== 0;
    const hasRightOrigin = (info & 0x40) !== 0;
    let parentRef: TypeItem['parentRef'] = ParentRef.Root;
    let mapEntry = 0;
    let refClient = 0;
    let refClock = 0;
    let rightClient = -1;
    let rightClock = -1;
    let root = -1;
    if (hasOrigin) {
      refClient = this.varUint();
      refClock = this.varUint();
      this.reference(client, clock, refClient, refClock);
      parentRef = ParentRef.Origin;
    }
    if (hasRightOrigin) {
      rightClient = this.varUint();
      rightClock = this.varUint();
      this.reference(client, clock, rightClient, rightClock);
      // The left neighbour's last id and the right neighbour's first id are never the same.
      if (hasOrigin && rightClient === refClient && rightClock === refClock)
        throw new Rejected('a struct has the same id on both sides');
      if (!hasOrigin) {
        parentRef = ParentRef.RightOrigin;
        refClient = rightClient;
        refClock = rightClock;
      }
    }
    if (!hasOrigin && !hasRightOrigin) {
      const parentIsRootType = this.varUint() === 1;
      if (parentIsRootType) {
        const name = this.text();
        if (this.limits.isRootName && !this.limits.isRootName(name)) throw new Rejected('unknown root type');
        root = this.rootNames.indexOf(name);
        if (root < 0) root = this.rootNames.push(name) - 1;
      } else {
        refClient = this.varUint();
        refClock = this.varUint();
        this.reference(client, clock, refClient, refClock);
        parentRef = ParentRef.Id;
      }
      if ((info & 0x20) !== 0) {
        this.string(); // parentSub (map key)
        mapEntry = 1;
      }
    }
    const length = this.content(ref);
    if (clock + length > Number.MAX_SAFE_INTEGER) throw new Rejected('clock past 2^53');
    // A map holds one value per entry; a longer entry is split differently on every reload.
    if (mapEntry && length > 1) throw new Rejected('a map entry longer than one value');
    if (ref === 7) this.typeItems.push({ client, clock, parentRef, refClient, refClock });
    items.push(clock, length, parentRef, refClient, refClock, mapEntry, rightClient, rightClock, root);
    provide(ranges, clock, clock + length);
    return length;
  }
}

/** Appends [start, end) to flat ranges, merging with the previous range when contiguous. */
function provide(ranges: number[], start: number, end: number): void {
  if (ranges.length > 0 && ranges[ranges.length - 1] === start) ranges[ranges.length - 1] = end;
  else ranges.push(start, end);
}

/** Checks a client's update before it is decoded; never throws. */
export function inspectUpdate(update: Uint8Array, limits: InspectionLimits = DEFAULT_INSPECTION_LIMITS): Inspection {
  const reader = new Reader(update, limits);
  try {
    if (update.length === 0) throw new Rejected('empty update');
    const clients = reader.count('client');
    for (let c = 0; c < clients; c++) {
      const structs = reader.count('struct');
      const client = reader.varUint();
      let clock = reader.varUint();
      if (reader.provides.has(client)) throw new Rejected('a client listed twice');
      const ranges: number[] = [];
      const items: number[] = [];
      reader.provides.set(client, ranges);
      reader.items.set(client, items);
      for (let s = 0; s < structs; s++) clock += reader.struct(client, clock, ranges, items);
    }
    let deletes = 0;
    const dsClients = reader.count('delete-set client');
    const deletingClients = new Set<number>();
    for (let c = 0; c < dsClients; c++) {
      const client = reader.varUint();
      if (deletingClients.has(client)) throw new Rejected('a client listed twice in the delete set');
      deletingClients.add(client);
      const ranges = reader.count('delete range');
      for (let r = 0; r < ranges; r++) {
        const clock = reader.varUint();
        const length = reader.length('delete range');
        if (clock + length > Number.MAX_SAFE_INTEGER) throw new Rejected('delete range past 2^53');
        reader.deletes.push(client, clock, length);
        deletes++;
      }
    }
    if (reader.remaining !== 0) throw new Rejected('trailing bytes after the update');
    return {
      ok: true,
      structs: reader.structs,
      deletes,
      shape: {
        provides: reader.provides,
        items: reader.items,
        rootNames: reader.rootNames,
        references: reader.references,
        deletes: reader.deletes,
        typeItems: reader.typeItems,
      },
    };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, reason: error.message };
    throw error;
  }
}
