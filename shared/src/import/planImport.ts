import * as Y from 'yjs';
import { BoardOperationError, OperationErrorReason } from '../errors';
import { createCard } from '../domain/cards';
import type { OperationContext } from '../domain/context';
import { createLane } from '../domain/lanes';
import { boardRoots } from '../schema/boardDoc';
import type { BoardSnapshot, CardKind } from '../schema/types';
import { hashId } from './hashId';
import type { ImportEntry } from './types';

/**
 * Turns parsed entries into the cards an import would create: speakers map to lanes
 * (existing lanes matched by name, new ones created), and each card's id is derived from
 * the source and its content, so the same log imported again is recognised as done.
 */

export type ImportSource = 'slack' | 'chat' | 'csv';

export interface PlannedCard {
  readonly id: string;
  readonly line: number;
  readonly laneName: string;
  /** Existing lane id, or null when the import creates the lane. */
  readonly laneId: string | null;
  readonly occurredAt: number | null;
  readonly kind: CardKind;
  readonly text: string;
  /** Already on the board (imported before): skipped. */
  readonly duplicate: boolean;
}

export interface ImportPlan {
  readonly cards: readonly PlannedCard[];
  readonly newLanes: readonly string[];
}

const normalise = (name: string) => name.trim().toLowerCase();

function findLane(board: BoardSnapshot, speaker: string): string | null {
  const wanted = normalise(speaker);
  const exact = board.lanes.find((lane) => normalise(lane.name) === wanted);
  if (exact) return exact.id;
  // "alice" matches a person lane "Alice (backend)".
  const person = board.lanes.find(
    (lane) => lane.kind === 'person' && normalise(lane.name).split(/[\s(]/)[0] === wanted,
  );
  return person?.id ?? null;
}

export function planImport(board: BoardSnapshot, entries: readonly ImportEntry[], source: ImportSource): ImportPlan {
  const existing = new Set(board.cards.map((card) => card.id));
  const newLanes: string[] = [];
  const seen = new Set<string>();
  const cards = entries.map((entry): PlannedCard => {
    const speaker = entry.speaker.trim().slice(0, 120) || 'Imported';
    const laneId = findLane(board, speaker);
    if (!laneId && !newLanes.some((name) => normalise(name) === normalise(speaker))) newLanes.push(speaker);
    const id = hashId(`${source}\u0000${entry.occurredAt ?? ''}\u0000${normalise(speaker)}\u0000${entry.text}`);
    const duplicate = existing.has(id) || seen.has(id);
    seen.add(id);
    return {
      id,
      line: entry.line,
      laneName: speaker,
      laneId,
      occurredAt: entry.occurredAt,
      kind: (entry.kind as CardKind | undefined) ?? 'event',
      text: entry.text.slice(0, 2000),
      duplicate,
    };
  });
  return { cards, newLanes };
}

/** Creates the plan's lanes and cards in one transaction: all of it, or (on error) none. */
export function applyImport(
  doc: Y.Doc,
  plan: ImportPlan,
  ctx: OperationContext = {},
  /** The zone the log's speakers were in (shown as the author's local time). */
  authorTimeZone = 'UTC',
): { created: number; cardIds: string[] } {
  const laneIds = new Map<string, string>();
  let created = 0;
  let cardIds: string[] = [];
  // Validate in a scratch copy first, so a failure half-way cannot leave half an import.
  const scratch = new Y.Doc();
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
  const run = (target: Y.Doc, context: OperationContext) => {
    laneIds.clear();
    created = 0;
    cardIds = [];
    for (const name of plan.newLanes)
      laneIds.set(normalise(name), createLane(target, { name, kind: 'person' }, context));
    const cards = boardRoots(target).cards;
    for (const card of plan.cards) {
      if (card.duplicate || cards.has(card.id)) continue;
      const laneId = card.laneId ?? laneIds.get(normalise(card.laneName));
      if (!laneId)
        throw new BoardOperationError(
          OperationErrorReason.InvalidInput,
          `line ${card.line}: no lane for ${card.laneName}`,
        );
      createCard(
        target,
        { id: card.id, text: card.text, laneId, occurredAt: card.occurredAt, kind: card.kind, source: 'imported' },
        { ...context, author: { name: card.laneName, timeZone: authorTimeZone } },
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
