import { checkLanguage, type LanguageRule } from '../language/checkLanguage';
import type { LoggedChange } from '../history/deriveHistory';
import type { BoardSnapshot, Card, CardKind } from '../schema/types';
import { formatClock, formatDateTime, formatUtcOffset, utcOffsetMinutes } from '../time/zones';
import { categoryLabel } from './actionsExport';

/**
 * A board as a post-incident report: the sections a reader expects, in reading order, with
 * every time already written in the incident's reference zone. Renderers only format it.
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
  /** "09:52" in the reference zone, with the offset when it differs from the incident's; "time unknown". */
  readonly time: string;
  readonly lane: string;
  readonly kind: string;
  readonly text: string;
  readonly misleading: boolean;
  readonly factors: readonly string[];
  readonly author: string | null;
}

export interface ReportModel {
  readonly title: string;
  readonly summary: string;
  readonly impact: string;
  readonly severity: string | null;
  /** "Europe/Berlin (UTC+02:00)" */
  readonly zoneLabel: string;
  readonly window: {
    readonly started: string | null;
    readonly detected: string | null;
    readonly resolved: string | null;
    readonly duration: string | null;
  };
  readonly timeline: readonly ReportEntry[];
  readonly perspectives: ReadonlyArray<{
    readonly lane: string;
    readonly kind: 'person' | 'system';
    readonly entries: readonly ReportEntry[];
  }>;
  readonly factors: ReadonlyArray<{
    readonly name: string;
    readonly category: string;
    readonly description: string;
    readonly evidence: readonly ReportEntry[];
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
  readonly participants: readonly string[];
  readonly language: {
    readonly cardsChecked: number;
    readonly cardsWithHints: number;
    readonly byRule: Readonly<Partial<Record<LanguageRule, number>>>;
  };
  readonly record: ReadonlyArray<{ readonly at: string; readonly who: string; readonly what: readonly string[] }>;
}

const STATUS: Record<string, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  'wont-do': 'Won’t do',
};

function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

export function buildReport(board: BoardSnapshot, history: readonly LoggedChange[] = []): ReportModel {
  const zone = board.meta.timeZone;
  const anchor = board.meta.startedAt ?? board.cards.find((c) => c.place.occurredAt !== null)?.place.occurredAt ?? null;
  const anchorOffset = anchor === null ? 0 : utcOffsetMinutes(anchor, zone);
  const at = (instant: number | null): string | null => {
    if (instant === null) return null;
    const offset = utcOffsetMinutes(instant, zone);
    const text = formatDateTime(instant, zone);
    return offset === anchorOffset ? text : `${text} (${formatUtcOffset(offset)})`;
  };
  const lanes = new Map(board.lanes.map((lane) => [lane.id, lane]));
  const factors = new Map(board.factors.filter((f) => f.deletedAt === null).map((f) => [f.id, f]));
  const live = board.cards.filter((card) => card.deletedAt === null);
  const entry = (card: Card): ReportEntry => ({
    time:
      card.place.occurredAt === null
        ? 'time unknown'
        : `${at(card.place.occurredAt)}${card.place.precision === 'approximate' ? ' (approx.)' : ''}`,
    lane: lanes.get(card.place.laneId)?.name ?? 'Unknown lane',
    kind: KIND_LABEL[card.kind],
    text: card.text,
    misleading: card.misleading,
    factors: card.factorIds.map((id) => factors.get(id)?.name).filter((name): name is string => name !== undefined),
    author: card.author?.name ?? null,
  });

  const names = board.lanes.filter((l) => l.kind === 'person').map((l) => l.name.split(/[\s(]/)[0]!);
  const byRule: Partial<Record<LanguageRule, number>> = {};
  let cardsWithHints = 0;
  for (const card of live) {
    if (card.hintsDismissed) continue;
    const findings = checkLanguage(card.text, { names });
    if (findings.length > 0) cardsWithHints++;
    for (const finding of findings) byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
  }

  const participants = new Set<string>();
  for (const lane of board.lanes) if (lane.kind === 'person') participants.add(lane.name);
  for (const card of live) if (card.author?.name) participants.add(card.author.name);

  const { startedAt, detectedAt, resolvedAt } = board.meta;
  return {
    title: board.meta.title,
    summary: board.meta.summary,
    impact: board.meta.impact,
    severity: board.meta.severity,
    zoneLabel: `${zone} (${formatUtcOffset(anchorOffset)})`,
    window: {
      started: at(startedAt),
      detected: at(detectedAt),
      resolved: at(resolvedAt),
      duration: startedAt !== null && resolvedAt !== null ? durationText(resolvedAt - startedAt) : null,
    },
    timeline: live.map(entry),
    perspectives: board.lanes
      .map((lane) => ({
        lane: lane.name,
        kind: lane.kind,
        entries: live.filter((c) => c.place.laneId === lane.id).map(entry),
      }))
      .filter((p) => p.entries.length > 0),
    factors: [...factors.values()].map((factor) => ({
      name: factor.name,
      category: categoryLabel(factor.category),
      description: factor.description,
      evidence: live.filter((c) => c.factorIds.includes(factor.id)).map(entry),
    })),
    notes: { ...board.notes },
    actions: board.actions.map((action) => ({
      title: action.title,
      owner: action.owner,
      due: action.dueDate,
      status: STATUS[action.status] ?? action.status,
      factors: action.factorIds.map((id) => factors.get(id)?.name).filter((n): n is string => n !== undefined),
      trackerUrl: action.trackerUrl,
    })),
    participants: [...participants].sort((a, b) => a.localeCompare(b)),
    language: { cardsChecked: live.length, cardsWithHints, byRule },
    record: history.map((h) => ({
      at: `${formatDateTime(h.receivedAt, zone).slice(0, 10)} ${formatClock(h.receivedAt, zone, true)}`,
      who: h.actor,
      what: h.changes,
    })),
  };
}
