import * as Y from 'yjs';

/**
 * Test helpers for CRDT replicas: each replica records its own updates so tests can
 * deliver them to other replicas in any order, duplicated or delayed.
 */
export interface Replica {
  readonly doc: Y.Doc;
  /** Updates this replica produced locally and has not yet shipped. */
  readonly outbox: Uint8Array[];
}

const REMOTE = Symbol('remote');

export function createReplica(clientId?: number): Replica {
  const doc = new Y.Doc();
  if (clientId !== undefined) doc.clientID = clientId;
  const outbox: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== REMOTE) outbox.push(update);
  });
  return { doc, outbox };
}

/** A replica that starts from the full state of `source`. */
export function forkReplica(source: Y.Doc, clientId?: number): Replica {
  const replica = createReplica(clientId);
  Y.applyUpdate(replica.doc, Y.encodeStateAsUpdate(source), REMOTE);
  return replica;
}

export function deliver(target: Replica, updates: readonly Uint8Array[]): void {
  for (const update of updates) Y.applyUpdate(target.doc, update, REMOTE);
}

/** Takes everything from the outbox (the caller decides where and in which order it goes). */
export function drain(replica: Replica): Uint8Array[] {
  return replica.outbox.splice(0, replica.outbox.length);
}

/** Full-mesh exchange: every replica receives every other replica's pending updates. */
export function syncAll(replicas: readonly Replica[], order: 'forward' | 'reverse' = 'forward'): void {
  const batches = replicas.map(drain);
  for (const [i, target] of replicas.entries()) {
    const incoming = batches.filter((_, j) => j !== i).flat();
    deliver(target, order === 'forward' ? incoming : [...incoming].reverse());
  }
}
