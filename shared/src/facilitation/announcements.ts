import type { Card, Lane } from '../schema/types';
import { formatClock } from '../time/zones';
import { PHASE_GUIDE, PHASES, type Phase } from './phases';

/**
 * What a screen reader hears when something that matters during a call changes. Pure
 * functions: the client decides when, these say what.
 */

export function phaseAnnouncement(phase: Phase): string {
  const guide = PHASE_GUIDE[phase];
  return `Phase ${PHASES.indexOf(phase) + 1} of ${PHASES.length}: ${guide.label}. ${guide.purpose}`;
}

export const TIME_UP_ANNOUNCEMENT = 'Time is up for this phase.';

export function spotlightAnnouncement(target: { kind: 'card' | 'lane'; name: string }): string {
  return target.kind === 'lane'
    ? `The facilitator spotlights lane ${target.name}.`
    : `The facilitator spotlights the card “${shorten(target.name)}”.`;
}

/**
 * Someone else moved the card I am on: where it went, in my time zone; null when its lane
 * and time did not change (a reorder within the same slot is not worth interrupting for).
 */
export function cardMovedAnnouncement(
  before: Card,
  after: Card,
  lanes: readonly Lane[],
  zone: string,
  mover: string | null,
): string | null {
  const from = before.place;
  const to = after.place;
  if (from.laneId === to.laneId && from.occurredAt === to.occurredAt) return null;
  const lane = lanes.find((candidate) => candidate.id === to.laneId)?.name ?? 'another lane';
  const when = to.occurredAt === null ? 'time unknown' : formatClock(to.occurredAt, zone);
  const who = mover ?? 'Someone';
  return `${who} moved the card you are on, “${shorten(after.text)}”, to ${lane}, ${when}.`;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
