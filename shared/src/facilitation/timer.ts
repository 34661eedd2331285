/**
 * The phase timer is stored as an absolute end time, so someone who joins late (or whose
 * laptop slept) sees the right remaining time. All arithmetic is here and takes `now`.
 */
export const MAX_TIMER_MS = 120 * 60_000;
export const TIMER_PRESETS_MINUTES = [2, 5, 10, 15, 20, 30, 45, 60] as const;

export interface TimerState {
  /** Epoch ms when time is up, or null when no timer runs. */
  readonly endsAt: number | null;
  /** The length it was started with (for progress display). */
  readonly durationMs: number;
}

export const NO_TIMER: TimerState = { endsAt: null, durationMs: 0 };

export function startTimer(durationMs: number, now: number): TimerState {
  const duration = Math.min(MAX_TIMER_MS, Math.max(0, Math.round(durationMs)));
  return { endsAt: now + duration, durationMs: duration };
}

/** Adds time; an expired or stopped timer restarts with that much from now. */
export function extendTimer(timer: TimerState, extraMs: number, now: number): TimerState {
  if (timer.endsAt === null || timer.endsAt <= now) return startTimer(extraMs, now);
  const remaining = Math.min(MAX_TIMER_MS, timer.endsAt - now + extraMs);
  return { endsAt: now + remaining, durationMs: Math.max(timer.durationMs, remaining) };
}

export function remainingMs(timer: TimerState, now: number): number | null {
  return timer.endsAt === null ? null : Math.max(0, timer.endsAt - now);
}

export function isTimeUp(timer: TimerState, now: number): boolean {
  return timer.endsAt !== null && now >= timer.endsAt;
}

/** "4:05", "0:00", "60:00". */
export function formatRemaining(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
