import { createContext, useContext } from 'react';

/**
 * Pixel sizes of the timeline (kept in one place so layout math and CSS agree). The fixed
 * columns and the cards shrink with the space the timeline has: beside a video call a
 * participant often has half a laptop screen, and the time area must keep most of it.
 */
export interface TimelineMetrics {
  readonly laneHeaderWidth: number;
  /** The unknown-time column shows its cards (else it is a strip with a count per lane). */
  readonly trayShown: boolean;
  /** The column of cards whose time is unknown. */
  readonly trayWidth: number;
  /** Where time zero of the axis sits inside a lane row. */
  readonly timeAreaLeft: number;
  readonly cardWidth: number;
}

/** The unknown-time column when no card in any lane lacks a time: a narrow strip, still a drop target. */
export const COLLAPSED_TRAY_WIDTH = 30;

const SIZES = {
  wide: { laneHeaderWidth: 170, cardWidth: 200 },
  medium: { laneHeaderWidth: 136, cardWidth: 156 },
  narrow: { laneHeaderWidth: 108, cardWidth: 140 },
} as const;

/** Below this timeline width the unknown-time column is a strip until the person opens it. */
export const WIDE_TIMELINE = 1000;

/**
 * The metrics for a timeline `width` pixels wide. The unknown-time column is as wide as a
 * card while some card, draft or composer has no time (on a narrow timeline only once
 * opened: until then each lane shows how many it holds); otherwise it is a narrow strip.
 */
export function metricsFor(width: number, untimed = true, trayOpen = false): TimelineMetrics {
  const size = width >= WIDE_TIMELINE ? SIZES.wide : width >= 620 ? SIZES.medium : SIZES.narrow;
  const trayShown = untimed && (width >= WIDE_TIMELINE || trayOpen);
  const trayWidth = trayShown ? size.cardWidth + 12 : COLLAPSED_TRAY_WIDTH;
  return { ...size, trayShown, trayWidth, timeAreaLeft: size.laneHeaderWidth + trayWidth };
}

export const TimelineMetricsContext = createContext<TimelineMetrics>(metricsFor(1200));

export function useTimelineMetrics(): TimelineMetrics {
  return useContext(TimelineMetricsContext);
}

export const CARD_HEIGHT = 84;
export const CARD_GAP = 6;
export const LANE_PADDING = 8;

/** Tall enough for the header's name, details and tools. */
export const MIN_LANE_HEIGHT = 104;
/**
 * A lane with nothing in it yet (most people's, early in a call) only needs its name: many of
 * them would otherwise push the cards out of a half-screen window.
 */
export const EMPTY_LANE_HEIGHT = 36;

export function laneHeight(timedRows: number, trayCards: number): number {
  const rows = Math.max(timedRows, trayCards, 1);
  return Math.max(MIN_LANE_HEIGHT, rows * (CARD_HEIGHT + CARD_GAP) - CARD_GAP + 2 * LANE_PADDING);
}
