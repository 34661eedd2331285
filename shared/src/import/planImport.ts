import * as Y from 'yjs';
import { BoardOperationError, OperationErrorReason } from '../errors';
import { createCard } from '../domain/cards';
import type { OperationContext } from '../domain/context';
import { addLaneImportKey, createLane } from '../domain/lanes';
import { boardRoots } from '../schema/boardDoc';
import { CARD_KINDS, type BoardSnapshot, type CardKind, type LaneKind } from '../schema/types';
import { isValidTimeZone } from '../domain/validation';
import { hashId } from './hashId';
import type { ImportSource } from './sources';
import type { ImportEntry } from './types';

/**
 * Turns parsed entries into the cards an import would create: speakers map to lanes
 * (existing lanes matched by their source identity, then by name; new ones created), and
 * each card's id is derived from the source and its content, so the same log imported
 * again is recognised as done.
 */

export interface PlannedCard {
  readonly id: string;
  readonly line: number;
  readonly ref: string | null;
  readonly laneName: string;
  /** Existing lane id, or null when the import creates the lane. */
  readonly laneId: string | null;
  readonly laneKind: LaneKind;
  readonly speakerKey: string | null;
  readonly occurredAt: number | null;
  readonly kind: CardKind;
  readonly text: string;
  /** The author's own zone (their local time is shown beside the card). */
  readonly timeZone: string | null;
  readonly thread: string | null;
  readonly note: string | null;
  /** Already on the board (imported before): skipped. */
  readonly duplicate: boolean;
}

export interface PlannedLane {
  readonly id: string;
  readonly name: string;
  readonly kind: LaneKind;
  readonly importKeys: readonly string[];
}

export interface ImportPlan {
  readonly cards: readonly PlannedCard[];
  readonly newLanes: readonly PlannedLane[];
}

const normalise = (name: string) => name.trim().toLowerCase();
const oneLineEndings = (text: string) => text.replace(/\r\n?|[\u2028\u2029]/g, '\n');

function findLane(board: BoardSnapshot, speaker: string, key: string | null): string | null {
  if (key) {
    const byKey = board.lanes.find((lane) => lane.importKeys.includes(key));
    if (byKey) return byKey.id;
  }
  const wanted = normalise(speaker);
  const exact = board.lanes.find((lane) => normalise(lane.name) === wanted);
  if (exact) return exact.id;
  // "alice" matches a person lane "Alice (backend)".
  const person = board.lanes.find(
    (lane) => lane.kind === 'person' && normalise(lane.name).split(/[\s(]/)[0] === wanted,
  );
  return person?.id ?? null;
}

/** The id a new lane gets: the same on every client, so two people importing at once make one lane. */
function laneIdFor(speaker: string, key: string | null): string {
  return hashId(`lane\u0000${key ?? normalise(speaker)}`);
}

export function planImport(board: BoardSnapshot, entries: readonly ImportEntry[], source: ImportSource): ImportPlan {
  const existing = new Set(board.cards.map((card) => card.id));
  const newLanes = new Map<string, PlannedLane>();
  const seen = new Set<string>();
  const cards = entries.map((entry): PlannedCard => {
    const speaker = entry.speaker.trim().slice(0, 120) || 'Imported';
    const key = entry.speakerKey ?? null;
    const laneKind = entry.laneKind ?? 'person';
    let laneId = findLane(board, speaker, key);
    if (!laneId) {
      const id = laneIdFor(speaker, key);
      const planned = newLanes.get(id);
      if (!planned) newLanes.set(id, { id, name: speaker, kind: laneKind, importKeys: key ? [key] : [] });
      laneId = null;
    }
    const text = oneLineEndings(entry.text).slice(0, 2000);
    const id = hashId(
      entry.sourceId
        ? `${source}\u0000${entry.sourceId}`
        : `${source}\u0000${entry.occurredAt ?? ''}\u0000${normalise(speaker)}\u0000${text}`,
    );
    const duplicate = existing.has(id) || seen.has(id);
    seen.add(id);
    return {
      id,
      line: entry.line,
      ref: entry.ref ?? null,
      laneName: speaker,
      laneId,
      laneKind,
      speakerKey: key,
      occurredAt: entry.occurredAt,
      kind: (CARD_KINDS as readonly string[]).includes(entry.kind ?? '') ? (entry.kind as CardKind) : 'event',
      text,
      timeZone: entry.timeZone && isValidTimeZone(entry.timeZone) ? entry.timeZone : null,
      thread: entry.thread ?? null,
      note: entry.note ?? null,
      duplicate,
    };
  });
  return { cards, newLanes: [...newLanes.values()] };
}

const SOURCE_NAMES: Record<string, string> = {
  slack: 'Slack',
  chat: 'chat log',
  csv: 'CSV',
  pagerduty: 'PagerDuty',
  alertmanager: 'Alertmanager',
  grafana: 'Grafana',
  github: 'GitHub',
  git: 'git log',
};

/** Where an imported card came from, for people: "Slack · #inc-checkout · inc-checkout/2024-05-01.json, message 3". */
export function importedFromText(source: string, card: Pick<PlannedCard, 'note' | 'ref' | 'line'>): string {
  const name = SOURCE_NAMES[source] ?? source;
  const note = (card.note ?? '')
    .split(' · ')
    .filter((part) => part && part.toLowerCase() !== name.toLowerCase())
    .join(' · ');
  return [name, note, card.ref ?? (card.line > 0 ? `line ${card.line}` : '')].filter(Boolean).join(' · ').slice(0, 300);
}

/** The lane a planned card goes to: an existing lane, or the one the plan creates. */
export function plannedLaneId(card: PlannedCard): string {
  return card.laneId ?? laneIdFor(card.laneName, card.speakerKey);
}

/** Creates lanes the cards need (or records the source identity on the lane found). */
export function ensureImportLanes(
  doc: Y.Doc,
  lanes: readonly PlannedLane[],
  cards: readonly PlannedCard[],
  ctx: OperationContext = {},
): void {
  const laneMap = boardRoots(doc).lanes;
  const needed = new Set(cards.map(plannedLaneId));
  for (const lane of lanes) {
    if (!needed.has(lane.id) || laneMap.has(lane.id)) continue;
    createLane(doc, { id: lane.id, name: lane.name, kind: lane.kind, importKeys: [...lane.importKeys] }, ctx);
  }
  // A lane found by name learns the source identity, so a later rename does not split it.
  for (const card of cards) {
    if (!card.laneId || !card.speakerKey) continue;
    const lane = laneMap.get(card.laneId);
    const keys = lane?.get('importKeys');
    if (lane && !(keys instanceof Y.Map && keys.has(card.speakerKey)))
      addLaneImportKey(doc, card.laneId, card.speakerKey, ctx);
  }
}

/** Creates the plan's lanes and cards in one transaction: all of it, or (on error) none. */
export function applyImport(
  doc: Y.Doc,
  plan: ImportPlan,
  ctx: OperationContext = {},
  /** The zone the log's speakers were in, when the source does not say (shown as the author's local time). */
  authorTimeZone = 'UTC',
  /** Which import this is (its name goes on each card as where it came from). */
  source: ImportSource | null = null,
): { created: number; cardIds: string[] } {
  let created = 0;
  let cardIds: string[] = [];
  // Validate in a scratch copy first, so a failure half-way cannot leave half an import.
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  const run = (target: Y.Doc, context: OperationContext) => {
    created = 0;
    cardIds = [];
    const fresh = plan.cards.filter((card) => !card.duplicate);
    ensureImportLanes(target, plan.newLanes, fresh, context);
    const cards = boardRoots(target).cards;
    const lanes = boardRoots(target).lanes;
    for (const card of fresh) {
      if (cards.has(card.id)) continue;
      const laneId = plannedLaneId(card);
      if (!lanes.has(laneId))
        throw new BoardOperationError(
          OperationErrorReason.InvalidInput,
          `line ${card.line}: no lane for ${card.laneName}`,
        );
      createCard(
        target,
        {
          id: card.id,
          text: card.text,
          laneId,
          occurredAt: card.occurredAt,
          kind: card.kind,
          source: 'imported',
          importedFrom: source ? importedFromText(source, card) : null,
        },
        { ...context, author: { name: card.laneName, timeZone: card.timeZone ?? authorTimeZone } },
      );
      created++;
      cardIds.push(card.id);
    }
  };
  run(scratch, {});
  scratch.destroy();
  doc.transact(() => run(doc, ctx), ctx.origin ?? null);
  return { created, cardIds };
}
