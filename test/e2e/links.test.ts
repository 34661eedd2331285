import type { WebSocket } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { joinAs, screenshot } from '../helpers/browser';
import { useBrowserBoard } from '../helpers/browserFixture';

describe('replacing a link from the board', () => {
  const fx = useBrowserBoard({ title: 'Leaked link' });

  it('disconnects people on the old link at once and tells them why', async () => {
    const facilitator = await joinAs(fx.browser, fx.link('facilitator'), 'Fay');
    const editor = await joinAs(fx.browser, fx.link('editor'), 'Eli');
    await facilitator.page.getByRole('button', { name: 'Links', exact: true }).click();
    await facilitator.page.getByRole('button', { name: 'Replace editor link' }).click();
    await facilitator.page.getByRole('textbox', { name: /Editor link: paste this one into the call chat/ }).waitFor();
    await screenshot(facilitator.page, 'links-dialog');
    await editor.page
      .getByTestId('connection')
      .filter({ hasText: 'This link was replaced by the facilitator' })
      .waitFor();
    await screenshot(editor.page, 'link-replaced');
    // Nothing invites edits that could never be saved.
    await editor.page.getByPlaceholder(/restarted the pods/).waitFor({ state: 'detached' });
    // The facilitator's own connection is untouched.
    await facilitator.page.getByRole('button', { name: 'Close' }).click();
    await facilitator.page
      .getByTestId('connection')
      .filter({ hasText: /^Connected$/ })
      .waitFor();
  });

  it('opens one socket for the board as the page starts, and none stays open for a refused link', async () => {
    const boardSockets = (sockets: WebSocket[]) =>
      sockets.filter((socket) => new URL(socket.url()).pathname === `/sync/${fx.board.id}`);
    // A good link: the socket opened before the first render is the one the board uses.
    const eli = await joinAs(fx.browser, fx.link('facilitator'), 'Fran'); // the editor link was replaced above
    try {
      const sockets: WebSocket[] = [];
      eli.page.on('websocket', (socket) => sockets.push(socket));
      await eli.page.reload();
      await eli.page
        .getByTestId('connection')
        .filter({ hasText: /^Connected$/ })
        .waitFor();
      await eli.page.waitForTimeout(500);
      expect(boardSockets(sockets).map((socket) => socket.isClosed())).toEqual([false]);

      // A refused link: the early socket is closed and not retried.
      sockets.length = 0;
      await eli.page.goto(`${fx.server.httpUrl}/b/${fx.board.id}#t=not-a-token-of-this-board`);
      await eli.page.getByRole('alert').waitFor();
      await eli.page.waitForTimeout(1_500);
      expect(boardSockets(sockets).length).toBeLessThanOrEqual(1);
      expect(boardSockets(sockets).every((socket) => socket.isClosed())).toBe(true);
    } finally {
      await eli.context.close();
    }
  });
});
