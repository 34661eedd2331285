import type * as Y from 'yjs';
import type { RootKind } from '../schema/fingerprint';
import { DEFAULT_KICKOFF_SCRIPT, isPhase, type Phase } from './phases';
import { NO_TIMER, type TimerState } from './timer';
import { readSilentRound, type SilentRoundState } from './silentRound';
import { NO_VOTING, readVotingState, type VotingState } from './voting';

/**
 * The facilitator's control document: a companion Y.Doc per board, synced on the room
 * `<boardId>.control`. The server accepts writes to it only from facilitator links, so
 * phase, timer and script cannot be changed by anyone else, whatever client they use.
 */
export const CONTROL_ROOM_SUFFIX = '.control';

export function controlRoomOf(boardId: string): string {
  return `${boardId}${CONTROL_ROOM_SUFFIX}`;
}

export function isControlRoom(room: string): boolean {
  return room.endsWith(CONTROL_ROOM_SUFFIX);
}

const FIELD = {
  phase: 'phase',
  timer: 'timer',
  voting: 'voting',
  spotlight: 'spotlight',
  silentRound: 'silentRound',
  gather: 'gather',
  grouping: 'grouping',
} as const;

/** What the facilitator points everyone at; `at` makes pointing at the same thing again a new event. */
export interface Spotlight {
  readonly kind: 'card' | 'lane';
  readonly id: string;
  readonly at: number;
}

function readSpotlight(value: unknown): Spotlight | null {
  const v = value as Partial<Spotlight> | null | undefined;
  if (!v || (v.kind !== 'card' && v.kind !== 'lane') || typeof v.id !== 'string' || typeof v.at !== 'number')
    return null;
  return { kind: v.kind, id: v.id, at: v.at };
}

/**
 * "Bring everyone to me": the facilitator (`seat`, as the server stamped it on their
 * presence) asks everyone to follow their view; `at` makes asking again a new request.
 */
export interface Gather {
  readonly seat: string;
  readonly at: number;
}

function readGather(value: unknown): Gather | null {
  const v = value as Partial<Gather> | null | undefined;
  return v && typeof v.seat === 'string' && typeof v.at === 'number' ? { seat: v.seat, at: v.at } : null;
}

export interface ControlState {
  readonly phase: Phase;
  readonly timer: TimerState;
  readonly script: string;
  readonly voting: VotingState;
  readonly spotlight: Spotlight | null;
  readonly silentRound: SilentRoundState;
  readonly gather: Gather | null;
  /** The grouping step: everyone drags cards that belong together onto factors, at once. */
  readonly grouping: boolean;
}

/** Every root type of a control document and its kind. */
export const CONTROL_ROOTS: Readonly<Record<string, RootKind>> = { control: 'map', script: 'text' };

/** The root types a control document has; the server refuses updates that create others. */
export function isControlRootName(name: string): boolean {
  return Object.hasOwn(CONTROL_ROOTS, name);
}

function roots(doc: Y.Doc) {
  return { control: doc.getMap<unknown>('control'), script: doc.getText('script') };
}

export function readControl(doc: Y.Doc): ControlState {
  const { control, script } = roots(doc);
  const phase = control.get(FIELD.phase);
  const timer = control.get(FIELD.timer) as Partial<TimerState> | undefined;
  return {
    phase: isPhase(phase) ? phase : 'kickoff',
    timer:
      timer && (typeof timer.endsAt === 'number' || timer.endsAt === null) && typeof timer.durationMs === 'number'
        ? { endsAt: timer.endsAt, durationMs: timer.durationMs }
        : NO_TIMER,
    script: script.toString(),
    voting: readVotingState(control.get(FIELD.voting)),
    spotlight: readSpotlight(control.get(FIELD.spotlight)),
    silentRound: readSilentRound(control.get(FIELD.silentRound)),
    gather: readGather(control.get(FIELD.gather)),
    grouping: control.get(FIELD.grouping) === true,
  };
}

/** The first state of a board's control document (written by the server). */
export function seedControl(doc: Y.Doc): void {
  const { control, script } = roots(doc);
  doc.transact(() => {
    control.set(FIELD.phase, 'kickoff');
    control.set(FIELD.timer, { ...NO_TIMER });
    control.set(FIELD.voting, { ...NO_VOTING });
    script.insert(0, DEFAULT_KICKOFF_SCRIPT);
  });
}

export function setPhase(doc: Y.Doc, phase: Phase, origin?: unknown): void {
  doc.transact(() => roots(doc).control.set(FIELD.phase, phase), origin ?? null);
}

export function setTimer(doc: Y.Doc, timer: TimerState, origin?: unknown): void {
  doc.transact(() => roots(doc).control.set(FIELD.timer, { ...timer }), origin ?? null);
}

/** Written by the server only (it holds the votes and counts them). */
export function setVoting(doc: Y.Doc, voting: VotingState, origin?: unknown): void {
  doc.transact(() => roots(doc).control.set(FIELD.voting, { ...voting }), origin ?? null);
}

export function setSpotlight(doc: Y.Doc, spotlight: Spotlight | null, origin?: unknown): void {
  doc.transact(() => roots(doc).control.set(FIELD.spotlight, spotlight ? { ...spotlight } : null), origin ?? null);
}

export function setGrouping(doc: Y.Doc, grouping: boolean, origin?: unknown): void {
  doc.transact(() => roots(doc).control.set(FIELD.grouping, grouping), origin ?? null);
}

export function setGather(doc: Y.Doc, gather: Gather, origin?: unknown): void {
  doc.transact(() => roots(doc).control.set(FIELD.gather, { ...gather }), origin ?? null);
}

/** Written by the server only (it holds the drafts and enforces the stages). */
export function setSilentRound(doc: Y.Doc, round: SilentRoundState, origin?: unknown): void {
  doc.transact(() => roots(doc).control.set(FIELD.silentRound, { ...round }), origin ?? null);
}

export function scriptText(doc: Y.Doc): Y.Text {
  return roots(doc).script;
}

/**
 * Sets the script to `value`, replacing only the changed middle (common start and end are
 * kept), so an edit by a co-host elsewhere in the text survives.
 */
export function replaceScript(doc: Y.Doc, value: string, origin?: unknown): void {
  const text = roots(doc).script;
  const before = text.toString();
  let start = 0;
  while (start < before.length && start < value.length && before[start] === value[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < value.length - start &&
    before[before.length - 1 - end] === value[value.length - 1 - end]
  ) {
    end++;
  }
  if (start === before.length && start === value.length) return;
  doc.transact(() => {
    text.delete(start, before.length - start - end);
    text.insert(start, value.slice(start, value.length - end));
  }, origin ?? null);
}

export function observeControl(doc: Y.Doc, listener: (state: ControlState) => void): () => void {
  const handler = () => listener(readControl(doc));
  doc.on('afterTransaction', handler);
  return () => doc.off('afterTransaction', handler);
}
