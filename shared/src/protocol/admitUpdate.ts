/**
 * The gate every update from a client passes before it touches a room's document:
 * well-formed and within limits (updateInspector), nothing missing that it depends on
 * (updateDependencies), shared types nested within the limit. Then `applyChecked` applies it
 * and verifies that the document is still healthy afterwards.
 */
import * as Y from 'yjs';
import { missingDependencies, structureProblem, type Needs } from './updateDependencies';
import { DEFAULT_INSPECTION_LIMITS, inspectUpdate, type InspectionLimits, type UpdateShape } from './updateInspector';

export interface AdmissionLimits extends InspectionLimits {
  /** Nesting of shared types (a root type is 0; a card's map is 1, its factor set 2). */
  readonly maxTypeDepth: number;
}

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = { ...DEFAULT_INSPECTION_LIMITS, maxTypeDepth: 16 };

export type Admission =
  /** Malformed, past a limit, or something Yjs could not encode or replay: never apply it. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** Carries nothing to apply (an empty sync step 2). */
  | { readonly kind: 'empty' }
  /** Partly holds what the document has: admit `trimToMissing(doc, update)` instead. */
  | { readonly kind: 'overlapping' }
  /** Depends on structs the document does not have yet (`needs` = per-client state to reach). */
  | { readonly kind: 'waiting'; readonly needs: Needs; readonly shape: UpdateShape }
  | { readonly kind: 'ready'; readonly shape: UpdateShape };

export function admitUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS,
): Admission {
  const inspection = inspectUpdate(update, limits);
  if (!inspection.ok) return { kind: 'refused', reason: inspection.reason };
  if (inspection.structs === 0 && inspection.deletes === 0) return { kind: 'empty' };
  if (overlapsDocument(doc, inspection.shape)) return { kind: 'overlapping' };
  return recheck(doc, inspection.shape, limits);
}

/**
 * Structs that start below the document's state for their client: the document has that
 * part already. Yjs assumes the overlap is identical and crashes when it is not, so such an
 * update is first trimmed to what the document lacks (`trimToMissing`) and admitted again.
 * Honest clients send overlaps when their sync step 2 crosses one of their own updates.
 */
function overlapsDocument(doc: Y.Doc, shape: UpdateShape): boolean {
  for (const [client, ranges] of shape.provides) {
    if (ranges.length > 0 && ranges[0]! < Y.getState(doc.store, client)) return true;
  }
  return false;
}

/** The part of an update the document does not have yet (Yjs slices the overlapping structs). */
export function trimToMissing(doc: Y.Doc, update: Uint8Array): Uint8Array {
  return Y.diffUpdate(update, Y.encodeStateVector(doc));
}

/** The dependency and nesting checks alone, for an update inspected earlier (one that waited). */
export function recheck(doc: Y.Doc, shape: UpdateShape, limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS): Admission {
  const needs = missingDependencies(shape, (client) => Y.getState(doc.store, client));
  if (needs) return { kind: 'waiting', needs, shape };
  const problem = structureProblem(doc, shape, limits.maxTypeDepth);
  if (problem) return { kind: 'refused', reason: problem };
  return { kind: 'ready', shape };
}

/** Yjs-internal fields read to tell whether a document still works (yjs 13.6). */
interface DocInternals {
  readonly _transaction: unknown;
  readonly _transactionCleanups: readonly unknown[];
}

/**
 * True when the document can no longer emit updates: an exception inside a Yjs transaction
 * leaves it with a transaction that never finishes, after which every later change stays
 * in memory only, neither stored nor broadcast.
 */
export function isJammed(doc: Y.Doc): boolean {
  const internals = doc as unknown as DocInternals;
  return internals._transaction !== null || internals._transactionCleanups.length > 0;
}

export type ApplyOutcome =
  | { readonly ok: true }
  /** `jammed`: the document must be discarded and reloaded from storage. */
  | { readonly ok: false; readonly reason: string; readonly jammed: boolean };

/**
 * Applies an admitted update and checks the document afterwards: nothing thrown, no
 * transaction left open, nothing left pending (the admission said nothing was missing).
 * Pending leftovers are cleared so they cannot be re-read on every later update.
 */
export function applyChecked(doc: Y.Doc, update: Uint8Array, origin: unknown): ApplyOutcome {
  let thrown: unknown = null;
  try {
    Y.applyUpdate(doc, update, origin);
  } catch (error) {
    thrown = error;
  }
  if (isJammed(doc)) return { ok: false, reason: describe(thrown, 'document left mid-transaction'), jammed: true };
  if (thrown) return { ok: false, reason: describe(thrown, 'update failed to apply'), jammed: false };
  const store = doc.store;
  if (store.pendingStructs !== null || store.pendingDs !== null) {
    store.pendingStructs = null;
    store.pendingDs = null;
    return { ok: false, reason: 'update left structs pending', jammed: false };
  }
  return { ok: true };
}

function describe(error: unknown, fallback: string): string {
  return error instanceof Error ? `${fallback}: ${error.message}` : fallback;
}
