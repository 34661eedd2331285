import * as Y from 'yjs';
import { boardRoots, readBoard, readCard } from '../schema/boardDoc';
import { NOTE_KEYS, type BoardSnapshot, type Card } from '../schema/types';
import { DEFAULT_INSPECTION_LIMITS, inspectUpdate } from '../protocol/updateInspector';

const STORED_LIMITS = { ...DEFAULT_INSPECTION_LIMITS, maxStructs: Number.MAX_SAFE_INTEGER };

/**
 * The objective record of a meeting: replays the stored update log and says, for each
 * update, what it changed, when the server received it and which link sent it. Built from
 * the server's log, never from what clients claim.
 */

export interface LoggedChange {
  readonly seq: number;
  readonly receivedAt: number;
  /** "role:tokenId" of the link that sent the update. */
  readonly actor: string;
  readonly changes: readonly string[];
}

export interface LogEntry {
  readonly seq: number;
  readonly receivedAt: number;
  readonly actor: string;
  readonly data: Uint8Array;
}

const quote = (text: string) => `“${text.length > 60 ? `${text.slice(0, 57)}…` : text}”`;

function describeCardChange(before: Card | undefined, after: Card, board: BoardSnapshot): string[] {
  const lane = (id: string) => board.lanes.find((l) => l.id === id)?.name ?? 'a lane';
  const factor = (id: string) => board.factors.find((f) => f.id === id)?.name ?? 'a factor';
  if (!before) return [`added card ${quote(after.text)} to ${lane(after.place.laneId)}`];
  const changes: string[] = [];
  if (before.deletedAt === null && after.deletedAt !== null) changes.push(`deleted card ${quote(after.text)}`);
  if (before.deletedAt !== null && after.deletedAt === null) changes.push(`restored card ${quote(after.text)}`);
  if (before.text !== after.text) changes.push(`edited card ${quote(before.text)} to ${quote(after.text)}`);
  if (before.place.laneId !== after.place.laneId || before.place.occurredAt !== after.place.occurredAt) {
    changes.push(`moved card ${quote(after.text)} to ${lane(after.place.laneId)}`);
  }
  if (before.kind !== after.kind) changes.push(`marked card ${quote(after.text)} as ${after.kind}`);
  if (before.misleading !== after.misleading) {
    changes.push(`${after.misleading ? 'flagged' : 'unflagged'} card ${quote(after.text)} as a misleading signal`);
  }
  for (const id of after.factorIds)
    if (!before.factorIds.includes(id)) changes.push(`tagged card ${quote(after.text)} with ${quote(factor(id))}`);
  for (const id of before.factorIds)
    if (!after.factorIds.includes(id)) changes.push(`untagged ${quote(factor(id))} from card ${quote(after.text)}`);
  return changes;
}

function describeRest(before: BoardSnapshot, after: BoardSnapshot): string[] {
  const changes: string[] = [];
  for (const lane of after.lanes) {
    const old = before.lanes.find((l) => l.id === lane.id);
    if (!old) changes.push(`added lane ${quote(lane.name)}`);
    else if (old.name !== lane.name) changes.push(`renamed lane ${quote(old.name)} to ${quote(lane.name)}`);
    else if (old.orderKey !== lane.orderKey) changes.push(`reordered lane ${quote(lane.name)}`);
  }
  for (const factor of after.factors) {
    const old = before.factors.find((f) => f.id === factor.id);
    if (!old) changes.push(`added factor ${quote(factor.name)}`);
    else if (old.deletedAt === null && factor.deletedAt !== null) changes.push(`removed factor ${quote(factor.name)}`);
    else if (old.name !== factor.name || old.description !== factor.description || old.category !== factor.category) {
      changes.push(`edited factor ${quote(factor.name)}`);
    }
  }
  for (const action of after.actions) {
    const old = before.actions.find((a) => a.id === action.id);
    if (!old) changes.push(`added action ${quote(action.title)}`);
    else if (JSON.stringify(old) !== JSON.stringify(action)) changes.push(`updated action ${quote(action.title)}`);
  }
  if (JSON.stringify(before.meta) !== JSON.stringify(after.meta)) changes.push('changed the incident details');
  for (const key of Object.keys(after.notes) as Array<keyof BoardSnapshot['notes']>) {
    if (before.notes[key] !== after.notes[key]) changes.push(`edited the note ${quote(key)}`);
  }
  return changes;
}

/**
 * Linear in the log: each update is applied once, and only the cards it touched are read
 * again (a board-wide re-read per update would make long meetings quadratic).
 */
export function deriveHistory(log: readonly LogEntry[]): LoggedChange[] {
  const doc = new Y.Doc();
  const roots = boardRoots(doc);
  const touchedCards = new Set<string>();
  let restTouched = false;
  roots.cards.observeDeep((events) => {
    for (const event of events) {
      if (event.target === roots.cards) for (const id of event.changes.keys.keys()) touchedCards.add(id);
      else if (typeof event.path[0] === 'string') touchedCards.add(event.path[0]);
    }
  });
  const markRest = () => {
    restTouched = true;
  };
  for (const type of [roots.meta, roots.lanes, roots.factors, roots.actions] as Array<Y.Map<unknown>>)
    type.observeDeep(markRest);
  for (const key of NOTE_KEYS) roots.note(key).observe(markRest);

  const cards = new Map<string, Card>();
  let rest = readBoard(doc, { skipCards: true });
  const history: LoggedChange[] = [];
  for (const entry of log) {
    touchedCards.clear();
    restTouched = false;
    try {
      // Inspected first: a stored update Yjs cannot read must not jam the replay.
      if (!inspectUpdate(entry.data, STORED_LIMITS).ok) throw new Error('unreadable update');
      Y.applyUpdate(doc, entry.data);
    } catch {
      history.push({
        seq: entry.seq,
        receivedAt: entry.receivedAt,
        actor: entry.actor,
        changes: ['(an update that could not be read)'],
      });
      continue;
    }
    const changes: string[] = [];
    const before = rest;
    if (restTouched) rest = readBoard(doc, { skipCards: true });
    for (const id of touchedCards) {
      const map = roots.cards.get(id);
      if (!(map instanceof Y.Map)) continue;
      const after = readCard(id, map);
      const old = cards.get(id);
      cards.set(id, after);
      if (old && JSON.stringify(old) === JSON.stringify(after)) continue;
      changes.push(...describeCardChange(old, after, rest));
    }
    if (restTouched) changes.push(...describeRest(before, rest));
    if (changes.length > 0) history.push({ seq: entry.seq, receivedAt: entry.receivedAt, actor: entry.actor, changes });
  }
  doc.destroy();
  return history;
}
