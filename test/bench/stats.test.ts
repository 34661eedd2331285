import { describe, expect, it } from 'vitest';
import { percentile, summarize, table } from './stats';

describe('bench statistics', () => {
  it('computes nearest-rank percentiles', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(summarize([3, 1, 2])).toMatchObject({ count: 3, p50: 2, max: 3, mean: 2 });
    expect(Number.isNaN(summarize([]).p99)).toBe(true);
  });

  it('aligns table columns', () => {
    expect(
      table(
        ['a', 'bb'],
        [
          ['x', '1'],
          ['yy', '22'],
        ],
      ),
    ).toBe('a   bb\n--  --\nx    1\nyy  22');
  });
});
