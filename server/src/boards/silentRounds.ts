import {
  BoardOperationError,
  MAX_DRAFTS_PER_ROUND,
  MAX_DRAFTS_PER_WRITER,
  advanceSilentRound,
  parseDraft,
  readControl,
  revealDrafts,
  setSilentRound,
  type DraftView,
  type SilentRoundAction,
  type SilentRoundState,
} from '@retrace/shared';
import type { DraftRecord } from '../storage/BoardStorage';
import { ServerChange } from '../sync/Room';
import { inControl, inRoom, oneAtATime, storedWithin, type BoardCallDeps } from './boardCalls';

/**
 * The silent writing round, held by the server: drafts live in storage (never in a
 * document another client syncs), the round's stage lives in the board's control document
 * and only changes here, and a reveal writes every kept draft into the board in one
 * transaction before the drafts are deleted.
 */
export type SilentRoundDeps = BoardCallDeps;

/** A request that does not fit the round's stage or limits (HTTP 409), or names a draft that is not yours (404). */
export class SilentRoundRefusal extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export function readSilentRoundOf(deps: SilentRoundDeps, boardId: string): Promise<SilentRoundState> {
  return inControl(deps, boardId, (doc) => readControl(doc).silentRound);
}

function viewOf(record: DraftRecord, options: { withAuthor: boolean }): DraftView | null {
  try {
    const content = parseDraft(JSON.parse(record.body));
    return {
      ...content,
      author: options.withAuthor ? content.author : null,
      id: record.id,
      updatedAt: record.updatedAt,
    };
  } catch {
    return null; // written by an older version and no longer valid: never shown, never revealed
  }
}

/** Publishes how many drafts (and writers) the round has: counts only, never content. */
async function publishCounts(
  deps: SilentRoundDeps,
  boardId: string,
  round: number,
  drafts: readonly Pick<DraftRecord, 'writerHash'>[],
): Promise<void> {
  const writers = new Set(drafts.map((draft) => draft.writerHash)).size;
  await inControl(deps, boardId, (doc) => {
    const state = readControl(doc).silentRound;
    if (state.round !== round || state.stage === 'idle') return;
    if (state.drafts === drafts.length && state.writers === writers) return;
    setSilentRound(doc, { ...state, drafts: drafts.length, writers }, new ServerChange('server:silent-round'));
  });
}

function refuseUnlessWriting(state: SilentRoundState): void {
  if (state.stage === 'idle') throw new SilentRoundRefusal(409, 'no silent writing round is open');
  if (state.stage === 'reviewing')
    throw new SilentRoundRefusal(409, 'writing is closed: the facilitator is revealing the round');
}

/** Saves (creates or replaces) one of the writer's drafts in the open round. */
export function saveDraft(
  deps: SilentRoundDeps,
  boardId: string,
  writerHash: string,
  draftId: string,
  input: unknown,
): Promise<DraftView> {
  return oneAtATime(deps, boardId, async () => {
    const content = parseDraft(input); // BoardOperationError → 400
    const state = await readSilentRoundOf(deps, boardId);
    refuseUnlessWriting(state);
    const round = await deps.storage.listDrafts(boardId, state.round);
    const isNew = !round.some((draft) => draft.id === draftId);
    if (isNew && round.filter((draft) => draft.writerHash === writerHash).length >= MAX_DRAFTS_PER_WRITER)
      throw new SilentRoundRefusal(409, `a participant can hold at most ${MAX_DRAFTS_PER_WRITER} drafts in a round`);
    if (isNew && round.length >= MAX_DRAFTS_PER_ROUND)
      throw new SilentRoundRefusal(409, `a round can hold at most ${MAX_DRAFTS_PER_ROUND} drafts`);
    const record: DraftRecord = {
      boardId,
      id: draftId,
      round: state.round,
      writerHash,
      body: JSON.stringify(content),
      updatedAt: deps.now(),
    };
    if (!(await deps.storage.putDraft(record))) throw new SilentRoundRefusal(404, 'no such draft of yours');
    if (isNew) await publishCounts(deps, boardId, state.round, [...round, record]);
    return { ...content, id: draftId, updatedAt: record.updatedAt };
  });
}

export function deleteDraft(
  deps: SilentRoundDeps,
  boardId: string,
  writerHash: string,
  draftId: string,
): Promise<void> {
  return oneAtATime(deps, boardId, async () => {
    const state = await readSilentRoundOf(deps, boardId);
    refuseUnlessWriting(state);
    if (!(await deps.storage.deleteDraft(boardId, draftId, writerHash)))
      throw new SilentRoundRefusal(404, 'no such draft of yours');
    await publishCounts(deps, boardId, state.round, await deps.storage.listDrafts(boardId, state.round));
  });
}

/** The writer's own drafts in the current round (none when no round is running). */
export async function listOwnDrafts(deps: SilentRoundDeps, boardId: string, writerHash: string): Promise<DraftView[]> {
  const state = await readSilentRoundOf(deps, boardId);
  if (state.stage === 'idle') return [];
  const records = await deps.storage.listDrafts(boardId, state.round, writerHash);
  return records.flatMap((record) => viewOf(record, { withAuthor: true }) ?? []);
}

/**
 * Every draft of the round, for the facilitator once writing is closed (stage reviewing):
 * before that nobody but its writer sees a draft. Authors are left out of anonymous rounds.
 */
export function listRoundDrafts(
  deps: SilentRoundDeps,
  boardId: string,
): Promise<{ round: SilentRoundState; drafts: DraftView[] }> {
  return oneAtATime(deps, boardId, async () => {
    const state = await readSilentRoundOf(deps, boardId);
    if (state.stage !== 'reviewing')
      throw new SilentRoundRefusal(409, 'drafts are shown only once writing is closed for the reveal');
    const records = await deps.storage.listDrafts(boardId, state.round);
    // Writers are numbered by their first draft: the facilitator can set aside everything
    // one person wrote without learning who it was.
    const writers = new Map<string, number>();
    for (const record of records) if (!writers.has(record.writerHash)) writers.set(record.writerHash, writers.size + 1);
    return {
      round: state,
      drafts: records.flatMap((record) => {
        const view = viewOf(record, { withAuthor: !state.anonymous });
        return view ? [{ ...view, writer: writers.get(record.writerHash)! }] : [];
      }),
    };
  });
}

/** Moves the round on (start, close writing for review, reopen writing, cancel). */
export function changeSilentRound(
  deps: SilentRoundDeps,
  boardId: string,
  action: Exclude<SilentRoundAction, 'finish'> | 'cancel',
  options: { anonymous?: boolean | undefined },
  actor: string,
): Promise<SilentRoundState> {
  return oneAtATime(deps, boardId, async () => {
    const next = await inControl(deps, boardId, (doc) => {
      const current = readControl(doc).silentRound;
      let state: SilentRoundState;
      try {
        state = advanceSilentRound(current, action === 'cancel' ? 'finish' : action, options);
      } catch (error) {
        if (error instanceof BoardOperationError) throw new SilentRoundRefusal(409, error.message);
        throw error;
      }
      setSilentRound(doc, state, new ServerChange(`${actor} silent-round:${action}`));
      return state;
    });
    // A cancelled round's drafts are discarded; a new round clears anything an interrupted reveal left.
    if (action === 'cancel') await deps.storage.deleteRoundDrafts(boardId, next.round);
    if (action === 'start') await deps.storage.deleteRoundDrafts(boardId, next.round - 1);
    await storedWithin(deps.writer, 10_000);
    return next;
  });
}

export interface RevealOutcome {
  readonly revealed: number;
  readonly discarded: number;
  /** Drafts the facilitator placed (no lane chosen by the writer, or their lane had gone). */
  readonly placed: number;
}

/**
 * Reveals the round being reviewed: every draft but the discarded ones becomes a card in
 * one transaction (no author when anonymous), then the round ends and its drafts are
 * deleted. Card ids are the draft ids, so a reveal interrupted after the cards were
 * written and repeated creates nothing twice.
 */
export function revealSilentRound(
  deps: SilentRoundDeps,
  boardId: string,
  request: {
    round: number;
    discard: readonly string[];
    anonymous?: boolean | undefined;
    placements?: Readonly<Record<string, string>> | undefined;
  },
  actor: string,
): Promise<RevealOutcome> {
  return oneAtATime(deps, boardId, async () => {
    const state = await readSilentRoundOf(deps, boardId);
    if (state.stage !== 'reviewing' || state.round !== request.round)
      throw new SilentRoundRefusal(409, 'this round is not being reviewed (it was revealed or cancelled)');
    const anonymous = request.anonymous ?? state.anonymous;
    const discard = new Set(request.discard);
    const records = await deps.storage.listDrafts(boardId, state.round);
    const kept = records
      .filter((record) => !discard.has(record.id))
      .flatMap((record) => viewOf(record, { withAuthor: true }) ?? []);
    const origin = new ServerChange(`${actor} silent-round:reveal`);
    const result = await inRoom(deps, boardId, (doc) =>
      revealDrafts(doc, kept, { anonymous, placements: request.placements ?? {} }, { origin, now: deps.now }),
    );
    await inControl(deps, boardId, (doc) => {
      const current = readControl(doc).silentRound;
      if (current.round === state.round && current.stage !== 'idle')
        setSilentRound(doc, { ...advanceSilentRound(current, 'finish'), anonymous }, origin);
    });
    // The drafts go only once the cards are stored; if storage is slow they wait for the next round's start.
    if (await storedWithin(deps.writer, 10_000)) await deps.storage.deleteRoundDrafts(boardId, state.round);
    return {
      revealed: result.created.length,
      discarded: records.length - kept.length,
      placed: result.placed.length,
    };
  });
}
