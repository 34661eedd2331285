import type * as Y from 'yjs';
import { z } from 'zod';
import { BoardOperationError, OperationErrorReason } from '../errors';
import { createCard } from '../domain/cards';
import { nowOf, type OperationContext } from '../domain/context';
import {
  cardKindSchema,
  idSchema,
  instantSchema,
  MAX_CARD_TEXT,
  nameSchema,
  parseInput,
  precisionSchema,
  timeZoneSchema,
} from '../domain/validation';
import { boardRoots } from '../schema/boardDoc';

/**
 * The silent writing round. While it is open, every participant's new cards are private
 * drafts held by the server (never in the board document, never in awareness); when the
 * facilitator reveals the round, the server turns them into cards in one transaction,
 * optionally without authors, and forgets the drafts.
 *
 * Stages: idle → writing → reviewing (writing closed; the facilitator sees the drafts and
 * may discard some) → idle (revealed). Reviewing can go back to writing; any stage can be
 * cancelled (drafts discarded).
 */
export const SILENT_ROUND_STAGES = ['idle', 'writing', 'reviewing'] as const;
export type SilentRoundStage = (typeof SILENT_ROUND_STAGES)[number];

export interface SilentRoundState {
  /** Increases with every round started; drafts belong to one round. 0 before any. */
  readonly round: number;
  readonly stage: SilentRoundStage;
  /** Cards revealed from this round carry no author. */
  readonly anonymous: boolean;
  /** How many drafts and how many writers so far (counts only, never content). */
  readonly drafts: number;
  readonly writers: number;
}

export const NO_SILENT_ROUND: SilentRoundState = { round: 0, stage: 'idle', anonymous: false, drafts: 0, writers: 0 };

/** Most drafts one participant may hold in a round, and most drafts in a round overall. */
export const MAX_DRAFTS_PER_WRITER = 100;
export const MAX_DRAFTS_PER_ROUND = 2_000;

const count = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0);

export function readSilentRound(value: unknown): SilentRoundState {
  const v = value as Partial<SilentRoundState> | null | undefined;
  if (!v || !(SILENT_ROUND_STAGES as readonly unknown[]).includes(v.stage)) return NO_SILENT_ROUND;
  return {
    round: count(v.round),
    stage: v.stage as SilentRoundStage,
    anonymous: v.anonymous === true,
    drafts: count(v.drafts),
    writers: count(v.writers),
  };
}

export type SilentRoundAction = 'start' | 'review' | 'resume' | 'finish';

const ALLOWED: Record<SilentRoundAction, readonly SilentRoundStage[]> = {
  start: ['idle'],
  review: ['writing'],
  resume: ['reviewing'],
  finish: ['writing', 'reviewing'],
};

/** Why an action cannot happen in a stage, in words a facilitator understands. */
const REFUSAL: Record<SilentRoundAction, string> = {
  start: 'a silent writing round is already running',
  review: 'the round is not open for writing',
  resume: 'the round is not being reviewed',
  finish: 'no silent writing round is running',
};

/** The next state of the round, or throws a BoardOperationError when the action does not apply. */
export function advanceSilentRound(
  state: SilentRoundState,
  action: SilentRoundAction,
  options: { anonymous?: boolean | undefined } = {},
): SilentRoundState {
  if (!ALLOWED[action].includes(state.stage))
    throw new BoardOperationError(OperationErrorReason.InvalidInput, REFUSAL[action]);
  switch (action) {
    case 'start':
      return { round: state.round + 1, stage: 'writing', anonymous: options.anonymous === true, drafts: 0, writers: 0 };
    case 'review':
      return { ...state, stage: 'reviewing', anonymous: options.anonymous ?? state.anonymous };
    case 'resume':
      return { ...state, stage: 'writing' };
    case 'finish':
      return { ...state, stage: 'idle', drafts: 0, writers: 0 };
  }
}

const draftSchema = z
  .object({
    text: z.string().trim().min(1, 'must not be empty').max(MAX_CARD_TEXT),
    /** null: the writer left the perspective to the facilitator, who places it at the reveal. */
    laneId: idSchema.nullable(),
    occurredAt: instantSchema.nullable(),
    precision: precisionSchema.default('minute'),
    kind: cardKindSchema.default('event'),
    /** Who wrote it, shown on the card unless the round is anonymous. */
    author: z.object({ name: nameSchema, timeZone: timeZoneSchema }).strict().nullable().default(null),
  })
  .strict();

/** What a participant writes during the round. */
export type DraftInput = z.input<typeof draftSchema>;
export type DraftContent = z.output<typeof draftSchema>;

export interface Draft extends DraftContent {
  readonly id: string;
}

/** A draft as its writer (or the facilitator at review) sees it. */
export type DraftView = Draft & {
  readonly updatedAt: number;
  /** In the facilitator's review: which writer (numbered 1, 2, … by their first draft, never named). */
  readonly writer?: number;
};

/** Validates a draft; throws a BoardOperationError naming the bad field. */
export function parseDraft(input: unknown): DraftContent {
  return parseInput('draft', draftSchema, input);
}

export interface RevealResult {
  /** Card ids created (a card's id is its draft's id, so a repeated reveal creates nothing twice). */
  readonly created: readonly string[];
  /** Drafts placed in a lane the facilitator chose (no lane given, or their lane had gone). */
  readonly placed: readonly string[];
}

/** Drafts that need the facilitator to choose a lane: none given, or their lane is gone. */
export function unplacedDrafts(doc: Y.Doc, drafts: readonly Pick<Draft, 'id' | 'laneId'>[]): string[] {
  const { lanes } = boardRoots(doc);
  return drafts.filter((draft) => draft.laneId === null || !lanes.has(draft.laneId)).map((draft) => draft.id);
}

/**
 * Writes every draft as a card in one transaction (no author when anonymous). A draft
 * without a lane of the board goes where `placements` says; nothing is filed in a lane
 * nobody chose, so a missing placement refuses the whole reveal.
 */
export function revealDrafts(
  doc: Y.Doc,
  drafts: readonly Draft[],
  options: { anonymous: boolean; placements?: Readonly<Record<string, string>> },
  ctx: OperationContext = {},
): RevealResult {
  const { lanes, cards } = boardRoots(doc);
  const placements = options.placements ?? {};
  const waiting = drafts.filter((draft) => !cards.has(draft.id));
  const unplaced = unplacedDrafts(doc, waiting);
  const missing = unplaced.filter((id) => !Object.hasOwn(placements, id) || !lanes.has(placements[id]!));
  if (missing.length > 0)
    throw new BoardOperationError(
      OperationErrorReason.InvalidInput,
      `choose a lane for ${missing.length === 1 ? 'one draft' : `${missing.length} drafts`} before revealing`,
    );
  const created: string[] = [];
  doc.transact(() => {
    for (const draft of waiting) {
      const laneId = unplaced.includes(draft.id) ? placements[draft.id]! : draft.laneId!;
      const author = options.anonymous || !draft.author ? undefined : draft.author;
      createCard(
        doc,
        {
          id: draft.id,
          text: draft.text,
          laneId,
          occurredAt: draft.occurredAt,
          precision: draft.precision,
          kind: draft.kind,
        },
        { now: () => nowOf(ctx), ...(author ? { author } : {}) },
      );
      created.push(draft.id);
    }
  }, ctx.origin ?? null);
  return { created, placed: unplaced };
}
