/**
 * How far this device's clock is from the server's, from request/response samples (NTP's
 * idea, simplified): the server read its clock about halfway through the round trip, so
 * offset = serverTime − (sentAt + receivedAt) / 2. The sample with the shortest round trip
 * bounds the error best (± half its round trip).
 */
export interface ClockSample {
  /** Local clock when the request left. */
  readonly sentAt: number;
  /** The server's clock in its answer. */
  readonly serverTime: number;
  /** Local clock when the answer arrived. */
  readonly receivedAt: number;
}

/** Milliseconds to add to the local clock to read the server's (0 without usable samples). */
export function clockOffset(samples: readonly ClockSample[]): number {
  const usable = samples.filter(
    (s) => Number.isFinite(s.sentAt + s.serverTime + s.receivedAt) && s.receivedAt >= s.sentAt,
  );
  if (usable.length === 0) return 0;
  const best = usable.reduce((a, b) => (b.receivedAt - b.sentAt < a.receivedAt - a.sentAt ? b : a));
  return Math.round(best.serverTime - (best.sentAt + best.receivedAt) / 2);
}
