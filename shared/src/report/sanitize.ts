import { ID_PATTERN } from '../ids';
import { isValidOrderKey } from '../ordering/orderKey';
import { isCalendarDate, isSafeUrl, isValidTimeZone } from '../domain/validation';

export { isCalendarDate, isSafeUrl };
import type { Action, BoardSnapshot, Card, Lane } from '../schema/types';

/**
 * A board as anyone with an editor link may have written it, made safe to report and to
 * export: every value the report or the JSON format relies on is checked here, at the
 * boundary, and replaced by a harmless one with a note saying what was wrong. A bad time
 * zone, date or URL therefore shows as a note, never as a failed report, and the JSON
 * export of any board re-imports.
 */

export interface SanitizedBoard {
  readonly board: BoardSnapshot;
  /** What was wrong and what the report shows instead, for people. */
  readonly notes: readonly string[];
}

/** Latest instant the import accepts (year 2200); earlier than 1970 is refused too. */
const LATEST = 7_258_118_400_000;
const ORPHAN_LANE_ID = 'lane-without-cards-owner';

const validInstant = (value: number | null): boolean => value === null || (value >= 0 && value <= LATEST);
const clip = (value: string, max: number) => (value.length > max ? value.slice(0, max) : value);
const quoted = (value: string) => JSON.stringify(clip(value, 60));

export function sanitizeBoard(board: BoardSnapshot): SanitizedBoard {
  const notes: string[] = [];
  const zoneOk = isValidTimeZone(board.meta.timeZone);
  if (!zoneOk)
    notes.push(`The board’s time zone ${quoted(board.meta.timeZone)} is not a known zone: times are in UTC.`);
  const instantOrNull = (value: number | null, what: string) => {
    if (validInstant(value)) return value;
    notes.push(`The ${what} time is out of range and was left out.`);
    return null;
  };
  const meta = {
    ...board.meta,
    title: clip(board.meta.title.trim(), 200) || 'Untitled incident',
    summary: clip(board.meta.summary, 10_000),
    impact: clip(board.meta.impact, 10_000),
    timeZone: zoneOk ? board.meta.timeZone : 'UTC',
    startedAt: instantOrNull(board.meta.startedAt, 'start'),
    detectedAt: instantOrNull(board.meta.detectedAt, 'detection'),
    mitigatedAt: instantOrNull(board.meta.mitigatedAt, 'mitigation'),
    resolvedAt: instantOrNull(board.meta.resolvedAt, 'resolution'),
  };

  let badIds = 0;
  const idOk = (id: string) => (ID_PATTERN.test(id) ? true : (badIds++, false));
  let badLaneZones = 0;
  const lanes: Lane[] = board.lanes
    .filter((lane) => idOk(lane.id))
    .map((lane) => {
      const zone = lane.timeZone !== null && !isValidTimeZone(lane.timeZone) ? (badLaneZones++, null) : lane.timeZone;
      return {
        ...lane,
        name: clip(lane.name.trim(), 120) || 'Unnamed lane',
        owner: lane.owner === null ? null : clip(lane.owner, 200),
        timeZone: zone,
        orderKey: isValidOrderKey(lane.orderKey) ? lane.orderKey : 'a0',
        importKeys: lane.importKeys.slice(0, 20).map((key) => clip(key, 200)),
      };
    });
  if (badLaneZones) notes.push(`${badLaneZones} lanes named an unknown time zone; it was left out.`);
  const laneIds = new Set(lanes.map((lane) => lane.id));
  const factors = board.factors
    .filter((factor) => idOk(factor.id))
    .map((factor) => ({
      ...factor,
      name: clip(factor.name.trim(), 120) || 'Unnamed factor',
      category: clip(factor.category, 80),
      description: clip(factor.description, 10_000),
      createdAt: validInstant(factor.createdAt) ? factor.createdAt : 0,
      deletedAt: validInstant(factor.deletedAt) ? factor.deletedAt : null,
    }));
  const factorIds = new Set(factors.map((factor) => factor.id));
  let orphans = 0;
  let badAuthorZones = 0;
  let badCardTimes = 0;
  const cards: Card[] = board.cards
    .filter((card) => idOk(card.id))
    .map((card) => {
      const inLane = laneIds.has(card.place.laneId);
      if (!inLane) orphans++;
      const occurredOk = validInstant(card.place.occurredAt);
      if (!occurredOk) badCardTimes++;
      const authorZoneOk = !card.author || isValidTimeZone(card.author.timeZone);
      if (!authorZoneOk) badAuthorZones++;
      const orderKeyOk = isValidOrderKey(card.place.orderKey);
      const factorsOk = card.factorIds.length <= 200 && card.factorIds.every((id) => factorIds.has(id));
      const authorOk =
        !card.author || (authorZoneOk && card.author.name.length <= 200 && card.author.timeZone.length <= 64);
      // Almost every card is fine: it is kept as it is (a 5,000-card report copies nothing).
      if (
        inLane &&
        occurredOk &&
        orderKeyOk &&
        factorsOk &&
        authorOk &&
        card.text.length <= 2000 &&
        (card.importedFrom === null || card.importedFrom.length <= 300) &&
        validInstant(card.createdAt) &&
        validInstant(card.deletedAt)
      )
        return card;
      return {
        ...card,
        text: clip(card.text, 2000),
        importedFrom: card.importedFrom === null ? null : clip(card.importedFrom, 300),
        place: {
          ...card.place,
          laneId: inLane ? card.place.laneId : ORPHAN_LANE_ID,
          orderKey: orderKeyOk ? card.place.orderKey : 'a0',
          occurredAt: occurredOk ? card.place.occurredAt : null,
        },
        author: card.author
          ? { name: clip(card.author.name, 200), timeZone: authorZoneOk ? clip(card.author.timeZone, 64) : 'UTC' }
          : null,
        createdAt: validInstant(card.createdAt) ? card.createdAt : 0,
        deletedAt: validInstant(card.deletedAt) ? card.deletedAt : null,
        factorIds: card.factorIds.filter((id) => factorIds.has(id)).slice(0, 200),
      };
    });
  if (orphans) {
    notes.push(`${orphans} cards were in a lane that no longer exists; they are under “Cards without a lane”.`);
    lanes.push({
      id: ORPHAN_LANE_ID,
      name: 'Cards without a lane',
      kind: 'system',
      owner: null,
      timeZone: null,
      orderKey: 'zz',
      importKeys: [],
    });
  }
  if (badCardTimes) notes.push(`${badCardTimes} cards had a time out of range; they show as “time unknown”.`);
  if (badAuthorZones) notes.push(`${badAuthorZones} cards named an unknown author time zone; UTC is used.`);
  let badDates = 0;
  let badUrls = 0;
  const actions: Action[] = board.actions
    .filter((action) => idOk(action.id))
    .map((action) => {
      const dateOk = action.dueDate === null || isCalendarDate(action.dueDate);
      if (!dateOk) badDates++;
      const urlOk = action.trackerUrl === null || isSafeUrl(action.trackerUrl);
      if (!urlOk) badUrls++;
      return {
        ...action,
        title: clip(action.title.trim(), 300) || 'Untitled action',
        owner: clip(action.owner, 200),
        dueDate: dateOk ? action.dueDate : null,
        trackerUrl: urlOk ? action.trackerUrl : null,
        factorIds: action.factorIds.filter((id) => factorIds.has(id)).slice(0, 100),
        createdAt: validInstant(action.createdAt) ? action.createdAt : 0,
      };
    });
  if (badDates) notes.push(`${badDates} actions had a due date that is not a calendar date; it was left out.`);
  if (badUrls) notes.push(`${badUrls} actions had a tracker link that is not http, https or mailto; it was left out.`);
  if (badIds) notes.push(`${badIds} items had an id that is not valid and were left out.`);
  const notesText = Object.fromEntries(
    Object.entries(board.notes).map(([key, value]) => [key, clip(value, 100_000)]),
  ) as BoardSnapshot['notes'];
  return { board: { meta, lanes, cards, factors, actions, notes: notesText }, notes };
}
