import { describe, expect, it } from 'vitest';
import { loadRecentBoards, rememberBoard } from './recentBoards';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('recent boards', () => {
  it('keeps the other links this browser knows when the board is opened again', () => {
    const storage = memoryStorage();
    rememberBoard(
      {
        id: 'b1',
        title: 'Outage',
        token: 'f',
        role: 'facilitator',
        tokens: { editor: 'e', viewer: 'v', facilitator: 'f' },
      },
      storage,
    );
    rememberBoard({ id: 'b1', title: 'Outage', token: 'f', role: 'facilitator' }, storage);
    expect(loadRecentBoards(storage)[0]?.tokens).toEqual({ editor: 'e', viewer: 'v', facilitator: 'f' });
    // A replaced link updates just that one.
    rememberBoard({ id: 'b1', title: 'Outage', token: 'f', role: 'facilitator', tokens: { editor: 'e2' } }, storage);
    expect(loadRecentBoards(storage)[0]?.tokens).toEqual({ editor: 'e2', viewer: 'v', facilitator: 'f' });
  });

  it('stores no links for a board opened from a link alone', () => {
    const storage = memoryStorage();
    rememberBoard({ id: 'b2', title: 'Drill', token: 'e', role: 'editor' }, storage);
    expect(loadRecentBoards(storage)[0]?.tokens).toBeUndefined();
  });
});
