import { newId } from '../ids';
import { isPhase, nextPhase, type Phase } from './phases';

/**
 * Dot voting, held by the server. The facilitator opens a round with a per-person budget;
 * each participant spends dots through the server, which knows who they are (their seat),
 * refuses a dot past the budget or outside an open round, and keeps the dots in storage,
 * where nobody else's client can add, move or delete them. While the round is open the
 * board shows only how many dots were cast (no anchoring on early leaders); when it closes
 * the server counts once and writes the ranking into the control document, where it stays
 * as it was counted.
 */
export const MAX_VOTE_BUDGET = 20;

/** What a round's dots go on: the systemic factors, or the timeline's cards. */
export const VOTE_SUBJECTS = ['factors', 'cards'] as const;
export type VoteSubject = (typeof VOTE_SUBJECTS)[number];

export interface RankedTarget {
  readonly target: string;
  readonly votes: number;
}

export interface VotingState {
  /** The round's id, or null before any round. */
  readonly round: string | null;
  readonly open: boolean;
  readonly budget: number;
  readonly on: VoteSubject;
  /** Dots cast so far and by how many people (counts only, published by the server). */
  readonly cast: number;
  readonly voters: number;
  /** The ranking, fixed by the server when the round closed; null while open or before any round. */
  readonly results: readonly RankedTarget[] | null;
  /** The server closes the round when the phase timer runs out. */
  readonly closeAtTimeUp: boolean;
  /** The phase the round ran in: its results matter there and, as the agenda, in the next one. */
  readonly phase: Phase | null;
}

export const NO_VOTING: VotingState = {
  round: null,
  open: false,
  budget: 3,
  on: 'factors',
  cast: 0,
  voters: 0,
  results: null,
  closeAtTimeUp: false,
  phase: null,
};

/** One dot as the server stores it. */
export interface Vote {
  readonly id: string;
  readonly round: string;
  readonly voter: string;
  readonly target: string;
  readonly at: number;
}

export function clampBudget(budget: number): number {
  return Math.min(MAX_VOTE_BUDGET, Math.max(1, Math.round(Number.isFinite(budget) ? budget : 1)));
}

const MAX_RESULTS = 2_000;

function readResults(value: unknown): RankedTarget[] | null {
  if (!Array.isArray(value)) return null;
  return value
    .slice(0, MAX_RESULTS)
    .filter(
      (entry): entry is RankedTarget =>
        typeof (entry as RankedTarget | null)?.target === 'string' &&
        Number.isInteger((entry as RankedTarget).votes) &&
        (entry as RankedTarget).votes > 0,
    )
    .map((entry) => ({ target: entry.target, votes: entry.votes }));
}

const count = (value: unknown) => (Number.isInteger(value) && (value as number) >= 0 ? (value as number) : 0);

export function readVotingState(value: unknown): VotingState {
  const v = value as Partial<VotingState> | undefined;
  if (!v || (typeof v.round !== 'string' && v.round !== null) || typeof v.open !== 'boolean') return NO_VOTING;
  const on = (VOTE_SUBJECTS as readonly unknown[]).includes(v.on) ? (v.on as VoteSubject) : 'factors';
  return {
    round: v.round ?? null,
    open: v.open,
    budget: clampBudget(Number(v.budget)),
    on,
    cast: count(v.cast),
    voters: count(v.voters),
    results: v.open ? null : readResults(v.results),
    closeAtTimeUp: v.closeAtTimeUp === true,
    phase: isPhase(v.phase) ? v.phase : null,
  };
}

export function openVotingRound(
  budget: number,
  on: VoteSubject = 'factors',
  options: { round?: string; closeAtTimeUp?: boolean; phase?: Phase | null } = {},
): VotingState {
  return {
    ...NO_VOTING,
    round: options.round ?? newId(),
    open: true,
    budget: clampBudget(budget),
    on,
    closeAtTimeUp: options.closeAtTimeUp === true,
    phase: options.phase ?? null,
  };
}

/** Targets by dots, most first; a tie is broken by id, the same for everyone. */
export function rankVotes(votes: readonly Pick<Vote, 'target'>[]): RankedTarget[] {
  const byTarget = new Map<string, number>();
  for (const vote of votes) byTarget.set(vote.target, (byTarget.get(vote.target) ?? 0) + 1);
  return [...byTarget]
    .map(([target, votes]) => ({ target, votes }))
    .sort((a, b) => b.votes - a.votes || (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
}

/** The closed round's state: the ranking, counted once, and the final counts. */
export function closeVotingRound(state: VotingState, votes: readonly Vote[]): VotingState {
  const counted = votes.filter((vote) => vote.round === state.round);
  return {
    ...state,
    open: false,
    cast: counted.length,
    voters: new Set(counted.map((vote) => vote.voter)).size,
    results: rankVotes(counted),
  };
}

/** How many dots each target got in a closed round (0 for any it does not list). */
export function resultsByTarget(state: VotingState): ReadonlyMap<string, number> {
  return new Map((state.results ?? []).map((entry) => [entry.target, entry.votes]));
}

/** Why a dot cannot be cast now, or null. */
export function voteRefusal(state: VotingState, round: string | null, spent: number): string | null {
  if (state.round === null || !state.open) return 'no dot-voting round is open';
  if (round !== null && round !== state.round) return 'that voting round is over';
  if (spent >= state.budget) return `all ${state.budget} of your dots are spent`;
  return null;
}

/**
 * Where a round shows: while open, everywhere; once closed, in the phase it ran in and, as
 * the agenda, in the next phase; not in later phases, where old results only distract.
 */
export function votingShownIn(state: VotingState, phase: Phase): boolean {
  if (state.round === null) return false;
  if (state.open || state.phase === null) return true;
  return phase === state.phase || phase === nextPhase(state.phase);
}

/** Is `phase` the one after the round's, where its ranking sets the order of discussion? */
export function isAgendaPhase(state: VotingState, phase: Phase): boolean {
  return !state.open && state.phase !== null && nextPhase(state.phase) === phase && (state.results?.length ?? 0) > 0;
}
