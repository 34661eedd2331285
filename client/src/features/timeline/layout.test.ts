import { describe, expect, it } from 'vitest';
import { COLLAPSED_TRAY_WIDTH, metricsFor, WIDE_TIMELINE } from './layout';

describe('timeline metrics', () => {
  it('shrink the fixed columns and cards on a narrow timeline', () => {
    const wide = metricsFor(1200);
    const half = metricsFor(700);
    expect(half.laneHeaderWidth).toBeLessThan(wide.laneHeaderWidth);
    expect(half.cardWidth).toBeLessThan(wide.cardWidth);
  });

  it('keep the unknown-time column a card wide only while some card has no time', () => {
    const withUntimed = metricsFor(1200, true);
    expect(withUntimed.trayShown).toBe(true);
    expect(withUntimed.trayWidth).toBeGreaterThanOrEqual(withUntimed.cardWidth + 10);
    expect(metricsFor(1200, false).trayWidth).toBe(COLLAPSED_TRAY_WIDTH);
  });

  it('on a narrow timeline show that column only once opened', () => {
    expect(metricsFor(WIDE_TIMELINE - 1, true).trayShown).toBe(false);
    expect(metricsFor(WIDE_TIMELINE - 1, true).trayWidth).toBe(COLLAPSED_TRAY_WIDTH);
    expect(metricsFor(WIDE_TIMELINE - 1, true, true).trayShown).toBe(true);
  });

  it('put time zero after the lane names and that column', () => {
    const metrics = metricsFor(900, true, true);
    expect(metrics.timeAreaLeft).toBe(metrics.laneHeaderWidth + metrics.trayWidth);
  });
});
