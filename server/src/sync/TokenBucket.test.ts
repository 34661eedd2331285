import { describe, expect, it } from 'vitest';
import { TokenBucket } from './TokenBucket';

describe('TokenBucket', () => {
  it('allows a burst up to capacity, then refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 20, () => now);
    for (let i = 0; i < 20; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 500; // half a second: five tokens
    for (let i = 0; i < 5; i++) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 60_000;
    for (let i = 0; i < 20; i++) expect(bucket.take()).toBe(true); // never above capacity
    expect(bucket.take()).toBe(false);
  });

  it('takes amounts, for byte budgets', () => {
    let now = 0;
    const bucket = new TokenBucket(1_000, 4_000, () => now);
    expect(bucket.take(3_000)).toBe(true);
    expect(bucket.take(2_000)).toBe(false);
    now += 1_000;
    expect(bucket.take(2_000)).toBe(true);
  });
});
