import { describe, expect, it } from 'vitest';
import { cardByText, joinAs, laneIdByName, laneOfCard, screenshot } from '../helpers/browser';
import { CHECKOUT_INCIDENT, useBrowserBoard } from '../helpers/browserFixture';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { controlRoomOf } from '@retrace/shared';
import { connectClient } from '../helpers/syncClient';

const quickAdd = async (page: Page, text: string, lane?: string) => {
  await page.getByPlaceholder(/14:32 restarted the pods/).fill(text);
  if (lane) await page.locator('form.quick-add select').nth(1).selectOption({ label: lane });
  await page.getByRole('button', { name: 'Add private draft' }).click();
};
const draftByText = (page: Page, text: string) => page.locator('[data-draft-id]').filter({ hasText: text });

describe('a silent writing round in Chromium', () => {
  const fx = useBrowserBoard(CHECKOUT_INCIDENT);

  it('keeps drafts private until the facilitator reveals them, anonymously, minus a discarded one', async () => {
    const fay = await joinAs(fx.browser, fx.link('facilitator'), 'Fay');
    const eli = await joinAs(fx.browser, fx.link('editor'), 'Eli');
    const dee = await joinAs(fx.browser, fx.link('editor'), 'Dee');
    await fay.page.getByRole('button', { name: '2. Timeline' }).click();
    await fay.page.getByRole('button', { name: 'Silent writing', exact: true }).click();
    await fay.page.getByRole('button', { name: 'Start silent writing' }).click();
    await eli.page.getByTestId('silent-round').filter({ hasText: 'Silent writing (anonymous)' }).waitFor();

    // A plain y-websocket client on both rooms sees everything the browsers publish.
    const witness = [fx.board.id, controlRoomOf(fx.board.id)].map((room) =>
      connectClient(fx.server.wsUrl, room, fx.board.tokens.viewer),
    );
    await Promise.all(witness.map((client) => client.whenSynced()));
    // Anonymous: Eli files his under a shared perspective; Dee leaves hers for the facilitator to place
    // (nothing goes silently into a lane; her own lane would name her, so it is not offered).
    const laneChoices = await eli.page.locator('form.quick-add select').nth(1).locator('option').allTextContents();
    expect(laneChoices).toEqual(['Facilitator places it', 'Alerts & monitoring', 'Deploy pipeline', 'Customers']);
    await quickAdd(eli.page, '10:05 Checkout error rate alert fired', 'Alerts & monitoring');
    await quickAdd(dee.page, '10:12 Support saw payment failures in tickets');
    await quickAdd(dee.page, '10:20 Eli should have known better');
    await draftByText(eli.page, 'Checkout error rate alert fired').filter({ hasText: 'Only you see this' }).waitFor();
    await dee.page
      .getByTestId('silent-round')
      .filter({ hasText: 'You have 2 drafts (2 for the facilitator to place' })
      .waitFor();
    await fay.page.getByTestId('silent-round').filter({ hasText: '3 drafts from 2 people so far' }).waitFor();
    // Nobody sees anyone else's drafts, not even the facilitator.
    expect(await fay.page.locator('[data-draft-id]').count()).toBe(0);
    expect(await fay.page.getByText('Checkout error rate alert fired').count()).toBe(0);
    expect(await dee.page.getByText('Checkout error rate alert fired').count()).toBe(0);
    expect(await eli.page.getByText('Support saw payment failures').count()).toBe(0);
    await screenshot(dee.page, 'silent-round-writing');
    // Typing a draft publishes nothing either: not in the documents, not in anyone's awareness.
    await eli.page.getByPlaceholder(/14:32 restarted the pods/).fill('10:09 half-written thought');
    const published = witness
      .map(
        (c) =>
          String.fromCharCode(...Y.encodeStateAsUpdate(c.doc)) +
          JSON.stringify([...c.provider.awareness.getStates().values()]),
      )
      .join('');
    expect(published).toContain('Eli'); // the awareness states are there…
    for (const text of ['Checkout error rate', 'payment failures', 'known better', 'half-written']) {
      expect(published).not.toContain(text);
    }
    await eli.page.getByPlaceholder(/14:32 restarted the pods/).fill('');
    for (const client of witness) client.destroy();

    // A reload (or a sleeping laptop) loses nothing: the server holds the drafts.
    await eli.page.reload();
    await draftByText(eli.page, 'Checkout error rate alert fired').dblclick();
    await eli.page.getByRole('textbox', { name: 'Edit draft' }).fill('Checkout error rate alert fired late');
    await eli.page.getByRole('textbox', { name: 'Edit draft' }).press('Enter');
    await draftByText(eli.page, 'alert fired late').filter({ hasText: 'Only you see this' }).waitFor();
    // The list view shows my drafts too.
    await dee.page.getByRole('button', { name: 'List', exact: true }).click();
    const deeDrafts = dee.page.locator('table.my-drafts tbody tr');
    await expect.poll(() => deeDrafts.count()).toBe(2);
    expect(await deeDrafts.first().textContent()).toContain('the facilitator places it');
    await dee.page.getByRole('button', { name: 'Timeline', exact: true }).click();

    // Writing closes; the facilitator reviews every draft (no names: the round is anonymous).
    await fay.page.getByRole('button', { name: 'Reveal…' }).click();
    const dialog = fay.page.getByRole('dialog', { name: 'Reveal the silent round' });
    await dialog.getByText('Eli should have known better').waitFor();
    await dialog.getByText('Checkout error rate alert fired late').waitFor();
    expect(await dialog.locator('.reveal-list li').count()).toBe(3);
    expect(await dialog.getByText(/· (Eli|Dee)$/).count()).toBe(0);
    await eli.page.getByTestId('silent-round').filter({ hasText: 'Writing is closed' }).waitFor();
    await eli.page.getByPlaceholder(/14:32 restarted the pods/).fill('10:30 one more thing');
    expect(await eli.page.getByRole('button', { name: 'Add', exact: true }).isDisabled()).toBe(true);
    // Everything one (unnamed) writer wrote can be set aside at once, and kept again.
    await dialog
      .getByRole('button', { name: /^Discard all 2 from writer \d$/ })
      .first()
      .click();
    await dialog.getByRole('button', { name: 'Reveal 1 card' }).waitFor();
    await dialog
      .getByRole('button', { name: /^Keep all from writer \d$/ })
      .first()
      .click();
    await dialog.getByRole('button', { name: 'Reveal 3 cards' }).waitFor();
    await dialog
      .locator('li')
      .filter({ hasText: 'Eli should have known better' })
      .getByRole('button', { name: 'Discard', exact: true })
      .click();
    // Dee's kept draft has no lane yet: the reveal waits until the facilitator places it.
    const reveal = dialog.getByRole('button', { name: 'Reveal 2 cards' });
    expect(await reveal.isDisabled()).toBe(true);
    await dialog.getByLabel('Lane for “Support saw payment failures in tickets”').selectOption({ label: 'Customers' });
    await screenshot(fay.page, 'silent-round-review');
    await reveal.click();

    // Everything kept appears for everyone at once, without authors; the discarded draft nowhere.
    for (const person of [fay, eli, dee]) {
      await cardByText(person.page, 'Checkout error rate alert fired').waitFor();
      await cardByText(person.page, 'Support saw payment failures in tickets').waitFor();
      expect(await person.page.getByText('Eli should have known better').count()).toBe(0);
      expect(await person.page.locator('[data-draft-id]').count()).toBe(0);
      await person.page.getByTestId('silent-round').waitFor({ state: 'detached' });
    }
    const revealed = cardByText(dee.page, 'Checkout error rate alert fired');
    expect(await revealed.locator('.card-foot').textContent()).not.toMatch(/Eli|Dee/);
    expect(await revealed.locator('time').textContent()).toBe('10:05');
    // Each landed where its writer or the facilitator put it.
    expect(await laneOfCard(dee.page, 'Checkout error rate alert fired')).toBe(
      await laneIdByName(dee.page, 'Alerts & monitoring'),
    );
    expect(await laneOfCard(dee.page, 'Support saw payment failures in tickets')).toBe(
      await laneIdByName(dee.page, 'Customers'),
    );
    // After the round, adding a card is immediate again.
    await dee.page.getByPlaceholder(/14:32 restarted the pods/).fill('10:40 Rolled back the payments deploy');
    await dee.page.getByRole('button', { name: 'Add', exact: true }).click();
    await cardByText(fay.page, 'Rolled back the payments deploy').waitFor();
    await screenshot(eli.page, 'silent-round-revealed');
    for (const person of [fay, eli, dee]) await person.context.close();
  });
});
