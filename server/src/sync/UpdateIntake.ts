import {
  admitUpdate,
  applyChecked,
  needsMet,
  recheck,
  trimToMissing,
  type AdmissionLimits,
  type Needs,
  type UpdateShape,
} from '@retrace/shared';
import * as Y from 'yjs';

/**
 * The first stage of the write path: decides what a client's update does to the room's
 * document, before it is stored and broadcast (`WritePath`).
 *
 *   refused  malformed, past a limit, or something Yjs could not encode or replay
 *            (`admitUpdate`): never applied; the sender is closed (4422);
 *   waiting  depends on changes the document does not have yet: held here, outside the
 *            document, and applied the moment they arrive; a sender whose update waits
 *            too long is asked to reconnect (4010), which makes it resend everything;
 *   applied  applied to the document, whose 'update' event stores and broadcasts it.
 *
 * Yjs would keep waiting updates in its own pending store and re-read all pending
 * deletions on every later update: 80 such updates stalled a whole server for seconds.
 * Here each waiting update records exactly what it needs, and only the waiting updates
 * whose needs the document has reached are looked at again.
 */

export interface IntakeLimits extends AdmissionLimits {
  /**
   * Client ids (writers) one connection may add to a document, and a document may hold. Yjs
   * does work for every client id on every change (each transaction copies the state vector),
   * so ids made up by the thousand would slow every edit of the board; honest connections
   * add their own id and perhaps a few from other tabs.
   */
  readonly maxNewClientsPerSender: number;
  readonly maxClients: number;
  /** Updates one sender may have waiting, and their bytes. */
  readonly maxWaitingPerSender: number;
  readonly maxWaitingBytesPerSender: number;
  /** Bytes waiting in one room, all senders together. */
  readonly maxWaitingBytes: number;
  /** How long an update may wait for what it depends on. */
  readonly waitingTtlMs: number;
}

export type IntakeResult =
  | { readonly kind: 'applied' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'waiting' }
  /** `resync`: the sender should reconnect (honest clients recover); otherwise it is hostile. */
  | { readonly kind: 'refused'; readonly reason: string; readonly resync: boolean }
  /** The document holds as many client ids as it may: nobody new can write to it. */
  | { readonly kind: 'full'; readonly reason: string }
  /** The document failed inside Yjs and can no longer be used: the room must reload. */
  | { readonly kind: 'jammed'; readonly reason: string };

interface Waiting<S> {
  readonly sender: S;
  readonly origin: unknown;
  readonly trusted: boolean;
  readonly update: Uint8Array;
  readonly shape: UpdateShape;
  needs: Needs;
  readonly expiresAt: number;
}

export interface OfferOptions {
  /** The transaction origin the document sees (default: the sender). */
  readonly origin?: unknown;
  /** From another server process or from storage: may carry any client's structs. */
  readonly trusted?: boolean;
  /** How long it may wait for what it depends on (default: the limit for clients). */
  readonly waitMs?: number;
}

export interface IntakeDeps<S> {
  readonly now: () => number;
  /** Who currently holds a client id's presence, if anyone (a client's own id is its presence id). */
  readonly presenceOwner: (clientId: number) => S | null;
  /** Called for waiting updates applied later (the same result `offer` would have given). */
  readonly onLateResult: (sender: S, result: IntakeResult) => void;
}

export class UpdateIntake<S extends object> {
  private waiting: Waiting<S>[] = [];
  private waitingBytes = 0;
  private readonly newClients = new WeakMap<S, number>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly limits: IntakeLimits,
    private readonly deps: IntakeDeps<S>,
  ) {}

  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Takes an update from `sender`. */
  offer(sender: S, update: Uint8Array, options: OfferOptions = {}): IntakeResult {
    const origin = options.origin ?? sender;
    let admitted = update;
    let verdict = admitUpdate(this.doc, admitted, this.limits);
    if (verdict.kind === 'overlapping') {
      // Part of it is here already (a sync step 2 that crossed the sender's own update).
      try {
        admitted = trimToMissing(this.doc, update);
      } catch (error) {
        return { kind: 'refused', reason: `untrimmable update: ${(error as Error).message}`, resync: false };
      }
      verdict = admitUpdate(this.doc, admitted, this.limits);
      if (verdict.kind === 'overlapping')
        return { kind: 'refused', reason: 'overlap left after trimming', resync: false };
    }
    switch (verdict.kind) {
      case 'refused':
        return { kind: 'refused', reason: verdict.reason, resync: false };
      case 'empty':
        return { kind: 'empty' };
      case 'waiting':
        return this.hold(
          sender,
          origin,
          options.trusted === true,
          admitted,
          verdict,
          options.waitMs ?? this.limits.waitingTtlMs,
        );
      case 'ready': {
        if (!options.trusted) {
          const squatted = this.squattedClient(sender, verdict.shape);
          if (squatted !== null)
            return {
              kind: 'refused',
              reason: `writes as client ${squatted}, held by another connection`,
              resync: true,
            };
          const tooMany = this.countNewClients(sender, verdict.shape);
          if (tooMany) return tooMany;
        }
        return this.apply(admitted, origin);
      }
    }
  }

  /**
   * A connection may extend the clock of a client id another live connection holds only if
   * it relays what that client wrote; writing ahead of it would put different structs under
   * the same ids (the honest owner's next edit would then be silently dropped).
   */
  private squattedClient(sender: S, shape: UpdateShape): number | null {
    for (const [client, ranges] of shape.provides) {
      if (ranges.length === 0) continue;
      const end = ranges[ranges.length - 1]!;
      if (end <= Y.getState(this.doc.store, client)) continue;
      if (client === this.doc.clientID) return client;
      const owner = this.deps.presenceOwner(client);
      if (owner !== null && owner !== sender) return client;
    }
    return null;
  }

  /** Counts the client ids the update adds against the sender's and the document's allowance. */
  private countNewClients(sender: S, shape: UpdateShape): IntakeResult | null {
    let added = 0;
    for (const client of shape.provides.keys()) if (!this.doc.store.clients.has(client)) added++;
    if (added === 0) return null;
    if (this.doc.store.clients.size + added > this.limits.maxClients)
      return { kind: 'full', reason: `the document holds ${this.doc.store.clients.size} client ids` };
    const total = (this.newClients.get(sender) ?? 0) + added;
    if (total > this.limits.maxNewClientsPerSender)
      return { kind: 'refused', reason: `adds ${total} client ids from one connection`, resync: false };
    this.newClients.set(sender, total);
    return null;
  }

  private apply(update: Uint8Array, origin: unknown): IntakeResult {
    const outcome = applyChecked(this.doc, update, origin);
    if (!outcome.ok) {
      return outcome.jammed
        ? { kind: 'jammed', reason: outcome.reason }
        : { kind: 'refused', reason: outcome.reason, resync: true };
    }
    this.applyWaiting();
    return { kind: 'applied' };
  }

  private hold(
    sender: S,
    origin: unknown,
    trusted: boolean,
    update: Uint8Array,
    verdict: { readonly shape: UpdateShape; readonly needs: Needs },
    waitMs: number,
  ): IntakeResult {
    const mine = this.waiting.filter((entry) => entry.sender === sender);
    // The same update again (catch-up reads it until it applies): one copy waits.
    if (mine.some((entry) => sameBytes(entry.update, update))) return { kind: 'waiting' };
    const myBytes = mine.reduce((sum, entry) => sum + entry.update.byteLength, 0);
    if (
      mine.length >= this.limits.maxWaitingPerSender ||
      myBytes + update.byteLength > this.limits.maxWaitingBytesPerSender ||
      this.waitingBytes + update.byteLength > this.limits.maxWaitingBytes
    ) {
      return { kind: 'refused', reason: 'too many updates waiting for changes the server does not have', resync: true };
    }
    this.waiting.push({
      sender,
      origin,
      trusted,
      update,
      shape: verdict.shape,
      needs: verdict.needs,
      expiresAt: this.deps.now() + waitMs,
    });
    this.waitingBytes += update.byteLength;
    return { kind: 'waiting' };
  }

  /** Applies, in arrival order, every waiting update the document now has everything for. */
  private applyWaiting(): void {
    const stateOf = (client: number) => Y.getState(this.doc.store, client);
    for (let progress = true; progress;) {
      progress = false;
      for (const entry of this.waiting) {
        if (!needsMet(entry.needs, stateOf)) continue;
        const verdict = recheck(this.doc, entry.shape, this.limits);
        if (verdict.kind === 'waiting') {
          entry.needs = verdict.needs; // part of it arrived; wait for the rest
          continue;
        }
        this.remove(entry);
        const result: IntakeResult =
          verdict.kind === 'ready'
            ? this.applyOne(entry)
            : { kind: 'refused', reason: verdict.kind === 'refused' ? verdict.reason : 'unexpected', resync: false };
        this.deps.onLateResult(entry.sender, result);
        progress = true;
        break; // the list changed; look again from the start
      }
    }
  }

  private applyOne(entry: Waiting<S>): IntakeResult {
    const tooMany = entry.trusted ? null : this.countNewClients(entry.sender, entry.shape);
    if (tooMany) return tooMany;
    const outcome = applyChecked(this.doc, entry.update, entry.origin);
    if (outcome.ok) return { kind: 'applied' };
    return outcome.jammed
      ? { kind: 'jammed', reason: outcome.reason }
      : { kind: 'refused', reason: outcome.reason, resync: true };
  }

  private remove(entry: Waiting<S>): void {
    this.waiting = this.waiting.filter((other) => other !== entry);
    this.waitingBytes -= entry.update.byteLength;
  }

  /** Forgets a sender's waiting updates (it left: it resends them when it reconnects). */
  dropSender(sender: S): void {
    for (const entry of this.waiting.filter((other) => other.sender === sender)) this.remove(entry);
  }

  /** Senders whose updates waited past their limit; their updates are dropped. */
  expire(): S[] {
    const now = this.deps.now();
    const expired = this.waiting.filter((entry) => entry.expiresAt <= now);
    for (const entry of expired) this.remove(entry);
    return [...new Set(expired.map((entry) => entry.sender))];
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
