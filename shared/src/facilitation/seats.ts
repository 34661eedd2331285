import { isRole, type Role } from '../protocol/roles';
import type { Phase } from './phases';

/**
 * Who a connection is, as the server vouches for it. Every presence state a client sends on
 * a board is stamped by the server with the sender's seat: an id the server derived from
 * the browser's secret and the link it connected with, and that link's role. Clients cannot
 * write the field themselves (the server refuses a state that carries it), so "who" in
 * readiness, follow, drafts and votes is the server's fact, not a client's claim.
 *
 * One person with two tabs has one seat; one browser that opened the editor link and the
 * facilitator link has two (one per link).
 */
export const SEAT_FIELD = 'seat';

export interface Seat {
  readonly id: string;
  readonly role: Role;
}

/** A seat id: lowercase hex, as the server derives it. */
export const SEAT_ID_PATTERN = /^[a-z0-9-]{8,64}$/;

/** The secret a browser proves itself with (drafts, votes, its seat): base64url, 22–128 characters. */
export const WRITER_SECRET_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

export function readSeat(state: unknown): Seat | null {
  const seat = (state as { [SEAT_FIELD]?: { id?: unknown; role?: unknown } } | null | undefined)?.[SEAT_FIELD];
  if (!seat || typeof seat.id !== 'string' || !SEAT_ID_PATTERN.test(seat.id) || !isRole(seat.role)) return null;
  return { id: seat.id, role: seat.role };
}

/** Viewers follow along; editors and facilitators take part. */
export function isParticipantSeat(seat: Seat | null): seat is Seat {
  return seat !== null && seat.role !== 'viewer';
}

/**
 * Puts `seat` first in a presence state's JSON text (an object, checked before), without
 * parsing and re-serialising the rest. The caller has refused states that already carry the
 * field, so the stamped text has it exactly once.
 */
export function stampSeat(json: string, seat: Seat): string {
  const text = json.trim();
  if (!text.startsWith('{')) throw new Error('only an object state can carry a seat');
  const field = `"${SEAT_FIELD}":${JSON.stringify({ id: seat.id, role: seat.role })}`;
  const rest = text.slice(1).trimStart();
  return rest.startsWith('}') ? `{${field}}` : `{${field},${rest}`;
}

export interface SeatedState {
  readonly seat: Seat | null;
  readonly name: string;
  readonly ready?: unknown;
  readonly moveOn?: unknown;
}

export interface Readiness {
  /** Distinct participants (not viewers, not facilitators, one per seat whatever its tabs). */
  readonly total: number;
  readonly ready: number;
  readonly moveOn: number;
  /** Names of the participants who have not marked the phase done, sorted. */
  readonly waitingFor: readonly string[];
}

/**
 * Readiness over distinct participants. Each seat counts once: done when any of its tabs
 * says so. States without a seat (not stamped by the server) and viewers are not counted;
 * facilitators run the phases rather than mark them done.
 */
export function readinessOf(states: Iterable<SeatedState>, phase: Phase): Readiness {
  const seats = new Map<string, { name: string; ready: boolean; moveOn: boolean }>();
  for (const state of states) {
    if (!isParticipantSeat(state.seat) || state.seat.role === 'facilitator') continue;
    const known = seats.get(state.seat.id) ?? { name: state.name, ready: false, moveOn: false };
    known.ready ||= state.ready === phase;
    known.moveOn ||= state.moveOn === phase;
    if (!known.name) known.name = state.name;
    seats.set(state.seat.id, known);
  }
  const all = [...seats.values()];
  return {
    total: all.length,
    ready: all.filter((s) => s.ready).length,
    moveOn: all.filter((s) => s.moveOn).length,
    waitingFor: all
      .filter((s) => !s.ready)
      .map((s) => s.name || 'Someone')
      .sort((a, b) => a.localeCompare(b)),
  };
}

/**
 * Readiness in words. Facilitators are not counted, so a facilitator alone would have read
 * "0 of 0 done": until someone joins it says so instead. `showNames` is off in anonymous
 * rounds, where who is still writing is nobody's business.
 */
export function describeReadiness(readiness: Readiness, showNames = true): string {
  if (readiness.total === 0) return 'Waiting for people to join';
  let text = `${readiness.ready} of ${readiness.total} done`;
  if (readiness.moveOn > 0) text += ` · ${readiness.moveOn} ready to move on`;
  const waiting = readiness.waitingFor;
  if (showNames && waiting.length > 0 && readiness.ready > 0) {
    const names = waiting.length <= 3 ? waiting.join(', ') : `${waiting.slice(0, 3).join(', ')} +${waiting.length - 3}`;
    text += ` · still writing: ${names}`;
  }
  return text;
}
