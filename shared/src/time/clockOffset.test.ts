import { describe, expect, it } from 'vitest';
import { clockOffset } from './clockOffset';

describe('clock offset from request samples', () => {
  it('takes the server time at the middle of the round trip', () => {
    // Local clock 7 minutes ahead: sent at 1_000_000, the server read 580_050, back at 1_000_100.
    expect(clockOffset([{ sentAt: 1_000_000, serverTime: 580_050, receivedAt: 1_000_100 }])).toBe(-420_000);
  });

  it('trusts the sample with the shortest round trip', () => {
    const samples = [
      { sentAt: 0, serverTime: 5_900, receivedAt: 2_000 }, // slow: says +4,900
      { sentAt: 10_000, serverTime: 15_010, receivedAt: 10_020 }, // fast: says +5,000
    ];
    expect(clockOffset(samples)).toBe(5_000);
  });

  it('is 0 without usable samples', () => {
    expect(clockOffset([])).toBe(0);
    expect(clockOffset([{ sentAt: 10, serverTime: Number.NaN, receivedAt: 20 }])).toBe(0);
    expect(clockOffset([{ sentAt: 20, serverTime: 5, receivedAt: 10 }])).toBe(0);
  });
});
