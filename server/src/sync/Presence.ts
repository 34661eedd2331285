import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { SEAT_FIELD, checkJsonText, stampSeat, type Seat } from '@retrace/shared';

/**
 * A room's presence (the y-protocols awareness states: who is here, their cursor, their
 * drag), kept as the JSON text each client sent.
 *
 * The server never parses a state into objects it later re-serialises: y-protocols'
 * Awareness does (`JSON.stringify` on every encode), and one deeply nested state from a
 * view-only link overflowed the stack there and ended the process. Here a state is checked
 * once on arrival (size, nesting depth, a JSON object or null, no server-only field) and
 * then forwarded byte for byte.
 *
 * Wire format (y-protocols/awareness.js): varuint(n) { varuint(clientId) varuint(clock) varstring(json) }*n,
 * where json "null" means the client left. A state changes only with a newer clock (or
 * a removal at the same clock); states not renewed for 30 s expire (clients renew every 15 s).
 */

/** Who holds a presence id: a connection of this process, another process (relayed), or the server itself. */
export type PresenceOwner<C> = { readonly kind: 'connection'; readonly connection: C } | { readonly kind: 'remote' };

interface Entry<C> {
  clock: number;
  /** The state's JSON text; null once the client left (the clock is kept to refuse stale states). */
  json: string | null;
  updatedAt: number;
  owner: PresenceOwner<C> | null;
}

export interface PresenceLimits {
  /** Largest JSON text of one state. */
  readonly maxStateBytes: number;
  /** Deepest nesting of objects and arrays in a state. */
  readonly maxStateDepth: number;
  /** Presence ids one connection may hold. */
  readonly maxIdsPerConnection: number;
  /** Entries in one message (stock providers echo everyone's states back). */
  readonly maxEntriesPerMessage: number;
}

export const DEFAULT_PRESENCE_LIMITS: PresenceLimits = {
  maxStateBytes: 16 * 1024,
  maxStateDepth: 16,
  maxIdsPerConnection: 4,
  maxEntriesPerMessage: 1_000,
};

/** y-protocols' timeout: a state not renewed for this long is gone. */
export const PRESENCE_TIMEOUT_MS = 30_000;

export interface PresenceEntry {
  readonly clientId: number;
  readonly clock: number;
  readonly json: string;
}

export class PresenceError extends Error {
  override readonly name = 'PresenceError';
}

/** Reads a presence message's entries without interpreting the states; throws PresenceError. */
export function readPresenceEntries(update: Uint8Array, maxEntries: number): PresenceEntry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > maxEntries) throw new PresenceError('too many presence entries');
    const entries: PresenceEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (clientId > 0xffff_ffff || clock > Number.MAX_SAFE_INTEGER)
        throw new PresenceError('presence id out of range');
      entries.push({ clientId, clock, json });
    }
    if (decoding.hasContent(decoder)) throw new PresenceError('trailing bytes after presence entries');
    return entries;
  } catch (error) {
    if (error instanceof PresenceError) throw error;
    throw new PresenceError(`undecodable presence message: ${(error as Error).message}`);
  }
}

export function encodePresenceEntries(entries: readonly PresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.json);
  }
  return encoding.toUint8Array(encoder);
}

export type PresenceVerdict =
  | { readonly accepted: PresenceEntry[] }
  | {
      readonly refused: string;
      /** true when the message itself is malformed (close the connection). */ readonly malformed: boolean;
    };

/** Room a stamped seat takes in a state's JSON text (relayed states were checked before stamping). */
const SEAT_STAMP_ALLOWANCE = 256;

/** The reserved top-level field under which the server publishes its own status. */
export const SERVER_STATUS_FIELD = 'retraceServer';

export class Presence<C> {
  private readonly entries = new Map<number, Entry<C>>();
  /** The server's own presence id (like a Y.Doc client id). */
  readonly serverId: number;

  constructor(
    private readonly limits: PresenceLimits,
    private readonly now: () => number,
    serverId: number,
  ) {
    this.serverId = serverId;
  }

  /** The JSON states currently present (for tests and the room's own logic). */
  states(): Map<number, string> {
    const states = new Map<number, string>();
    for (const [id, entry] of this.entries) if (entry.json !== null) states.set(id, entry.json);
    return states;
  }

  /** Ids with a state. */
  presentIds(): number[] {
    return [...this.entries].filter(([, entry]) => entry.json !== null).map(([id]) => id);
  }

  ownedBy(connection: C): number[] {
    const ids: number[] = [];
    for (const [id, entry] of this.entries)
      if (entry.owner?.kind === 'connection' && entry.owner.connection === connection) ids.push(id);
    return ids;
  }

  /** The connection of this process that holds `id`, if any. */
  ownerConnection(id: number): C | null {
    const owner = this.entries.get(id)?.owner;
    return owner?.kind === 'connection' ? owner.connection : null;
  }

  isOwnedBy(id: number, connection: C): boolean {
    const owner = this.entries.get(id)?.owner;
    return owner?.kind === 'connection' && owner.connection === connection;
  }

  /** Sets the server's own state (JSON it wrote itself). */
  setServerState(json: string): PresenceEntry {
    const previous = this.entries.get(this.serverId);
    const entry: Entry<C> = { clock: (previous?.clock ?? 0) + 1, json, updatedAt: this.now(), owner: null };
    this.entries.set(this.serverId, entry);
    return { clientId: this.serverId, clock: entry.clock, json };
  }

  /**
   * Checks and applies a connection's presence message, each state stamped with the
   * connection's `seat` (who the server knows it to be). Stock providers send back every
   * change they receive; such echoes (an id the connection does not own, at a clock the
   * room already has) change nothing and are skipped quietly.
   */
  receive(connection: C, update: Uint8Array, seat?: Seat): PresenceVerdict {
    let sent: PresenceEntry[];
    try {
      sent = readPresenceEntries(update, this.limits.maxEntriesPerMessage);
    } catch (error) {
      return { refused: (error as Error).message, malformed: true };
    }
    const fresh = sent.filter((entry) => {
      const known = this.entries.get(entry.clientId);
      return this.isOwnedBy(entry.clientId, connection) || entry.clock > (known?.clock ?? 0);
    });
    if (fresh.length === 0) return { accepted: [] };
    const claimed = new Set(this.ownedBy(connection));
    for (const entry of fresh) {
      if (entry.clientId === this.serverId) return { refused: 'presence impersonating the server', malformed: false };
      const owner = this.entries.get(entry.clientId)?.owner;
      if (owner?.kind === 'connection' && owner.connection !== connection)
        return { refused: "presence for another connection's id", malformed: false };
      const problem = this.checkState(entry.json);
      if (problem) return { refused: problem, malformed: false };
      claimed.add(entry.clientId);
    }
    if (claimed.size > this.limits.maxIdsPerConnection) return { refused: 'too many presence ids', malformed: false };
    const accepted: PresenceEntry[] = [];
    for (const entry of fresh) {
      const stamped = seat && entry.json !== 'null' ? { ...entry, json: stampSeat(entry.json, seat) } : entry;
      const applied = this.apply(stamped, { kind: 'connection', connection });
      if (applied) accepted.push(applied);
    }
    return { accepted };
  }

  /** Applies states relayed by another process (checked there, and again here). */
  receiveRelayed(update: Uint8Array): PresenceEntry[] {
    const accepted: PresenceEntry[] = [];
    for (const entry of readPresenceEntries(update, this.limits.maxEntriesPerMessage)) {
      if (entry.clientId === this.serverId || this.checkState(entry.json, { relayed: true })) continue;
      const owner = this.entries.get(entry.clientId)?.owner;
      if (owner?.kind === 'connection') continue; // held by a connection here
      const applied = this.apply(entry, { kind: 'remote' });
      if (applied) accepted.push(applied);
    }
    return accepted;
  }

  /** The connection left: its states are removed (announced as null at the same clock). */
  removeConnection(connection: C): PresenceEntry[] {
    return this.remove(this.ownedBy(connection));
  }

  /** Removes states that were not renewed in time (clients that vanished without a goodbye). */
  expire(): PresenceEntry[] {
    const cutoff = this.now() - PRESENCE_TIMEOUT_MS;
    const stale: number[] = [];
    for (const [id, entry] of this.entries) {
      if (id !== this.serverId && entry.json !== null && entry.updatedAt <= cutoff) stale.push(id);
      // Forget long-gone ids (their clocks only guard against late, stale states).
      if (entry.json === null && entry.updatedAt <= cutoff - PRESENCE_TIMEOUT_MS) this.entries.delete(id);
    }
    return this.remove(stale);
  }

  /** Current entries for `ids` (removed ones as "null"), ready to encode. */
  entriesFor(ids: Iterable<number>): PresenceEntry[] {
    const out: PresenceEntry[] = [];
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry) out.push({ clientId: id, clock: entry.clock, json: entry.json ?? 'null' });
    }
    return out;
  }

  private remove(ids: readonly number[]): PresenceEntry[] {
    const removed: PresenceEntry[] = [];
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (!entry || entry.json === null) continue;
      entry.json = null;
      entry.owner = null;
      entry.updatedAt = this.now();
      removed.push({ clientId: id, clock: entry.clock, json: 'null' });
    }
    return removed;
  }

  private apply(entry: PresenceEntry, owner: PresenceOwner<C>): PresenceEntry | null {
    const known = this.entries.get(entry.clientId);
    const removal = entry.json === 'null';
    const newer = entry.clock > (known?.clock ?? 0);
    // Same rule as y-protocols: a newer clock, or a removal at the clock the state has.
    if (!newer && !(removal && known?.json !== null && known?.clock === entry.clock)) {
      if (known && owner.kind === 'connection' && this.isOwnedBy(entry.clientId, owner.connection))
        known.updatedAt = this.now(); // a renewal at the same clock still says "still here"
      return null;
    }
    this.entries.set(entry.clientId, {
      clock: entry.clock,
      json: removal ? null : entry.json,
      updatedAt: this.now(),
      owner: removal ? null : owner,
    });
    return entry;
  }

  /**
   * Why a state is refused, or null: size, nesting, shape, and the server's reserved fields
   * (a seat may only arrive stamped, relayed from the process that holds its connection).
   */
  private checkState(json: string, { relayed = false } = {}): string | null {
    // A relayed state carries the seat its own process stamped on it (about 80 characters).
    if (json.length > this.limits.maxStateBytes + (relayed ? SEAT_STAMP_ALLOWANCE : 0))
      return 'presence state too large';
    if (json === 'null') return null;
    const check = checkJsonText(json, this.limits.maxStateDepth);
    if (!check.ok) return `presence state: ${check.reason}`;
    const state: unknown = JSON.parse(json);
    if (typeof state !== 'object' || state === null || Array.isArray(state)) return 'presence state is not an object';
    // Compared on the decoded keys: "retrace\u0053erver" is the same key once parsed.
    if (Object.hasOwn(state, SERVER_STATUS_FIELD)) return 'presence impersonating the server';
    if (!relayed && Object.hasOwn(state, SEAT_FIELD)) return 'presence claiming a seat (only the server assigns seats)';
    return null;
  }
}

/** The display name a presence state gives (`user.name`), tidied for the update log; null without one. */
export function participantNameOf(json: string): string | null {
  if (json === 'null') return null;
  const state = JSON.parse(json) as { user?: { name?: unknown } } | null;
  const name = state?.user?.name;
  return typeof name === 'string' && name.trim() ? name.replace(/\s+/g, ' ').trim().slice(0, 60) : null;
}
