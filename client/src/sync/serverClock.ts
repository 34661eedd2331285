import { clockOffset, type ClockSample } from '@retrace/shared';
import { createStore } from 'zustand/vanilla';

/**
 * The server's clock as this tab estimates it. The shared timer is an absolute end time
 * set by the facilitator's browser; reading it against each device's own clock would show
 * a laptop that is minutes off the wrong remaining time. Everyone reads the server's.
 */
export const serverClockOffset = createStore<number>(() => 0);

/** Now, on the server's clock (epoch ms). */
export function serverNow(): number {
  return Date.now() + serverClockOffset.getState();
}

/** Measures the offset with a few quick requests; keeps the last estimate when offline. */
export async function syncServerClock(samples = 3): Promise<void> {
  const taken: ClockSample[] = [];
  for (let i = 0; i < samples; i++) {
    try {
      const sentAt = Date.now();
      const response = await fetch('/api/time', { cache: 'no-store' });
      const body = (await response.json()) as { now?: unknown };
      const receivedAt = Date.now();
      if (response.ok && typeof body.now === 'number') taken.push({ sentAt, serverTime: body.now, receivedAt });
    } catch {
      break;
    }
  }
  if (taken.length > 0) serverClockOffset.setState(clockOffset(taken), true);
}
