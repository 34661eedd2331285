import { describe, expect, it } from 'vitest';
import { cardByText, screenshot } from '../helpers/browser';
import { CHECKOUT_INCIDENT, useAliceAndBob, useBrowserBoard } from '../helpers/browserFixture';

/**
 * A change the server refuses never strands its author: an edit made offline and replayed
 * after the board was published is refused; the browser drops its copy (IndexedDB too),
 * reopens the board from the server, says what happened, and works again once reopened.
 */
describe('a refused change in Chromium', () => {
  const fx = useBrowserBoard(CHECKOUT_INCIDENT);
  const people = useAliceAndBob(fx);

  const setStatus = (status: string) =>
    fetch(`${fx.server.httpUrl}/api/boards/${fx.board.id}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.board.tokens.facilitator}` },
      body: JSON.stringify({ status }),
    });

  it('an offline edit replayed after publishing is dropped with a notice; after reopening Bob writes again', async () => {
    const { page, context } = people.bob;
    await context.setOffline(true);
    await page.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    await page.getByPlaceholder(/restarted the pods/).fill('10:20 written offline');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('connection').filter({ hasText: '1 change waiting' }).waitFor();
    await page.waitForTimeout(300); // IndexedDB has it

    expect((await setStatus('published')).status).toBe(200);
    await context.setOffline(false);
    const notice = page.getByRole('alert').filter({ hasText: 'published before your last changes' });
    await notice.waitFor({ timeout: 15_000 });
    await cardByText(page, 'written offline').waitFor({ state: 'detached' });
    await page.getByText('This review is published').waitFor();
    await screenshot(page, 'refused-change-notice');
    expect(await cardByText(people.alice.page, 'written offline').count()).toBe(0);

    // The dropped copy does not come back with a reload.
    await page.reload();
    await page
      .getByTestId('connection')
      .filter({ hasText: /^Connected$/ })
      .waitFor();
    expect(await cardByText(page, 'written offline').count()).toBe(0);

    expect((await setStatus('in-review')).status).toBe(200);
    await page.getByPlaceholder(/restarted the pods/).waitFor();
    await page.getByPlaceholder(/restarted the pods/).fill('10:25 written after reopening');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await cardByText(people.alice.page, 'written after reopening').waitFor();
  });
});
