/**
 * What an update needs from a document before Yjs can apply all of it.
 *
 * Yjs keeps the unappliable part of an update (structs after a gap, items whose neighbours
 * or parent it does not have, deletions of clocks it has not seen) in a "pending" store
 * and re-reads all pending deletions on every later update. Honest clients produce such
 * updates only for moments (two tabs racing, an offline edit replayed before the sync
 * handshake); a hostile client can make every update of a board pay for megabytes of them.
 * The server therefore asks first, from the update's shape and the document's state
 * vector, whether anything is missing, and holds such an update outside the document
 * until it is complete.
 */
import * as Y from 'yjs';
import { ITEM_FIELDS, ParentRef, type TypeItem, type UpdateShape } from './updateInspector';

/** Per client, the state (next expected clock) the document must reach. */
export type Needs = Map<number, number>;

function need(needs: Needs, client: number, state: number): void {
  if ((needs.get(client) ?? 0) < state) needs.set(client, state);
}

/**
 * What the document (through `stateOf`, its state vector) lacks for the whole update to
 * apply, or null when nothing is missing.
 */
export function missingDependencies(shape: UpdateShape, stateOf: (client: number) => number): Needs | null {
  const needs: Needs = new Map();
  // How far each client's clock reaches once the update's own structs are in, supposing
  // any gap before them is filled: what the update refers to inside its own structs is then
  // there. (Needs are lower bounds: when they are met, the update is checked again.)
  const reach = new Map<number, number>();
  for (const [client, ranges] of shape.provides) {
    let have = stateOf(client);
    for (let i = 0; i < ranges.length; i += 2) {
      const start = ranges[i]!;
      if (start > have) {
        need(needs, client, start); // a gap before these structs
        if (i > 0) break; // a gap inside the update (a skip): nothing after it counts
      }
      have = Math.max(have, ranges[i + 1]!);
    }
    reach.set(client, have);
  }
  const reachOf = (client: number) => reach.get(client) ?? stateOf(client);
  const refs = shape.references;
  for (let i = 0; i < refs.length; i += 2) {
    const client = refs[i]!;
    const clock = refs[i + 1]!;
    if (clock >= reachOf(client)) need(needs, client, clock + 1);
  }
  const deletes = shape.deletes;
  for (let i = 0; i < deletes.length; i += 3) {
    const client = deletes[i]!;
    const end = deletes[i + 1]! + deletes[i + 2]!;
    if (end > reachOf(client)) need(needs, client, end);
  }
  return needs.size > 0 ? needs : null;
}

/** True once the document's state vector reaches everything in `needs`. */
export function needsMet(needs: Needs, stateOf: (client: number) => number): boolean {
  for (const [client, state] of needs) if (stateOf(client) < state) return false;
  return true;
}

/**
 * Structure the update would give the document that Yjs handles badly later, or null:
 *   - shared types nested past `maxTypeDepth` (a root type is 0): deleting or reading a
 *     type recurses into its children, so a chain thousands deep overflows the stack far
 *     from the update that built it;
 *   - map entries longer than one value, items placed left of a map entry, and items
 *     whose two neighbours are in different types or keys: Yjs never makes them, and it
 *     resolves them differently on every reload, so no snapshot of them would verify;
 *   - neighbours that lead round in a cycle inside the update.
 * Call it once `missingDependencies` found nothing missing.
 */
export function structureProblem(doc: Y.Doc, shape: UpdateShape, maxTypeDepth: number): string | null {
  const TOO_DEEP = maxTypeDepth + 1;
  const typeAt = new Map<string, TypeItem>();
  for (const item of shape.typeItems) typeAt.set(`${item.client}:${item.clock}`, item);
  /**
   * An item's parent: a type whose depth is known, or a type the update creates; which type
   * it is (`identity`), and whether the item is a map entry.
   */
  type Parent = {
    readonly depth: number;
    readonly type?: TypeItem;
    readonly identity: string;
    readonly mapEntry: boolean;
  };
  const parentMemo = new Map<string, Parent>();
  const depthMemo = new Map<TypeItem, number>();

  /** The update's item covering (client, clock), or null. */
  const updateItem = (client: number, clock: number) => {
    const items = shape.items.get(client);
    if (!items) return null;
    let low = 0;
    let high = items.length / ITEM_FIELDS - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const at = mid * ITEM_FIELDS;
      const start = items[at]!;
      if (clock < start) high = mid - 1;
      else if (clock >= start + items[at + 1]!) low = mid + 1;
      else return { at, items };
    }
    return null;
  };

  /** The type created by the item with this id (in the update or the document) as a parent. */
  const typeById = (client: number, clock: number, mapEntry: boolean): Parent => {
    const identity = `t:${client}:${clock}`;
    const created = typeAt.get(`${client}:${clock}`);
    if (created) return { depth: 0, type: created, identity, mapEntry };
    const item = findItem(doc, client, clock);
    // Not a type: Yjs turns the child into garbage, which nests nothing.
    const depth = item?.content instanceof Y.ContentType ? existingTypeDepth(item.content.type, maxTypeDepth) : 0;
    return { depth, identity, mapEntry };
  };

  /** The parent of the item at (client, clock), following neighbours iteratively. */
  const parentOf = (client: number, clock: number): Parent => {
    const path: string[] = [];
    let result: Parent | undefined;
    for (let hops = 0; result === undefined; hops++) {
      const found = updateItem(client, clock);
      if (!found) {
        const item = findItem(doc, client, clock);
        const parent: unknown = item?.parent;
        const mapEntry = item?.parentSub !== null && item?.parentSub !== undefined;
        result =
          parent instanceof Y.AbstractType
            ? {
                depth: existingTypeDepth(parent, maxTypeDepth),
                identity: typeIdentity(parent) + (mapEntry ? `/${item!.parentSub}` : ''),
                mapEntry,
              }
            : { depth: 0, identity: 'none', mapEntry };
        break;
      }
      const { at, items } = found;
      const key = `${client}:${items[at]!}`;
      const memo = parentMemo.get(key);
      const parentRef = items[at + 2]!;
      const mapEntry = items[at + 5] === 1;
      // A map entry's identity includes its key only for entries already in the document;
      // entries created here are never compared (map entries have no right neighbour).
      if (memo) result = memo;
      else if (parentRef === ParentRef.Root)
        result = { depth: 0, identity: `r:${shape.rootNames[items[at + 8]!]}`, mapEntry };
      else if (parentRef === ParentRef.Id) result = typeById(items[at + 3]!, items[at + 4]!, mapEntry);
      else if (hops > shape.references.length) result = { depth: TOO_DEEP, identity: 'cycle', mapEntry: false };
      else {
        client = items[at + 3]!;
        clock = items[at + 4]!;
      }
      path.push(key);
    }
    for (const key of path) parentMemo.set(key, result);
    return result;
  };

  /** Depth of a type the update creates; the recursion follows parent types only, at most the limit deep. */
  const depthOf = (item: TypeItem, visiting: Set<TypeItem>): number => {
    const known = depthMemo.get(item);
    if (known !== undefined) return known;
    if (visiting.has(item) || visiting.size > maxTypeDepth) return TOO_DEEP;
    visiting.add(item);
    const parent = parentOf(item.client, item.clock);
    const parentDepth = parent.type ? depthOf(parent.type, visiting) : parent.depth;
    visiting.delete(item);
    const depth = Math.min(TOO_DEEP, parentDepth + 1);
    depthMemo.set(item, depth);
    return depth;
  };

  // Items placed beside a neighbour take the neighbour's parent and map key.
  for (const [client, items] of shape.items) {
    for (let at = 0; at < items.length; at += ITEM_FIELDS) {
      const parentRef = items[at + 2]!;
      if (parentRef === ParentRef.Root || parentRef === ParentRef.Id) continue;
      const parent = parentOf(client, items[at]!);
      if (parent.depth > maxTypeDepth) return 'neighbours form a cycle';
      if (parent.mapEntry && items[at + 1]! > 1) return 'a map entry longer than one value';
      const rightClient = items[at + 6]!;
      if (rightClient < 0) continue;
      // Map entries are always written with nothing on their right; a sequence item's two
      // neighbours are always in the same type.
      const right = parentOf(rightClient, items[at + 7]!);
      if (right.mapEntry || parent.mapEntry) return 'an item beside a map entry';
      if (parentRef === ParentRef.Origin) {
        if (right.identity !== parent.identity) return 'neighbours in different types';
        if (!rightOfInDocument(doc, items[at + 3]!, items[at + 4]!, rightClient, items[at + 7]!))
          return 'right neighbour is not to the right';
      }
    }
  }
  for (const item of shape.typeItems) {
    if (depthOf(item, new Set()) > maxTypeDepth) return 'shared types nested too deeply';
  }
  return null;
}

/** How far a right neighbour may lie from the left one; concurrent inserts between them are rare. */
const MAX_NEIGHBOUR_DISTANCE = 10_000;

/**
 * For neighbours both in the document: the right one really is to the right of the left one.
 * Yjs places an item by scanning from its left neighbour to its right one; a right neighbour
 * on the wrong side makes that scan run to the end of the list and orders the item
 * differently on every reload.
 */
function rightOfInDocument(
  doc: Y.Doc,
  leftClient: number,
  leftClock: number,
  rightClient: number,
  rightClock: number,
): boolean {
  const left = findItem(doc, leftClient, leftClock);
  const right = findItem(doc, rightClient, rightClock);
  if (!left || !right) return true; // one of them is created by the update itself
  // Both ids inside one item (not yet split): the right one must come later in it.
  if (left === right) return rightClock > leftClock;
  let current = left.right;
  for (let steps = 0; current && steps < MAX_NEIGHBOUR_DISTANCE; steps++) {
    if (current === right) return true;
    current = current.right;
  }
  return false;
}

/** Which type this is: a nested type by the id of the item holding it, a root type by its name. */
function typeIdentity(type: Y.AbstractType<unknown>): string {
  if (type._item) return `t:${type._item.id.client}:${type._item.id.clock}`;
  try {
    return `r:${Y.findRootTypeKey(type)}`;
  } catch {
    return 'none';
  }
}

/** Depth of a type already in the document (root = 0), counted up to `limit + 1`. */
function existingTypeDepth(type: Y.AbstractType<unknown>, limit: number): number {
  let depth = 0;
  let current: Y.AbstractType<unknown> | null = type;
  while (current?._item && depth <= limit) {
    depth++;
    const parent: unknown = current._item.parent;
    current = parent instanceof Y.AbstractType ? parent : null;
  }
  return depth;
}

function findItem(doc: Y.Doc, client: number, clock: number): Y.Item | null {
  if (clock >= Y.getState(doc.store, client)) return null;
  const struct = Y.getItem(doc.store, Y.createID(client, clock));
  return struct instanceof Y.Item ? struct : null;
}
