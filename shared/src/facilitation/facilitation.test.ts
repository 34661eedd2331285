import { describe, expect, it } from 'vitest';
import { PHASES, nextPhase, previousPhase } from './phases';
import { MAX_TIMER_MS, extendTimer, formatRemaining, isTimeUp, remainingMs, startTimer } from './timer';

describe('phases', () => {
  it('run in order, forward and back', () => {
    expect(PHASES).toEqual(['kickoff', 'timeline', 'perspectives', 'factors', 'actions', 'wrapup']);
    expect(nextPhase('kickoff')).toBe('timeline');
    expect(nextPhase('wrapup')).toBeNull();
    expect(previousPhase('timeline')).toBe('kickoff');
    expect(previousPhase('kickoff')).toBeNull();
  });
});

describe('timer arithmetic', () => {
  const now = 1_000_000;
  it('stores an absolute end, so a late joiner sees the right remaining time', () => {
    const timer = startTimer(10 * 60_000, now);
    expect(timer.endsAt).toBe(now + 600_000);
    expect(remainingMs(timer, now + 4 * 60_000)).toBe(6 * 60_000); // joined four minutes later
    expect(isTimeUp(timer, now + 600_000)).toBe(true);
    expect(remainingMs(timer, now + 700_000)).toBe(0);
  });

  it('adds minutes, restarts an expired timer, and allows at least an hour', () => {
    const timer = startTimer(5 * 60_000, now);
    expect(extendTimer(timer, 60_000, now + 60_000).endsAt).toBe(now + 6 * 60_000);
    expect(extendTimer(timer, 5 * 60_000, now + 10 * 60_000)).toEqual({
      endsAt: now + 15 * 60_000,
      durationMs: 5 * 60_000,
    });
    expect(startTimer(60 * 60_000, now).durationMs).toBe(60 * 60_000);
    expect(startTimer(10 * 60 * 60_000, now).durationMs).toBe(MAX_TIMER_MS);
    expect(remainingMs({ endsAt: null, durationMs: 0 }, now)).toBeNull();
  });

  it('formats the remaining time', () => {
    expect(formatRemaining(245_000)).toBe('4:05');
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(3_600_000)).toBe('60:00');
    expect(formatRemaining(500)).toBe('0:01');
  });
});
