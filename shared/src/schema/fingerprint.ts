/**
 * What a document says, independent of how its structs happen to be split: the state
 * vector, the deleted ranges and the content of each root type. Two documents with equal
 * fingerprints show everyone the same board. Used to verify a snapshot before it replaces
 * the update log it covers (the bytes may differ: Yjs splits and merges deleted runs
 * differently depending on the order updates arrived in).
 */
import * as Y from 'yjs';

export type RootKind = 'map' | 'text';

/** Keys sorted at every level, so map insertion order does not matter. */
function canonical(value: unknown): unknown {
  if (value instanceof Y.AbstractType) return { type: canonical(value.toJSON()) };
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Uint8Array) return { bytes: [...value] };
  if (typeof value === 'bigint') return { bigint: value.toString() };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function documentFingerprint(doc: Y.Doc, roots: Readonly<Record<string, RootKind>>): string {
  const stateVector = [...Y.decodeStateVector(Y.encodeStateVector(doc))].sort((a, b) => a[0] - b[0]);
  const deleteSet = [...Y.createDeleteSetFromStructStore(doc.store).clients]
    .sort((a, b) => a[0] - b[0])
    .map(([client, ranges]) => [client, ranges.map((range) => [range.clock, range.len])]);
  const present = [...doc.share.keys()].sort();
  const content: Record<string, unknown> = {};
  for (const name of Object.keys(roots).sort()) {
    // Reading a root creates it (an empty one), which changes no fingerprint: empty roots encode nothing.
    content[name] = roots[name] === 'text' ? doc.getText(name).toDelta() : doc.getMap(name).toJSON();
  }
  return JSON.stringify(
    canonical({ stateVector, deleteSet, content, roots: present.filter((name) => !(name in roots)) }),
  );
}
