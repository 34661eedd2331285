import { describe, expect, it } from 'vitest';
import { dutyCycled } from './dutyCycle';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('duty cycle', () => {
  it('handles items in order, one at a time, resting after heavy ones as long as they ran', async () => {
    const done: Array<{ item: number; at: number }> = [];
    const started = performance.now();
    const handle = dutyCycled<number>((item) => {
      busy(item);
      done.push({ item, at: performance.now() - started });
    }, 2);
    for (const item of [20, 20, 0, 0]) handle(item);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(done.map((d) => d.item)).toEqual([20, 20, 0, 0]);
    // Each heavy item is followed by a rest as long as itself (lower bounds only: a busy
    // machine can only make the gaps longer).
    expect(done[1]!.at - done[0]!.at).toBeGreaterThanOrEqual(39);
    expect(done[2]!.at - done[1]!.at).toBeGreaterThanOrEqual(19);
  });
});
