import { describe, expect, it } from 'vitest';
import { placeMenu } from './Menu';

describe('placeMenu', () => {
  const viewport = { width: 720, height: 700 };
  const menu = { width: 200, height: 300 };

  it('opens below its button, aligned with its left edge', () => {
    expect(placeMenu({ left: 100, right: 130, top: 50, bottom: 80 }, menu, viewport)).toEqual({ left: 100, top: 82 });
  });

  it('stays inside the window at the right edge (a card near the edge of half a screen)', () => {
    expect(placeMenu({ left: 680, right: 710, top: 50, bottom: 80 }, menu, viewport).left).toBe(512);
  });

  it('opens above when there is no room below, and never off the top', () => {
    expect(placeMenu({ left: 10, right: 40, top: 600, bottom: 630 }, menu, viewport)).toEqual({ left: 10, top: 298 });
    const tall = { width: 200, height: 690 };
    expect(placeMenu({ left: 10, right: 40, top: 300, bottom: 330 }, tall, viewport).top).toBe(8);
  });
});
