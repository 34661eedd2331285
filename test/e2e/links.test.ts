import { describe, it } from 'vitest';
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
});
