import { describe, expect, it } from 'vitest';
import { laneAt, proposeDrop, proposeKeyboardDrop } from './dropTarget';

const span = { start: Date.UTC(2024, 4, 1, 12, 0), end: Date.UTC(2024, 4, 1, 14, 0) };

describe('drop proposals', () => {
  it('reads the time under the card’s left edge, snapped to the minute', () => {
    expect(proposeDrop('abc', 400 + 10 * 37.4, 400, span, 10)).toEqual({
      laneId: 'abc',
      occurredAt: span.start + 37 * 60_000,
    });
  });

  it('drops into the unknown-time tray left of the axis, and nowhere outside lanes', () => {
    expect(proposeDrop('abc', 100, 400, span, 10)).toEqual({ laneId: 'abc', occurredAt: null });
    expect(proposeDrop(null, 500, 400, span, 10)).toBeNull();
  });

  it('finds the lane under a vertical position', () => {
    const bands = [
      { laneId: 'a', top: 100, bottom: 200 },
      { laneId: 'b', top: 200, bottom: 320 },
    ];
    expect(laneAt(bands, 150)).toBe('a');
    expect(laneAt(bands, 200)).toBe('b');
    expect(laneAt(bands, 320)).toBeNull();
    expect(laneAt(bands, 50)).toBeNull();
  });

  it('counts keyboard steps: each arrow press is one minute or one lane, whatever the screen did', () => {
    const from = { laneId: 'b', occurredAt: span.start + 30 * 60_000 };
    const lanes = ['a', 'b', 'c'];
    expect(proposeKeyboardDrop(from, { minutes: 5, lanes: -1 }, lanes)).toEqual({
      laneId: 'a',
      occurredAt: span.start + 35 * 60_000,
    });
    expect(proposeKeyboardDrop(from, { minutes: -12, lanes: 4 }, lanes)).toEqual({
      laneId: 'c',
      occurredAt: span.start + 18 * 60_000,
    });
    expect(proposeKeyboardDrop(from, { minutes: 0, lanes: -3 }, lanes).laneId).toBe('a');
  });

  it('keeps an unknown time unknown when a card is moved between lanes with the keyboard', () => {
    expect(proposeKeyboardDrop({ laneId: 'a', occurredAt: null }, { minutes: 3, lanes: 1 }, ['a', 'b'])).toEqual({
      laneId: 'b',
      occurredAt: null,
    });
  });
});
