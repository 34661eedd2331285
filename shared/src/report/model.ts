import type { LanguageRule } from '../language/checkLanguage';
import { personKey } from '../insights/insights';
import type { LoggedChange } from '../history/deriveHistory';
import type { BoardStatus } from '../protocol/boardStatus';
import type { BoardSnapshot, Card, CardKind } from '../schema/types';
import { formatClock, formatDateTime, formatUtcOffset, utcOffsetMinutes, wallTimeAt } from '../time/zones';
import { categoryLabel } from './actionsExport';
import { sanitizeBoard } from './sanitize';

/**
 * A board as a post-incident report: the sections a reader expects, in reading order, with
 * every time already written in the incident's reference zone. Each card appears once, in
 * the timeline, numbered; perspectives and factors point to those numbers. Values are
 * checked at this boundary (sanitizeBoard), so no board can make a report fail.
 */

export const KIND_LABEL: Record<CardKind, string> = {
  event: 'Event',
  action: 'Action',
  observation: 'Observation',
  decision: 'Decision',
  communication: 'Communication',
  signal: 'Signal',
  question: 'Question',
  surprise: 'Surprise',
  hypothesis: 'Hypothesis',
};

export interface ReportEntry {
  /** 1-based number in the timeline; perspectives and factors refer to it. */
  readonly number: number;
  /** "2024-05-01 09:52" in the reference zone (with the offset when it differs); "time unknown". */
  readonly time: string;
  /** The author's own clock when their zone shows a different time: "03:52 America/New_York". */
  readonly localTime: string | null;
  readonly lane: string;
  readonly kind: string;
  readonly text: string;
  readonly misleading: boolean;
  readonly factors: readonly string[];
  readonly author: string | null;
  /** Where an imported card came from ("Slack · #inc-checkout · …"), or null for typed cards. */
  readonly importedFrom: string | null;
}

export interface ChartLane {
  readonly name: string;
  readonly kind: 'person' | 'system';
  /** Cards with a time: position 0..1 along the incident, their number and kind. */
  readonly points: ReadonlyArray<{
    readonly x: number;
    readonly number: number;
    readonly kind: CardKind;
    readonly misleading: boolean;
  }>;
}

export interface ReportChart {
  readonly lanes: readonly ChartLane[];
  readonly ticks: ReadonlyArray<{ readonly x: number; readonly label: string }>;
  /** Key moments (started, detected, mitigated, resolved) as positions 0..1. */
  readonly marks: ReadonlyArray<{ readonly x: number; readonly label: string }>;
}

export interface ReportParticipant {
  readonly name: string;
  readonly detail: string | null;
}

export const STATUS_LABEL: Record<BoardStatus, string> = {
  draft: 'Draft',
  'in-review': 'In review',
  published: 'Published',
};

export interface ReportContext {
  readonly status?: BoardStatus;
  /** When the report was generated (UTC ms). */
  readonly now?: number;
  /** Link back to the board (no token: readers open it with their own link). */
  readonly boardUrl?: string | null;
  /** Link to the record of changes (a separate file). */
  readonly changesUrl?: string | null;
  /** How many updates the server's log holds. */
  readonly changeCount?: number | null;
  /** The language checker (shared/src/language, loaded separately): without it the report skips that section. */
  readonly checkLanguage?: (text: string, names: readonly string[]) => readonly LanguageRule[];
}

export interface ReportModel {
  readonly title: string;
  readonly summary: string;
  readonly impact: string;
  readonly severity: string | null;
  readonly status: string;
  /** "2024-05-02" in the reference zone. */
  readonly generated: string | null;
  readonly boardUrl: string | null;
  /** "Europe/Berlin (UTC+02:00)" */
  readonly zoneLabel: string;
  /** Values the board held that could not be used as they were (sanitizeBoard). */
  readonly dataNotes: readonly string[];
  readonly window: {
    readonly started: string | null;
    readonly detected: string | null;
    readonly mitigated: string | null;
    readonly resolved: string | null;
    readonly timeToDetect: string | null;
    readonly timeToMitigate: string | null;
    readonly timeToResolve: string | null;
    readonly duration: string | null;
  };
  readonly timeline: readonly ReportEntry[];
  readonly chart: ReportChart | null;
  readonly perspectives: ReadonlyArray<{
    readonly lane: string;
    readonly kind: 'person' | 'system';
    readonly numbers: readonly number[];
  }>;
  readonly factors: ReadonlyArray<{
    readonly name: string;
    readonly category: string;
    readonly description: string;
    readonly evidence: readonly number[];
  }>;
  readonly notes: { readonly wentWell: string; readonly gotLucky: string; readonly openQuestions: string };
  readonly actions: ReadonlyArray<{
    readonly title: string;
    readonly owner: string;
    readonly due: string | null;
    readonly status: string;
    readonly factors: readonly string[];
    readonly trackerUrl: string | null;
  }>;
  readonly participants: readonly ReportParticipant[];
  readonly language: null | {
    readonly cardsChecked: number;
    readonly cardsWithHints: number;
    readonly byRule: Readonly<Partial<Record<LanguageRule, number>>>;
  };
  readonly changes: { readonly count: number | null; readonly url: string | null };
}

const ACTION_STATUS: Record<string, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  'wont-do': 'Won’t do',
};

export function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

const since = (from: number | null, to: number | null) =>
  from !== null && to !== null && to >= from ? durationText(to - from) : null;

/** "Ana (Backend, Berlin)" → name "Ana", detail "Backend, Berlin". */
function splitPerson(label: string): ReportParticipant {
  const match = /^(.*?)\s*\((.+)\)\s*$/.exec(label.trim());
  return match && match[1] ? { name: match[1], detail: match[2]! } : { name: label.trim(), detail: null };
}

function participantsOf(board: BoardSnapshot, cards: readonly Card[]): ReportParticipant[] {
  const people = new Map<string, ReportParticipant>();
  const add = (label: string) => {
    if (!label.trim()) return;
    const person = splitPerson(label);
    const key = personKey(person.name);
    const known = people.get(key);
    if (!known || (!known.detail && person.detail)) people.set(key, person);
  };
  for (const lane of board.lanes) if (lane.kind === 'person') add(lane.name);
  // Imported cards are authored by the source's speaker (a bot, "Alerts & monitoring").
  for (const card of cards) if (card.author?.name && card.source === 'typed') add(card.author.name);
  return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function tickStep(span: number): number {
  const steps = [
    60_000,
    5 * 60_000,
    10 * 60_000,
    15 * 60_000,
    30 * 60_000,
    3_600_000,
    2 * 3_600_000,
    6 * 3_600_000,
    12 * 3_600_000,
    86_400_000,
    7 * 86_400_000,
  ];
  return steps.find((step) => span / step <= 8) ?? 30 * 86_400_000;
}

function chartOf(
  board: BoardSnapshot,
  numbered: ReadonlyArray<{ card: Card; number: number }>,
  zone: string,
): ReportChart | null {
  const timed = numbered.filter(({ card }) => card.place.occurredAt !== null);
  const moments = [board.meta.startedAt, board.meta.detectedAt, board.meta.mitigatedAt, board.meta.resolvedAt].filter(
    (t): t is number => t !== null,
  );
  if (timed.length === 0 && moments.length < 2) return null;
  let start = Infinity;
  let end = -Infinity;
  for (const t of [...timed.map(({ card }) => card.place.occurredAt!), ...moments]) {
    if (t < start) start = t;
    if (t > end) end = t;
  }
  if (end - start < 60_000) end = start + 60_000;
  const span = end - start;
  const position = (t: number) => (t - start) / span;
  const step = tickStep(span);
  const offset = utcOffsetMinutes(start, zone) * 60_000;
  const ticks: Array<{ x: number; label: string }> = [];
  for (let t = Math.ceil((start + offset) / step) * step - offset; t <= end; t += step) {
    const wall = wallTimeAt(t, zone);
    ticks.push({
      x: position(t),
      label: step >= 86_400_000 ? `${wall.month}/${wall.day}` : formatClock(t, zone),
    });
  }
  const byLane = new Map<string, ChartLane['points'][number][]>();
  for (const { card, number } of timed) {
    const list = byLane.get(card.place.laneId) ?? [];
    list.push({ x: position(card.place.occurredAt!), number, kind: card.kind, misleading: card.misleading });
    byLane.set(card.place.laneId, list);
  }
  const lanes = board.lanes
    .filter((lane) => byLane.has(lane.id))
    .map((lane) => ({ name: lane.name, kind: lane.kind, points: byLane.get(lane.id)! }));
  const marks = (
    [
      ['Started', board.meta.startedAt],
      ['Detected', board.meta.detectedAt],
      ['Mitigated', board.meta.mitigatedAt],
      ['Resolved', board.meta.resolvedAt],
    ] as const
  )
    .filter(([, t]) => t !== null)
    .map(([label, t]) => ({ label, x: position(t!) }));
  return { lanes, ticks, marks };
}

export function buildReport(input: BoardSnapshot, context: ReportContext = {}): ReportModel {
  const { board, notes: dataNotes } = sanitizeBoard(input);
  const zone = board.meta.timeZone;
  const anchor = board.meta.startedAt ?? board.cards.find((c) => c.place.occurredAt !== null)?.place.occurredAt ?? null;
  const anchorOffset = anchor === null ? 0 : utcOffsetMinutes(anchor, zone);
  // Cards share minutes: each instant is written once (Intl is the costly part of a large report).
  const written = new Map<number, string>();
  const at = (instant: number | null): string | null => {
    if (instant === null) return null;
    let text = written.get(instant);
    if (text === undefined) {
      const offset = utcOffsetMinutes(instant, zone);
      text = formatDateTime(instant, zone);
      if (offset !== anchorOffset) text = `${text} (${formatUtcOffset(offset)})`;
      written.set(instant, text);
    }
    return text;
  };
  const localTimes = new Map<string, string | null>();
  const localTimeOf = (occurred: number, authorZone: string): string | null => {
    if (authorZone === zone) return null;
    const key = `${authorZone}\u0000${occurred}`;
    let local = localTimes.get(key);
    if (local === undefined) {
      local =
        utcOffsetMinutes(occurred, authorZone) !== utcOffsetMinutes(occurred, zone)
          ? `${formatClock(occurred, authorZone)} ${authorZone}`
          : null;
      localTimes.set(key, local);
    }
    return local;
  };
  const lanes = new Map(board.lanes.map((lane) => [lane.id, lane]));
  const factors = new Map(board.factors.filter((f) => f.deletedAt === null).map((f) => [f.id, f]));
  const live = board.cards.filter((card) => card.deletedAt === null);
  const numbered = live.map((card, index) => ({ card, number: index + 1 }));
  const entry = ({ card, number }: { card: Card; number: number }): ReportEntry => {
    const occurred = card.place.occurredAt;
    const authorZone = card.author?.timeZone ?? zone;
    const localTime = occurred === null ? null : localTimeOf(occurred, authorZone);
    return {
      number,
      time:
        occurred === null
          ? 'time unknown'
          : `${at(occurred)}${card.place.precision === 'approximate' ? ' (approx.)' : ''}`,
      localTime,
      lane: lanes.get(card.place.laneId)?.name ?? 'Unknown lane',
      kind: KIND_LABEL[card.kind],
      text: card.text,
      misleading: card.misleading,
      factors: card.factorIds.map((id) => factors.get(id)?.name).filter((name): name is string => name !== undefined),
      author: card.author?.name ?? null,
      importedFrom: card.source === 'imported' ? (card.importedFrom ?? 'imported') : null,
    };
  };

  const names = board.lanes.filter((l) => l.kind === 'person').map((l) => splitPerson(l.name).name);
  let language: ReportModel['language'] = null;
  if (context.checkLanguage) {
    const byRule: Partial<Record<LanguageRule, number>> = {};
    let cardsWithHints = 0;
    for (const card of live) {
      if (card.hintsDismissed || card.source === 'imported') continue;
      const rules = context.checkLanguage(card.text, names);
      if (rules.length > 0) cardsWithHints++;
      for (const rule of rules) byRule[rule] = (byRule[rule] ?? 0) + 1;
    }
    language = { cardsChecked: live.length, cardsWithHints, byRule };
  }

  const numbersByLane = new Map<string, number[]>();
  const numbersByFactor = new Map<string, number[]>();
  for (const { card, number } of numbered) {
    const list = numbersByLane.get(card.place.laneId) ?? [];
    list.push(number);
    numbersByLane.set(card.place.laneId, list);
    for (const id of card.factorIds) {
      const evidence = numbersByFactor.get(id) ?? [];
      evidence.push(number);
      numbersByFactor.set(id, evidence);
    }
  }

  const { startedAt, detectedAt, mitigatedAt, resolvedAt } = board.meta;
  return {
    title: board.meta.title,
    summary: board.meta.summary,
    impact: board.meta.impact,
    severity: board.meta.severity,
    status: STATUS_LABEL[context.status ?? 'draft'],
    generated: context.now === undefined ? null : formatDateTime(context.now, zone).slice(0, 10),
    boardUrl: context.boardUrl ?? null,
    zoneLabel: `${zone} (${formatUtcOffset(anchorOffset)})`,
    dataNotes,
    window: {
      started: at(startedAt),
      detected: at(detectedAt),
      mitigated: at(mitigatedAt),
      resolved: at(resolvedAt),
      timeToDetect: since(startedAt, detectedAt),
      timeToMitigate: since(startedAt, mitigatedAt),
      timeToResolve: since(detectedAt ?? startedAt, resolvedAt),
      duration: since(startedAt, resolvedAt),
    },
    timeline: numbered.map(entry),
    chart: chartOf(board, numbered, zone),
    perspectives: board.lanes
      .filter((lane) => numbersByLane.has(lane.id))
      .map((lane) => ({ lane: lane.name, kind: lane.kind, numbers: numbersByLane.get(lane.id)! })),
    factors: [...factors.values()].map((factor) => ({
      name: factor.name,
      category: categoryLabel(factor.category),
      description: factor.description,
      evidence: numbersByFactor.get(factor.id) ?? [],
    })),
    notes: { ...board.notes },
    actions: board.actions.map((action) => ({
      title: action.title,
      owner: action.owner,
      due: action.dueDate,
      status: ACTION_STATUS[action.status] ?? action.status,
      factors: action.factorIds.map((id) => factors.get(id)?.name).filter((n): n is string => n !== undefined),
      trackerUrl: action.trackerUrl,
    })),
    participants: participantsOf(board, live),
    language,
    changes: { count: context.changeCount ?? null, url: context.changesUrl ?? null },
  };
}

/** The summary's key figures that are known: time to detect, mitigate, resolve, and the duration. */
export function keyFigures(report: ReportModel): Array<{ label: string; value: string }> {
  const w = report.window;
  return [
    { label: 'Time to detect', value: w.timeToDetect },
    { label: 'Time to mitigate', value: w.timeToMitigate },
    { label: 'Time to resolve', value: w.timeToResolve },
    { label: 'Duration', value: w.duration },
  ].filter((figure): figure is { label: string; value: string } => figure.value !== null);
}

export interface ChangeRecord {
  readonly at: string;
  readonly who: string;
  readonly what: readonly string[];
}

/** The record of changes from the server's update log, in the board's zone (a separate file). */
export function buildChangeRecord(board: BoardSnapshot, history: readonly LoggedChange[]): ChangeRecord[] {
  const zone = sanitizeBoard(board).board.meta.timeZone;
  return history.map((h) => ({
    at: `${formatDateTime(h.receivedAt, zone).slice(0, 10)} ${formatClock(h.receivedAt, zone, true)}`,
    who: h.actor,
    what: h.changes,
  }));
}
