import type * as Y from 'yjs';
import { newId } from '../ids';
import { votesRoot } from '../schema/boardDoc';

/**
 * Dot voting. The facilitator opens a round with a per-person budget (in the control
 * document, which only facilitators can write); each participant's votes live in the
 * board document under `votes`, one entry per dot. Budgets hold under concurrent clicks
 * (two tabs, two quick clicks) because every client counts the same way: a voter's dots are
 * taken in a fixed order and only the first `budget` count.
 */
export const MAX_VOTE_BUDGET = 20;

/** What a round's dots go on: the systemic factors, or the timeline's cards. */
export const VOTE_SUBJECTS = ['factors', 'cards'] as const;
export type VoteSubject = (typeof VOTE_SUBJECTS)[number];

export interface VotingState {
  /** The round's id, or null before any round. */
  readonly round: string | null;
  readonly open: boolean;
  readonly budget: number;
  readonly on: VoteSubject;
}

export const NO_VOTING: VotingState = { round: null, open: false, budget: 3, on: 'factors' };

export interface Vote {
  readonly key: string;
  readonly round: string;
  readonly voter: string;
  readonly target: string;
  readonly at: number;
}

export function clampBudget(budget: number): number {
  return Math.min(MAX_VOTE_BUDGET, Math.max(1, Math.round(Number.isFinite(budget) ? budget : 1)));
}

export function readVotingState(value: unknown): VotingState {
  const v = value as Partial<VotingState> | undefined;
  if (!v || (typeof v.round !== 'string' && v.round !== null) || typeof v.open !== 'boolean') return NO_VOTING;
  const on = (VOTE_SUBJECTS as readonly unknown[]).includes(v.on) ? (v.on as VoteSubject) : 'factors';
  return { round: v.round ?? null, open: v.open, budget: clampBudget(Number(v.budget)), on };
}

export function openVotingRound(budget: number, on: VoteSubject = 'factors', round: string = newId()): VotingState {
  return { round, open: true, budget: clampBudget(budget), on };
}

function votesMap(doc: Y.Doc): Y.Map<unknown> {
  return votesRoot(doc);
}

function readVote(key: string, value: unknown): Vote | null {
  const v = value as Partial<Vote> | null;
  if (!v || typeof v.round !== 'string' || typeof v.voter !== 'string' || typeof v.target !== 'string') return null;
  return { key, round: v.round, voter: v.voter, target: v.target, at: typeof v.at === 'number' ? v.at : 0 };
}

/** Every well-formed vote in the board document (malformed entries from hostile peers are skipped). */
export function readVotes(doc: Y.Doc): Vote[] {
  const votes: Vote[] = [];
  votesMap(doc).forEach((value, key) => {
    const vote = readVote(key, value);
    if (vote) votes.push(vote);
  });
  return votes;
}

export interface Tally {
  /** Counted dots per target. */
  readonly byTarget: ReadonlyMap<string, number>;
  /** Each voter's counted dots (at most `budget`). */
  readonly byVoter: ReadonlyMap<string, readonly Vote[]>;
}

/** Counts a round: per voter, dots in (time, key) order, the first `budget` only. */
export function tallyVotes(votes: readonly Vote[], voting: VotingState): Tally {
  const byVoter = new Map<string, Vote[]>();
  for (const vote of votes) {
    if (vote.round !== voting.round) continue;
    byVoter.set(vote.voter, [...(byVoter.get(vote.voter) ?? []), vote]);
  }
  const byTarget = new Map<string, number>();
  for (const [voter, dots] of byVoter) {
    const counted = dots
      .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, voting.budget);
    byVoter.set(voter, counted);
    for (const dot of counted) byTarget.set(dot.target, (byTarget.get(dot.target) ?? 0) + 1);
  }
  return { byTarget, byVoter };
}

/** What `voter` has left to spend in the open round. */
export function votesLeft(tally: Tally, voting: VotingState, voter: string): number {
  return Math.max(0, voting.budget - (tally.byVoter.get(voter)?.length ?? 0));
}

/**
 * Adds one of `voter`'s dots to `target`; false when the round is closed or the budget is
 * spent (as far as this client knows: a concurrent dot elsewhere is resolved by the tally).
 */
export function castVote(
  doc: Y.Doc,
  voting: VotingState,
  voter: string,
  target: string,
  now: number,
  origin?: unknown,
): boolean {
  if (!voting.open || voting.round === null) return false;
  if (votesLeft(tallyVotes(readVotes(doc), voting), voting, voter) === 0) return false;
  const round = voting.round;
  doc.transact(() => votesMap(doc).set(newId(), { round, voter, target, at: now }), origin ?? null);
  return true;
}

/** Takes back one of `voter`'s dots on `target` (the latest); false when there is none. */
export function retractVote(doc: Y.Doc, voting: VotingState, voter: string, target: string, origin?: unknown): boolean {
  if (!voting.open) return false;
  const mine = readVotes(doc)
    .filter((v) => v.round === voting.round && v.voter === voter && v.target === target)
    .sort((a, b) => b.at - a.at || (a.key < b.key ? 1 : -1));
  const last = mine[0];
  if (!last) return false;
  doc.transact(() => votesMap(doc).delete(last.key), origin ?? null);
  return true;
}

export function observeVotes(doc: Y.Doc, listener: () => void): () => void {
  const map = votesMap(doc);
  map.observe(listener);
  return () => map.unobserve(listener);
}

/** Targets by counted dots, most first (results once the round closes). */
export function rankTargets(tally: Tally): Array<{ target: string; votes: number }> {
  return [...tally.byTarget]
    .map(([target, votes]) => ({ target, votes }))
    .sort((a, b) => b.votes - a.votes || (a.target < b.target ? -1 : 1));
}
