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

/** Arrow-key steps taken since a card was picked up with the keyboard. */
export interface KeySteps {
  readonly minutes: number;
  readonly lanes: number;
}

export const NO_KEY_STEPS: KeySteps = { minutes: 0, lanes: 0 };

/**
 * Where a card picked up with the keyboard would land, counted from the keys pressed rather
 * than measured on screen: near the board's edge a key press scrolls the board instead of
 * moving the card, and counting keeps every press worth exactly one step. A card whose time
 * is unknown keeps it unknown (it changes lane only); lanes clamp at the first and last.
 */
export function proposeKeyboardDrop(
  from: { readonly laneId: string; readonly occurredAt: number | null },
  steps: KeySteps,
  laneOrder: readonly string[],
): DropProposal {
  const index = Math.max(0, laneOrder.indexOf(from.laneId));
  const laneId = laneOrder[Math.min(laneOrder.length - 1, Math.max(0, index + steps.lanes))] ?? from.laneId;
  const occurredAt = from.occurredAt === null ? null : snapToMinute(from.occurredAt) + steps.minutes * 60_000;
  return { laneId, occurredAt };
}
