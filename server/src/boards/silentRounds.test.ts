import { afterEach, describe, expect, it } from 'vitest';
import { seatFor } from '../auth/seats';
import { hashToken } from '../auth/tokens';
import { FaultyStorage } from '../testing/FaultyStorage';
import { startTestServer, type TestServer } from '../testing/inProcessServer';

describe('silent round: a draft racing the close of writing', () => {
  let t: TestServer | null = null;
  afterEach(async () => {
    await t?.stop();
    t = null;
  });

  it('is either in the review (its writer was told it is saved) or refused, never saved and unseen', async () => {
    let hooks!: FaultyStorage;
    t = await startTestServer({ wrapStorage: (storage) => (hooks = new FaultyStorage(storage)) });
    const board = await t.createBoard('Race');
    const call = (path: string, token: string, body: unknown, method = 'POST', writer?: string) =>
      fetch(`${t!.httpUrl}/api/boards/${board.id}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(writer ? { 'x-retrace-writer': writer } : {}),
        },
        body: JSON.stringify(body),
      });
    const secret = 'writer-secret-0123456789abcdef';
    // The writer is on the board (their WebSocket recorded the seat).
    const seat = seatFor(board.id, hashToken(board.tokens.editor), 'editor', secret);
    await hooks.recordSeat(board.id, seat.id, 'editor', Date.now());
    await call('/silent-round', board.tokens.facilitator, { action: 'start' });
    hooks.putDraftDelayMs = 300;
    const save = call(
      '/drafts/late1',
      board.tokens.editor,
      { text: 'Written in the last second', laneId: 'lane1', occurredAt: null },
      'PUT',
      secret,
    );
    await new Promise((resolve) => setTimeout(resolve, 50)); // the save is under way
    const review = call('/silent-round', board.tokens.facilitator, { action: 'review' });
    const [saved, reviewed] = await Promise.all([save, review]);
    const listed = ((await reviewed.json()) as { drafts: Array<{ id: string }> }).drafts.map((d) => d.id);
    if (saved.status === 200) expect(listed).toEqual(['late1']);
    else expect([saved.status, listed]).toEqual([409, []]);
  });
});
