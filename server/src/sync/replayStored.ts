import { DEFAULT_INSPECTION_LIMITS, inspectUpdate, isJammed } from '@retrace/shared';
import * as Y from 'yjs';

/**
 * Rebuilds a document from what storage holds (a snapshot, then the updates after it),
 * in such a way that no stored update can stop a board from loading.
 *
 * Each stored update is inspected before Yjs reads it (updates stored before the server
 * refused such structures, or damaged on disk, would otherwise throw or jam the document)
 * and applied on its own. One that cannot be read, or that throws inside Yjs, is
 * quarantined: left in the log (the log is the meeting's record and never rewritten) but
 * skipped, with a log line and a metric. If a snapshot is unreadable the caller replays the
 * whole log instead.
 *
 * Updates whose dependencies are missing from storage (an edit lost in an outage before
 * this version) are returned as `orphans` instead of staying in Yjs's pending store: a
 * client that still holds the missing edit resends it when it connects, and the orphans
 * are applied then.
 */

export interface StoredEntry {
  readonly data: Uint8Array;
  /** Its sequence number (for a snapshot: the last one it covers). */
  readonly seq: number;
  readonly snapshot?: boolean;
  /**
   * Encoded by Yjs from a live document in this process (a room's state), not read from
   * storage: it needs no inspection, since the document it came from already holds it.
   */
  readonly live?: boolean;
}

export interface Replay {
  readonly doc: Y.Doc;
  readonly quarantined: ReadonlyArray<{ readonly seq: number; readonly reason: string; readonly snapshot: boolean }>;
  /** Stored updates that wait for changes storage does not have (v1 updates). */
  readonly orphans: readonly Uint8Array[];
}

const STORED_LIMITS = { ...DEFAULT_INSPECTION_LIMITS, maxStructs: Number.MAX_SAFE_INTEGER };

/** Replays `entries` in order into a fresh document; `origin` is the transaction origin used. */
export function replayStored(entries: readonly StoredEntry[], origin: unknown = null): Replay {
  const skipped = new Map<number, string>();
  for (;;) {
    const doc = new Y.Doc();
    const failure = applyAll(doc, entries, skipped, origin);
    if (failure === null) {
      const quarantined = [...skipped].map(([index, reason]) => ({
        seq: entries[index]!.seq,
        reason,
        snapshot: entries[index]!.snapshot === true,
      }));
      return { doc, quarantined, orphans: takePending(doc) };
    }
    // Yjs failed inside a transaction: this document is unusable. Start again without it.
    doc.destroy();
    skipped.set(failure.index, failure.reason);
  }
}

function applyAll(
  doc: Y.Doc,
  entries: readonly StoredEntry[],
  skipped: Map<number, string>,
  origin: unknown,
): { index: number; reason: string } | null {
  for (let index = 0; index < entries.length; index++) {
    if (skipped.has(index)) continue;
    const data = entries[index]!.data;
    const inspection = entries[index]!.live ? null : inspectUpdate(data, STORED_LIMITS);
    if (inspection && !inspection.ok) {
      skipped.set(index, inspection.reason);
      continue;
    }
    try {
      Y.applyUpdate(doc, data, origin);
    } catch (error) {
      if (isJammed(doc)) return { index, reason: (error as Error).message };
      skipped.set(index, (error as Error).message);
      continue;
    }
    if (isJammed(doc)) return { index, reason: 'left the document mid-transaction' };
  }
  return null;
}

/** Moves what Yjs left pending out of the document, as plain v1 updates. */
function takePending(doc: Y.Doc): Uint8Array[] {
  const store = doc.store;
  const orphans: Uint8Array[] = [];
  if (store.pendingStructs) orphans.push(Y.convertUpdateFormatV2ToV1(store.pendingStructs.update));
  if (store.pendingDs) orphans.push(Y.convertUpdateFormatV2ToV1(store.pendingDs));
  store.pendingStructs = null;
  store.pendingDs = null;
  return orphans;
}
