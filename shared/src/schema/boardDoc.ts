import * as Y from 'yjs';
import { compareByOrderKey, compareStrings } from '../ordering/orderKey';
import type { RootKind } from './fingerprint';
import {
  ACTION_STATUSES,
  CARD_KINDS,
  CARD_SOURCES,
  LANE_KINDS,
  NOTE_KEYS,
  SCHEMA_VERSION,
  SEVERITIES,
  TIME_PRECISIONS,
  type Action,
  type Author,
  type BoardMeta,
  type BoardSnapshot,
  type Card,
  type CardPlace,
  type Factor,
  type InboxItem,
  type Lane,
  type NoteKey,
} from './types';

/**
 * The one module that knows the shape of a board's Y.Doc (DESIGN.md §2). Everything else
 * reaches the document through these accessors, so names of shared types live only here.
 *
 * Entities are `Y.Map`s keyed by field name inside a `Y.Map` keyed by entity id. Sets
 * (a card's factor tags, an action's linked factors) are nested `Y.Map<id, true>` so that
 * concurrent adds and removes of different members merge. Notes are top-level `Y.Text`s:
 * top-level types cannot be created twice concurrently, nested ones could.
 */

export type EntityMap = Y.Map<unknown>;

const ROOT = {
  meta: 'meta',
  lanes: 'lanes',
  cards: 'cards',
  factors: 'factors',
  actions: 'actions',
  /** Imported evidence waiting to be placed on the timeline. */
  inbox: 'inbox',
  /** Dot votes as clients wrote them before the server held votes: read by no one, written by no one. */
  votes: 'votes',
} as const;

/** Every root type of a board document and its kind. */
export const BOARD_ROOTS: Readonly<Record<string, RootKind>> = {
  ...Object.fromEntries(Object.values(ROOT).map((name) => [name, 'map' as const])),
  ...Object.fromEntries(NOTE_KEYS.map((key) => [`note:${key}`, 'text' as const])),
};

/** The root types a board document has. */
export function isBoardRootName(name: string): boolean {
  return Object.hasOwn(BOARD_ROOTS, name);
}

/**
 * The root types a client's update may name: the server refuses updates that create
 * others, and writes to the legacy vote map (votes are held by the server now).
 */
export function isWritableBoardRootName(name: string): boolean {
  return name !== ROOT.votes && isBoardRootName(name);
}

export const CardField = {
  id: 'id',
  text: 'text',
  kind: 'kind',
  place: 'place',
  author: 'author',
  createdAt: 'createdAt',
  source: 'source',
  misleading: 'misleading',
  factors: 'factors',
  deletedAt: 'deletedAt',
  hintsDismissed: 'hintsDismissed',
  importedFrom: 'importedFrom',
} as const;

export const LaneField = {
  id: 'id',
  name: 'name',
  kind: 'kind',
  owner: 'owner',
  timeZone: 'timeZone',
  orderKey: 'orderKey',
  /** Set of source identities ("slack:U0BMYT2FL") imports matched to this lane. */
  importKeys: 'importKeys',
} as const;

export const FactorField = {
  id: 'id',
  name: 'name',
  category: 'category',
  description: 'description',
  createdAt: 'createdAt',
  deletedAt: 'deletedAt',
} as const;

export const ActionField = {
  id: 'id',
  title: 'title',
  owner: 'owner',
  dueDate: 'dueDate',
  status: 'status',
  factors: 'factors',
  trackerUrl: 'trackerUrl',
  createdAt: 'createdAt',
} as const;

export const InboxField = {
  text: 'text',
  kind: 'kind',
  occurredAt: 'occurredAt',
  speaker: 'speaker',
  speakerKey: 'speakerKey',
  laneKind: 'laneKind',
  timeZone: 'timeZone',
  source: 'source',
  ref: 'ref',
  note: 'note',
  thread: 'thread',
  addedAt: 'addedAt',
  /** Set aside by someone: hidden from the list, not deleted. */
  dismissed: 'dismissed',
} as const;

export const MetaField = {
  schemaVersion: 'schemaVersion',
  title: 'title',
  summary: 'summary',
  impact: 'impact',
  severity: 'severity',
  startedAt: 'startedAt',
  detectedAt: 'detectedAt',
  mitigatedAt: 'mitigatedAt',
  resolvedAt: 'resolvedAt',
  timeZone: 'timeZone',
} as const;

export interface BoardRoots {
  readonly meta: Y.Map<unknown>;
  readonly lanes: Y.Map<EntityMap>;
  readonly cards: Y.Map<EntityMap>;
  readonly factors: Y.Map<EntityMap>;
  readonly actions: Y.Map<EntityMap>;
  readonly inbox: Y.Map<EntityMap>;
  note(key: NoteKey): Y.Text;
}

export function boardRoots(doc: Y.Doc): BoardRoots {
  return {
    meta: doc.getMap(ROOT.meta),
    lanes: doc.getMap<EntityMap>(ROOT.lanes),
    cards: doc.getMap<EntityMap>(ROOT.cards),
    factors: doc.getMap<EntityMap>(ROOT.factors),
    actions: doc.getMap<EntityMap>(ROOT.actions),
    inbox: doc.getMap<EntityMap>(ROOT.inbox),
    note: (key) => doc.getText(`note:${key}`),
  };
}

// ---- defensive readers: remote peers may write anything, snapshots never throw ----

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function strOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function numOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function oneOf<T extends string>(options: readonly T[], value: unknown, fallback: T): T {
  return typeof value === 'string' && (options as readonly string[]).includes(value) ? (value as T) : fallback;
}

function setMembers(value: unknown): string[] {
  if (!(value instanceof Y.Map)) return [];
  const members: string[] = [];
  for (const [key, present] of value.entries()) if (present === true) members.push(key);
  return members.sort(compareStrings);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readPlace(value: unknown): CardPlace {
  const place = isRecord(value) ? value : {};
  return {
    laneId: str(place['laneId']),
    orderKey: str(place['orderKey'], 'a0'),
    occurredAt: numOrNull(place['occurredAt']),
    precision: oneOf(TIME_PRECISIONS, place['precision'], 'minute'),
  };
}

function readAuthor(value: unknown): Author | null {
  if (!isRecord(value)) return null;
  return { name: str(value['name']), timeZone: str(value['timeZone'], 'UTC') };
}

export function readCard(id: string, map: EntityMap): Card {
  return {
    id,
    text: str(map.get(CardField.text)),
    kind: oneOf(CARD_KINDS, map.get(CardField.kind), 'event'),
    place: readPlace(map.get(CardField.place)),
    author: readAuthor(map.get(CardField.author)),
    createdAt: num(map.get(CardField.createdAt)),
    source: oneOf(CARD_SOURCES, map.get(CardField.source), 'typed'),
    misleading: map.get(CardField.misleading) === true,
    factorIds: setMembers(map.get(CardField.factors)),
    deletedAt: numOrNull(map.get(CardField.deletedAt)),
    hintsDismissed: map.get(CardField.hintsDismissed) === true,
    importedFrom: strOrNull(map.get(CardField.importedFrom)),
  };
}

export function readLane(id: string, map: EntityMap): Lane {
  return {
    id,
    name: str(map.get(LaneField.name)),
    kind: oneOf(LANE_KINDS, map.get(LaneField.kind), 'system'),
    owner: strOrNull(map.get(LaneField.owner)),
    timeZone: strOrNull(map.get(LaneField.timeZone)),
    orderKey: str(map.get(LaneField.orderKey), 'a0'),
    importKeys: setMembers(map.get(LaneField.importKeys)),
  };
}

export function readInboxItem(id: string, map: EntityMap): InboxItem {
  const occurredAt = numOrNull(map.get(InboxField.occurredAt));
  return {
    id,
    text: str(map.get(InboxField.text)),
    kind: oneOf(CARD_KINDS, map.get(InboxField.kind), 'event'),
    occurredAt,
    speaker: str(map.get(InboxField.speaker), 'Imported'),
    speakerKey: strOrNull(map.get(InboxField.speakerKey)),
    laneKind: oneOf(LANE_KINDS, map.get(InboxField.laneKind), 'person'),
    timeZone: strOrNull(map.get(InboxField.timeZone)),
    source: str(map.get(InboxField.source)),
    ref: strOrNull(map.get(InboxField.ref)),
    note: strOrNull(map.get(InboxField.note)),
    thread: strOrNull(map.get(InboxField.thread)),
    addedAt: num(map.get(InboxField.addedAt)),
    dismissed: map.get(InboxField.dismissed) === true,
  };
}

/** The evidence inbox, in time order (unknown times last), threads kept together. */
export function readInbox(doc: Y.Doc): InboxItem[] {
  const items = readAll(boardRoots(doc).inbox, readInboxItem);
  const rootTime = new Map<string, number>();
  for (const item of items) {
    if (!item.thread || item.occurredAt === null) continue;
    const known = rootTime.get(item.thread);
    if (known === undefined || item.occurredAt < known) rootTime.set(item.thread, item.occurredAt);
  }
  const sortTime = (item: InboxItem) =>
    (item.thread ? rootTime.get(item.thread) : undefined) ?? item.occurredAt ?? Number.MAX_SAFE_INTEGER;
  return items.sort(
    (a, b) =>
      sortTime(a) - sortTime(b) ||
      compareStrings(a.thread ?? '', b.thread ?? '') ||
      (a.occurredAt ?? Number.MAX_SAFE_INTEGER) - (b.occurredAt ?? Number.MAX_SAFE_INTEGER) ||
      compareStrings(a.id, b.id),
  );
}

export function readFactor(id: string, map: EntityMap): Factor {
  return {
    id,
    name: str(map.get(FactorField.name)),
    category: str(map.get(FactorField.category), 'custom'),
    description: str(map.get(FactorField.description)),
    createdAt: num(map.get(FactorField.createdAt)),
    deletedAt: numOrNull(map.get(FactorField.deletedAt)),
  };
}

export function readAction(id: string, map: EntityMap): Action {
  return {
    id,
    title: str(map.get(ActionField.title)),
    owner: str(map.get(ActionField.owner)),
    dueDate: strOrNull(map.get(ActionField.dueDate)),
    status: oneOf(ACTION_STATUSES, map.get(ActionField.status), 'open'),
    factorIds: setMembers(map.get(ActionField.factors)),
    trackerUrl: strOrNull(map.get(ActionField.trackerUrl)),
    createdAt: num(map.get(ActionField.createdAt)),
  };
}

export function readMeta(meta: Y.Map<unknown>): BoardMeta {
  const severity = meta.get(MetaField.severity);
  return {
    schemaVersion: num(meta.get(MetaField.schemaVersion), SCHEMA_VERSION),
    title: str(meta.get(MetaField.title), 'Untitled incident'),
    summary: str(meta.get(MetaField.summary)),
    impact: str(meta.get(MetaField.impact)),
    severity: typeof severity === 'string' ? oneOf(SEVERITIES, severity, 'SEV3') : null,
    startedAt: numOrNull(meta.get(MetaField.startedAt)),
    detectedAt: numOrNull(meta.get(MetaField.detectedAt)),
    mitigatedAt: numOrNull(meta.get(MetaField.mitigatedAt)),
    resolvedAt: numOrNull(meta.get(MetaField.resolvedAt)),
    timeZone: str(meta.get(MetaField.timeZone), 'UTC'),
  };
}

/** Timeline order: known times first by time, then order key, then id; unknown times last. */
export function compareCards(a: Card, b: Card): number {
  const ta = a.place.occurredAt;
  const tb = b.place.occurredAt;
  if (ta !== tb) {
    if (ta === null) return 1;
    if (tb === null) return -1;
    return ta - tb;
  }
  return compareStrings(a.place.orderKey, b.place.orderKey) || compareStrings(a.id, b.id);
}

/**
 * The entities of a root map (lanes, cards, factors, actions), skipping entries that are not
 * entity maps: an editor link can put anything in the document, and one stray value must
 * not break every participant's board.
 */
export function entities(map: Y.Map<EntityMap> | Y.Map<unknown>): Array<[string, EntityMap]> {
  const out: Array<[string, EntityMap]> = [];
  for (const [id, entity] of (map as Y.Map<unknown>).entries())
    if (entity instanceof Y.Map) out.push([id, entity as EntityMap]);
  return out;
}

function readAll<T>(map: Y.Map<EntityMap>, read: (id: string, m: EntityMap) => T): T[] {
  return entities(map).map(([id, entity]) => read(id, entity));
}

/** A full snapshot; `skipCards` leaves cards empty for callers that track cards themselves. */
export function readBoard(doc: Y.Doc, options: { skipCards?: boolean } = {}): BoardSnapshot {
  const roots = boardRoots(doc);
  const notes = {} as Record<NoteKey, string>;
  for (const key of NOTE_KEYS) notes[key] = roots.note(key).toString();
  return {
    meta: readMeta(roots.meta),
    lanes: readAll(roots.lanes, readLane).sort(compareByOrderKey),
    cards: options.skipCards ? [] : readAll(roots.cards, readCard).sort(compareCards),
    factors: readAll(roots.factors, readFactor).sort((a, b) => a.createdAt - b.createdAt || compareStrings(a.id, b.id)),
    actions: readAll(roots.actions, readAction).sort((a, b) => a.createdAt - b.createdAt || compareStrings(a.id, b.id)),
    notes,
  };
}
