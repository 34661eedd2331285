import * as Y from 'yjs';
import { z } from 'zod';
import { BoardOperationError, OperationErrorReason } from '../errors';
import { CardField, InboxField, boardRoots, readBoard, readInboxItem } from '../schema/boardDoc';
import type { InboxItem } from '../schema/types';
import {
  ensureImportLanes,
  importedFromText,
  plannedLaneId,
  type ImportPlan,
  type PlannedCard,
} from '../import/planImport';
import { createCard, restoreCard } from './cards';
import { nowOf, requireEntity, transact, type OperationContext } from './context';
import { idSchema, instantSchema, isValidTimeZone, parseInput } from './validation';

/**
 * The evidence inbox: what an import read waits here, beside the timeline, until someone
 * places what matters. A 2,000-message channel then does not flood the board. Items are
 * shared like any edit; placing one creates the card with the item's own id, so placing it
 * again (or two people placing it at once) still makes one card.
 */

/** At most this many items wait in one board's inbox. */
export const INBOX_LIMIT = 5_000;
/** Items written per transaction (one update each), so a large import stays under the message size limit. */
const CHUNK = 400;

export interface InboxAddResult {
  readonly added: number;
  /** Already waiting, already placed, or over the limit. */
  readonly skipped: number;
}

/** Adds the plan's new cards to the inbox (not to the timeline). */
export function addToInbox(doc: Y.Doc, plan: ImportPlan, source: string, ctx: OperationContext = {}): InboxAddResult {
  const { inbox, cards } = boardRoots(doc);
  const fresh = plan.cards.filter((card) => !card.duplicate && !cards.has(card.id) && !inbox.has(card.id));
  const room = Math.max(0, INBOX_LIMIT - inbox.size);
  const accepted = fresh.slice(0, room);
  const now = nowOf(ctx);
  for (let start = 0; start < accepted.length; start += CHUNK) {
    transact(doc, ctx, () => {
      for (const card of accepted.slice(start, start + CHUNK)) inbox.set(card.id, itemMap(card, source, now));
    });
  }
  return { added: accepted.length, skipped: plan.cards.length - accepted.length };
}

function itemMap(card: PlannedCard, source: string, now: number): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set(InboxField.text, card.text);
  map.set(InboxField.kind, card.kind);
  map.set(InboxField.occurredAt, card.occurredAt);
  map.set(InboxField.speaker, card.laneName);
  map.set(InboxField.speakerKey, card.speakerKey);
  map.set(InboxField.laneKind, card.laneKind);
  map.set(InboxField.timeZone, card.timeZone);
  map.set(InboxField.source, source);
  map.set(InboxField.ref, card.ref);
  map.set(InboxField.note, card.note);
  map.set(InboxField.thread, card.thread);
  map.set(InboxField.addedAt, now);
  map.set(InboxField.dismissed, false);
  return map;
}

/** An inbox item as the card plan it would be (its lane found or created by the import rules). */
function asPlannedCard(item: InboxItem, laneId: string | null): PlannedCard {
  return {
    id: item.id,
    line: 0,
    ref: item.ref,
    laneName: item.speaker,
    laneId,
    laneKind: item.laneKind,
    speakerKey: item.speakerKey,
    occurredAt: item.occurredAt,
    kind: item.kind,
    text: item.text,
    timeZone: item.timeZone,
    thread: item.thread,
    note: item.note,
    duplicate: false,
  };
}

const placeSchema = z
  .object({
    itemId: idSchema,
    /** A lane chosen by the person placing it (dropped on a lane); otherwise the speaker's lane. */
    laneId: idSchema.optional(),
    occurredAt: instantSchema.nullable().optional(),
  })
  .strict();
export type PlaceInboxInput = z.input<typeof placeSchema>;

/** Places an inbox item on the timeline as a card; returns the card id. */
export function placeInboxItem(doc: Y.Doc, input: PlaceInboxInput, ctx: OperationContext = {}): string {
  const parsed = parseInput('placeInboxItem', placeSchema, input);
  const roots = boardRoots(doc);
  const item = readInboxItem(parsed.itemId, requireEntity(roots.inbox, parsed.itemId, 'inbox item'));
  const existing = roots.cards.get(item.id);
  if (existing instanceof Y.Map) {
    // Placed before and deleted since: placing it again brings the card back.
    if (existing.get(CardField.deletedAt) !== null) restoreCard(doc, { cardId: item.id }, ctx);
    return item.id;
  }
  if (parsed.laneId && !roots.lanes.has(parsed.laneId))
    throw new BoardOperationError(
      OperationErrorReason.NotFound,
      `placeInboxItem: lane ${parsed.laneId} does not exist`,
    );
  transact(doc, ctx, () => {
    let card = asPlannedCard(item, parsed.laneId ?? null);
    if (!parsed.laneId) {
      // The speaker's lane as an import would find it (by source identity, then name), or a new one.
      const board = readBoard(doc, { skipCards: true });
      const key = item.speakerKey;
      const byKey = key ? board.lanes.find((lane) => lane.importKeys.includes(key)) : undefined;
      const byName = board.lanes.find((lane) => lane.name.trim().toLowerCase() === item.speaker.trim().toLowerCase());
      card = asPlannedCard(item, (byKey ?? byName)?.id ?? null);
      ensureImportLanes(
        doc,
        [{ id: plannedLaneId(card), name: item.speaker, kind: item.laneKind, importKeys: key ? [key] : [] }],
        [card],
        ctx,
      );
    }
    createCard(
      doc,
      {
        id: item.id,
        text: item.text.slice(0, 2000),
        laneId: plannedLaneId(card),
        occurredAt: parsed.occurredAt === undefined ? item.occurredAt : parsed.occurredAt,
        kind: item.kind,
        source: 'imported',
        importedFrom: importedFromText(item.source, { note: item.note, ref: item.ref, line: 0 }),
      },
      {
        ...ctx,
        author: {
          name: item.speaker.slice(0, 200),
          timeZone: item.timeZone && isValidTimeZone(item.timeZone) ? item.timeZone : (ctx.author?.timeZone ?? 'UTC'),
        },
      },
    );
  });
  return item.id;
}

/** Sets an item aside (or brings it back): hidden from the list, kept in the document. */
export function setInboxItemDismissed(
  doc: Y.Doc,
  itemId: string,
  dismissed: boolean,
  ctx: OperationContext = {},
): void {
  const item = requireEntity(boardRoots(doc).inbox, itemId, 'inbox item');
  transact(doc, ctx, () => item.set(InboxField.dismissed, dismissed));
}

/** Removes items that were placed or set aside (the inbox's "clear done"). */
export function clearHandledInbox(doc: Y.Doc, ctx: OperationContext = {}): number {
  const { inbox, cards } = boardRoots(doc);
  const handled = [...inbox.keys()].filter((id) => {
    const map = inbox.get(id);
    return cards.has(id) || (map instanceof Y.Map && map.get(InboxField.dismissed) === true);
  });
  transact(doc, ctx, () => handled.forEach((id) => inbox.delete(id)));
  return handled.length;
}
