import { snapToMinute, instantAt, type TimeWindow } from './timeScale';

/** Where a dragged card would land: the lane under it, and the time under its left edge. */
export interface DropProposal {
  readonly laneId: string;
  readonly occurredAt: number | null;
}

export interface LaneBand {
  readonly laneId: string;
  readonly top: number;
  readonly bottom: number;
}

/** The lane whose row contains `y` (screen coordinates), or null outside every lane. */
export function laneAt(bands: readonly LaneBand[], y: number): string | null {
  return bands.find((band) => y >= band.top && y < band.bottom)?.laneId ?? null;
}

/**
 * Measured from the live layout rather than from drag-and-drop collision state, so the
 * answer stays right when the board scrolls under a held card (keyboard moves scroll).
 * Left of the axis is the lane's "time unknown" tray.
 */
export function proposeDrop(
  laneId: string | null,
  cardLeft: number,
  axisLeft: number,
  span: TimeWindow,
  pxPerMinute: number,
): DropProposal | null {
  if (!laneId) return null;
  if (cardLeft < axisLeft - 40) return { laneId, occurredAt: null };
  return { laneId, occurredAt: snapToMinute(instantAt(Math.max(0, cardLeft - axisLeft), span, pxPerMinute)) };
}
