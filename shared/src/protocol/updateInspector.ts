/**
 * A bounded, allocation-light walk over a Yjs v1 update (the encoding y-websocket uses),
 * run before an update from a client touches a document.
 *
 * Every loop consumes input and every declared count is checked against the bytes left,
 * so inspection is O(length) and cannot hang; nesting depth, struct count and declared
 * lengths have hard limits. It answers "is this well-formed and within limits?", never
 * "what does it mean": Yjs still decodes and applies it afterwards.
 *
 * Format (yjs src/utils/encoding.js, UpdateDecoderV1):
 *   update      = structs deleteSet
 *   structs     = varuint(clients) { varuint(n) varuint(client) varuint(clock) struct*n }
 *   struct      = u8(info) ( GC: len | Skip: len | Item: origin? rightOrigin? parent? parentSub? content )
 *   deleteSet   = varuint(clients) { varuint(client) varuint(n) { varuint(clock) varuint(len) }*n }
 */

export interface InspectionLimits {
  /** Nesting of `any` values (objects/arrays inside map values). */
  readonly maxDepth: number;
  /** Structs in one update. */
  readonly maxStructs: number;
  /** A single struct's or delete range's declared length (characters, items). */
  readonly maxLength: number;
}

export const DEFAULT_INSPECTION_LIMITS: InspectionLimits = {
  maxDepth: 32,
  maxStructs: 200_000,
  maxLength: 2 ** 32,
};

export type Inspection =
  | { readonly ok: true; readonly structs: number; readonly deletes: number }
  | { readonly ok: false; readonly reason: string };

class Rejected extends Error {}

class Reader {
  pos = 0;
  structs = 0;
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
      if (byte < 0x80) return value;
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

  length(what: string): number {
    const n = this.varUint();
    if (n > this.limits.maxLength) throw new Rejected(`${what} length over the limit`);
    return n;
  }

  bytesField(): void {
    this.skip(this.varUint());
  }

  string(): void {
    this.bytesField();
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

  content(ref: number): void {
    switch (ref) {
      case 1: // ContentDeleted
        this.length('deleted content');
        return;
      case 2: {
        // ContentJSON
        const n = this.count('json item');
        for (let i = 0; i < n; i++) this.string();
        return;
      }
      case 3: // ContentBinary
      case 4: // ContentString
      case 5: // ContentEmbed (JSON string)
        this.bytesField();
        return;
      case 6: // ContentFormat: key, JSON value
        this.string();
        this.string();
        return;
      case 7: {
        // ContentType
        const typeRef = this.varUint();
        if (typeRef > 6) throw new Rejected(`unknown shared type ${typeRef}`);
        if (typeRef === 3 || typeRef === 5) this.string(); // XmlElement / XmlHook name
        return;
      }
      case 8: {
        // ContentAny
        const n = this.count('any item');
        for (let i = 0; i < n; i++) this.any(1);
        return;
      }
      case 9: // ContentDoc: guid, options
        this.string();
        this.any(1);
        return;
      default:
        throw new Rejected(`unknown content type ${ref}`);
    }
  }

  struct(): void {
    if (++this.structs > this.limits.maxStructs) throw new Rejected('too many structs in one update');
    const info = this.u8();
    const ref = info & 0x1f;
    if (ref === 0 || ref === 10) {
      this.length(ref === 0 ? 'GC' : 'skip');
      return;
    }
    const hasOrigin = (info & 0x80) !== 0;
    const hasRightOrigin = (info & 0x40) !== 0;
    if (hasOrigin) {
      this.varUint();
      this.varUint();
    }
    if (hasRightOrigin) {
      this.varUint();
      this.varUint();
    }
    if (!hasOrigin && !hasRightOrigin) {
      const parentIsRootType = this.varUint() === 1;
      if (parentIsRootType) this.string();
      else {
        this.varUint();
        this.varUint();
      }
      if ((info & 0x20) !== 0) this.string(); // parentSub (map key)
    }
    this.content(ref);
  }
}

/** Checks a client's update before it is decoded; never throws. */
export function inspectUpdate(update: Uint8Array, limits: InspectionLimits = DEFAULT_INSPECTION_LIMITS): Inspection {
  const reader = new Reader(update, limits);
  try {
    if (update.length === 0) throw new Rejected('empty update');
    const clients = reader.count('client');
    for (let c = 0; c < clients; c++) {
      const structs = reader.count('struct');
      reader.varUint(); // client id
      reader.varUint(); // first clock
      for (let s = 0; s < structs; s++) reader.struct();
    }
    let deletes = 0;
    const dsClients = reader.count('delete-set client');
    for (let c = 0; c < dsClients; c++) {
      reader.varUint(); // client id
      const ranges = reader.count('delete range');
      for (let r = 0; r < ranges; r++) {
        reader.varUint(); // clock
        reader.length('delete range');
        deletes++;
      }
    }
    if (reader.remaining !== 0) throw new Rejected('trailing bytes after the update');
    return { ok: true, structs: reader.structs, deletes };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, reason: error.message };
    throw error;
  }
}
