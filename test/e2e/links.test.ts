import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createBoard, type CreatedBoard } from '../helpers/api';
import { joinAs, launchChromium, screenshot } from '../helpers/browser';
import { startServer, tempDataDir, type ServerProcess } from '../helpers/serverProcess';

describe('replacing a link from the board', () => {
  const data = tempDataDir();
  let server: ServerProcess;
  let browser: Browser;
  let board: CreatedBoard;

  beforeAll(async () => {
    server = await startServer({ dataDir: data.dir });
    browser = await launchChromium();
    board = await createBoard(server.httpUrl, { title: 'Leaked link' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  it('disconnects people on the old link at once and tells them why', async () => {
    const facilitator = await joinAs(browser, `${server.httpUrl}/b/${board.id}#t=${board.tokens.facilitator}`, 'Fay');
    const editor = await joinAs(browser, `${server.httpUrl}/b/${board.id}#t=${board.tokens.editor}`, 'Eli');
    await facilitator.page.getByRole('button', { name: 'Links', exact: true }).click();
    await facilitator.page.getByRole('button', { name: 'Replace editor link' }).click();
    await facilitator.page.getByRole('textbox', { name: /New Editor link/ }).waitFor();
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
});
