/** Pixel sizes of the timeline (kept in one place so layout math and CSS agree). */
export const LANE_HEADER_WIDTH = 170;
export const TRAY_WIDTH = 190;
/** Where time zero of the axis sits inside a lane row. */
export const TIME_AREA_LEFT = LANE_HEADER_WIDTH + TRAY_WIDTH;
export const CARD_WIDTH = 200;
export const CARD_HEIGHT = 84;
export const CARD_GAP = 6;
export const LANE_PADDING = 8;

/** Tall enough for the header's name, details and tools. */
export const MIN_LANE_HEIGHT = 104;

export function laneHeight(timedRows: number, trayCards: number): number {
  const rows = Math.max(timedRows, trayCards, 1);
  return Math.max(MIN_LANE_HEIGHT, rows * (CARD_HEIGHT + CARD_GAP) - CARD_GAP + 2 * LANE_PADDING);
}
