import type { Lane } from '@retrace/shared';

export interface ShownLane {
  readonly lane: Lane;
  /** Pinned at the top for this person: their own perspective. */
  readonly pinned: boolean;
  /** Neighbours for "move up/down", among the lanes that keep the shared order. */
  readonly previous: Lane | undefined;
  readonly beforePrevious: Lane | undefined;
  readonly next: Lane | undefined;
}

/**
 * The lanes as this person sees them: their own first (a newcomer's lane is otherwise the
 * last, below the fold, and their first card landed out of sight), then everyone else's in
 * the shared order. Moving a lane up or down steps over the lanes shown around it.
 */
export function lanesForViewer(lanes: readonly Lane[], participantId: string): ShownLane[] {
  const own = lanes.find((lane) => lane.owner === participantId);
  const others = own ? lanes.filter((lane) => lane !== own) : lanes;
  const shown = others.map((lane, i) => ({
    lane,
    pinned: false,
    previous: others[i - 1],
    beforePrevious: others[i - 2],
    next: others[i + 1],
  }));
  return own
    ? [{ lane: own, pinned: true, previous: undefined, beforePrevious: undefined, next: undefined }, ...shown]
    : shown;
}
