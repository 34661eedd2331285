import {
  CardField,
  NO_VOTING,
  boardRoots,
  closeVotingRound,
  isTimeUp,
  newId,
  openVotingRound,
  readControl,
  setVoting,
  voteRefusal,
  type Vote,
  type VoteSubject,
  type VotingState,
} from '@retrace/shared';
import { ServerChange } from '../sync/Room';
import { inControl, inRoom, oneAtATime, storedWithin, type BoardCallDeps } from './boardCalls';

/**
 * Dot voting held by the server: the round's state in the control document (written here
 * only), the dots in storage under the voter's seat. A dot is accepted only from a seat
 * that connected to the board with a participant link, only while the round is open, only
 * within the budget, and only on a factor or card the board has. Closing counts the dots
 * once and fixes the ranking in the control document.
 */
export class VotingRefusal extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export type VotingAction =
  | { readonly action: 'open'; readonly budget: number; readonly on: VoteSubject; readonly closeAtTimeUp: boolean }
  | { readonly action: 'close' }
  | { readonly action: 'clear' };

/** How often an open round that closes at time's up looks at the timer. */
const TIME_UP_CHECK_MS = 1_000;
/** Checks in a row that may fail before the watch stops. */
const MAX_WATCH_FAILURES = 60;

function readVoting(deps: BoardCallDeps, boardId: string): Promise<VotingState> {
  return inControl(deps, boardId, (doc) => readControl(doc).voting);
}

async function writeVoting(deps: BoardCallDeps, boardId: string, state: VotingState, actor: string): Promise<void> {
  await inControl(deps, boardId, (doc) => setVoting(doc, state, new ServerChange(actor)));
}

/** Opens, closes or clears the board's round (the facilitator's call). */
export function changeVoting(
  deps: BoardCallDeps,
  boardId: string,
  request: VotingAction,
  actor: string,
): Promise<VotingState> {
  return oneAtATime(deps, boardId, async () => {
    const current = await readVoting(deps, boardId);
    // Closing by hand after time's up closes once; anything else first settles a round whose time ran out.
    const state = request.action === 'close' ? current : await closeIfTimeUp(deps, boardId, current);
    let next: VotingState;
    switch (request.action) {
      case 'open':
        if (state.open) throw new VotingRefusal(409, 'a voting round is already open: close it first');
        next = openVotingRound(request.budget, request.on, {
          closeAtTimeUp: request.closeAtTimeUp,
          phase: await inControl(deps, boardId, (doc) => readControl(doc).phase),
        });
        break;
      case 'close':
        if (!state.open || state.round === null) throw new VotingRefusal(409, 'no voting round is open');
        next = closeVotingRound(state, await deps.storage.listVotes(boardId, state.round));
        break;
      case 'clear':
        if (state.open) throw new VotingRefusal(409, 'close the voting round before clearing its results');
        next = { ...NO_VOTING, budget: state.budget, on: state.on };
        break;
    }
    await writeVoting(deps, boardId, next, `${actor} voting:${request.action}`);
    await storedWithin(deps.writer, 10_000);
    if (next.open && next.closeAtTimeUp) watchTimeUp(deps, boardId);
    return next;
  });
}

/** Closes an open round whose timer ran out when the facilitator asked for that. */
async function closeIfTimeUp(deps: BoardCallDeps, boardId: string, state: VotingState): Promise<VotingState> {
  if (!state.open || !state.closeAtTimeUp || state.round === null) return state;
  const timer = await inControl(deps, boardId, (doc) => readControl(doc).timer);
  if (!isTimeUp(timer, deps.now())) return state;
  const closed = closeVotingRound(state, await deps.storage.listVotes(boardId, state.round));
  await writeVoting(deps, boardId, closed, 'server:time-up voting:close');
  return closed;
}

const watching = new WeakMap<BoardCallDeps['storage'], Set<string>>();

/**
 * Looks at the timer every second while a round that closes at time's up is open. Also
 * armed by any voting call, so a round opened before a restart is still closed on time
 * once anyone on the board votes or loads their dots.
 */
function watchTimeUp(deps: BoardCallDeps, boardId: string): void {
  const boards = watching.get(deps.storage) ?? new Set<string>();
  watching.set(deps.storage, boards);
  if (boards.has(boardId)) return;
  boards.add(boardId);
  let failures = 0;
  const check = () => {
    void oneAtATime(deps, boardId, async () => {
      const state = await closeIfTimeUp(deps, boardId, await readVoting(deps, boardId));
      failures = 0;
      return state.open && state.closeAtTimeUp;
    })
      // A storage hiccup: look again, for a while (a server shutting down stops answering
      // for good; any later voting call arms the watch again).
      .catch(() => ++failures < MAX_WATCH_FAILURES)
      .then((stillOpen) => {
        if (stillOpen) setTimeout(check, TIME_UP_CHECK_MS).unref();
        else boards.delete(boardId);
      });
  };
  setTimeout(check, TIME_UP_CHECK_MS).unref();
}

/** Is `target` a factor (or a card not deleted) the board has? */
function hasTarget(deps: BoardCallDeps, boardId: string, on: VoteSubject, target: string): Promise<boolean> {
  return inRoom(deps, boardId, (doc) => {
    const roots = boardRoots(doc);
    if (on === 'factors') return roots.factors.has(target);
    const card = roots.cards.get(target);
    return card !== undefined && (card.get(CardField.deletedAt) ?? null) === null;
  });
}

/**
 * Counts only: how many dots and voters the open round has (never who voted for what),
 * published when they changed. Returns the round's dots too, read once.
 */
async function publishCounts(
  deps: BoardCallDeps,
  boardId: string,
  state: VotingState & { round: string },
): Promise<{ voting: VotingState; votes: Vote[] }> {
  const votes = await deps.storage.listVotes(boardId, state.round);
  const counted = { ...state, cast: votes.length, voters: new Set(votes.map((vote) => vote.voter)).size };
  if (counted.cast !== state.cast || counted.voters !== state.voters)
    await writeVoting(deps, boardId, counted, 'server:voting:counts');
  return { voting: counted, votes };
}

export interface MyVotes {
  readonly voting: VotingState;
  /** My dots in the current round, per target. */
  readonly mine: Readonly<Record<string, number>>;
  readonly left: number;
}

/** What a voter's own dots (of the current round) come to. */
function myVotesFrom(voting: VotingState, own: readonly Vote[]): MyVotes {
  const mine: Record<string, number> = {};
  for (const vote of own) mine[vote.target] = (mine[vote.target] ?? 0) + 1;
  return { voting, mine, left: voting.open ? Math.max(0, voting.budget - own.length) : 0 };
}

/** The voter's own dots in the current round. */
export async function myVotes(deps: BoardCallDeps, boardId: string, voter: string): Promise<MyVotes> {
  const voting = await readVoting(deps, boardId);
  if (voting.open && voting.closeAtTimeUp) watchTimeUp(deps, boardId);
  const own = voting.round === null ? [] : await deps.storage.listVotes(boardId, voting.round, voter);
  return myVotesFrom(voting, own);
}

/**
 * A change to one of the voter's dots in the open round (the round their screen shows, when
 * given), one call at a time per board; answers with their dots afterwards.
 */
function changeDots(
  deps: BoardCallDeps,
  boardId: string,
  voter: string,
  round: string | null,
  change: (voting: VotingState & { round: string }) => Promise<void>,
): Promise<MyVotes> {
  return oneAtATime(deps, boardId, async () => {
    const voting = await closeIfTimeUp(deps, boardId, await readVoting(deps, boardId));
    const refusal = voteRefusal(voting, round, 0);
    if (refusal || voting.round === null) throw new VotingRefusal(409, refusal ?? 'no dot-voting round is open');
    const open = { ...voting, round: voting.round };
    await change(open);
    const after = await publishCounts(deps, boardId, open);
    return myVotesFrom(
      after.voting,
      after.votes.filter((vote) => vote.voter === voter),
    );
  });
}

/** Spends one of the voter's dots on `target` (within the budget, on a factor or card the board has). */
export function castVote(
  deps: BoardCallDeps,
  boardId: string,
  voter: string,
  request: { target: string; round: string | null },
): Promise<MyVotes> {
  return changeDots(deps, boardId, voter, request.round, async (voting) => {
    if (!(await hasTarget(deps, boardId, voting.on, request.target)))
      throw new VotingRefusal(404, `no such ${voting.on === 'factors' ? 'factor' : 'card'} on this board`);
    // The budget is checked where the dot is stored, in one transaction with it.
    const vote = { id: newId(), round: voting.round, voter, target: request.target, at: deps.now() };
    if (!(await deps.storage.addVote(boardId, vote, voting.budget)))
      throw new VotingRefusal(409, `all ${voting.budget} of your dots are spent`);
  });
}

/** Takes back the voter's latest dot on `target` while the round is open. */
export function retractVote(
  deps: BoardCallDeps,
  boardId: string,
  voter: string,
  request: { target: string; round: string | null },
): Promise<MyVotes> {
  return changeDots(deps, boardId, voter, request.round, async (voting) => {
    if (!(await deps.storage.retractVote(boardId, voting.round, voter, request.target)))
      throw new VotingRefusal(404, 'you have no dot on that');
  });
}
