import { controlRoomOf, setTimer, startTimer } from '@retrace/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cardByText, joinAs, laneIdByName, laneOfCard, screenshot } from '../helpers/browser';
import { CHECKOUT_INCIDENT, useBrowserBoard } from '../helpers/browserFixture';
import { connectClient } from '../helpers/syncClient';

const readiness = (page: Page) => page.getByTestId('readiness');
const next = (page: Page, label: string) => page.getByRole('button', { name: `Next: ${label}` }).click();

async function draft(page: Page, text: string, lane?: string): Promise<void> {
  await page.getByPlaceholder(/14:32 restarted the pods/).fill(text);
  if (lane) await page.locator('form.quick-add select').nth(1).selectOption({ label: lane });
  await page.getByRole('button', { name: 'Add private draft' }).click();
}

describe('a whole facilitated session in Chromium: kick-off to wrap-up', () => {
  const fx = useBrowserBoard(CHECKOUT_INCIDENT);

  it('counts people not tabs, keeps an anonymous round fair, closes voting at time’s up, and sets the agenda', async () => {
    const fay = await joinAs(fx.browser, fx.link('facilitator'), 'Fay');
    const eli = await joinAs(fx.browser, fx.link('editor'), 'Eli');
    const dee = await joinAs(fx.browser, fx.link('editor'), 'Dee');
    const vic = await joinAs(fx.browser, fx.link('viewer'), 'Vic');
    // Eli also has the board open in a second tab: still one person.
    const eliTab2 = await eli.context.newPage();
    await eliTab2.goto(fx.link('editor'));
    await eliTab2.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();

    // Kick-off: two participants (not the viewer, not the second tab, not the facilitator).
    await readiness(fay.page).filter({ hasText: '0 of 2 done' }).waitFor();
    await eli.page.getByRole('button', { name: 'I’m done' }).click();
    await readiness(fay.page).filter({ hasText: '1 of 2 done · still writing: Dee' }).waitFor();
    expect(await fay.page.locator('ul.presence li').count()).toBe(4); // Fay, Eli, Dee, Vic: one avatar each
    await screenshot(fay.page, 'session-kickoff');

    // Timeline: an anonymous silent round; the writers choose a shared perspective or leave it to Fay.
    await next(fay.page, 'Timeline');
    await readiness(fay.page).filter({ hasText: '0 of 2 done' }).waitFor(); // a new phase asks again
    await fay.page.getByRole('button', { name: 'Silent writing', exact: true }).click();
    await fay.page.getByRole('button', { name: 'Start silent writing' }).click();
    await eli.page.getByTestId('silent-round').filter({ hasText: 'Silent writing (anonymous)' }).waitFor();
    await draft(eli.page, '10:05 Checkout error rate alert fired', 'Alerts & monitoring');
    await draft(dee.page, '10:12 Payments deploy reached every region at once');
    await eli.page.getByRole('button', { name: 'I’m done' }).click();
    // In an anonymous round nobody is named as still writing.
    await readiness(fay.page).filter({ hasText: '1 of 2 done' }).waitFor();
    expect(await readiness(fay.page).textContent()).not.toContain('still writing');
    await fay.page.getByTestId('silent-round').filter({ hasText: '2 drafts from 2 people' }).waitFor();
    await fay.page.getByRole('button', { name: 'Reveal…' }).click();
    const dialog = fay.page.getByRole('dialog', { name: 'Reveal the silent round' });
    await dialog
      .getByLabel('Lane for “Payments deploy reached every region at once”')
      .selectOption({ label: 'Deploy pipeline' });
    await dialog.getByRole('button', { name: 'Reveal 2 cards' }).click();
    for (const person of [eli, dee, vic]) await cardByText(person.page, 'Checkout error rate alert fired').waitFor();
    expect(await laneOfCard(vic.page, 'Payments deploy reached every region at once')).toBe(
      await laneIdByName(vic.page, 'Deploy pipeline'),
    );
    await screenshot(fay.page, 'session-timeline-revealed');

    // Grouping, together: Dee adds a factor, Eli drags the deploy card onto it; Dee sees the count.
    await fay.page.getByRole('button', { name: 'Group similar cards' }).click();
    await dee.page.getByTestId('grouping').filter({ hasText: '0 of 2 cards grouped' }).waitFor();
    await dee.page.getByLabel('Systemic factor', { exact: true }).fill('Deploys reach every region at once');
    expect(await dee.page.getByRole('button', { name: 'Add factor' }).isDisabled()).toBe(true); // no category chosen for you
    await dee.page
      .getByRole('combobox', { name: /^Category/ })
      .selectOption({ label: 'Change and deployment process' });
    await dee.page.getByRole('button', { name: 'Add factor' }).click();
    const factor = eli.page.locator('li.factor', { hasText: 'Deploys reach every region at once' });
    await factor.getByText('No evidence yet').waitFor();
    const card = cardByText(eli.page, 'Payments deploy reached every region at once');
    const from = (await card.boundingBox())!;
    const to = (await factor.boundingBox())!;
    await eli.page.mouse.move(from.x + 40, from.y + 40);
    await eli.page.mouse.down();
    await eli.page.mouse.move(from.x + 60, from.y + 45, { steps: 4 });
    await eli.page.mouse.move(to.x + 60, to.y + 20, { steps: 15 });
    await eli.page.getByTestId('drag-label').filter({ hasText: 'tag with' }).waitFor();
    await eli.page.mouse.up();
    await dee.page.getByTestId('grouping').filter({ hasText: '1 of 2 cards grouped' }).waitFor();
    await screenshot(dee.page, 'session-grouping');
    await fay.page.getByRole('button', { name: 'Done grouping' }).click();
    await dee.page.getByTestId('grouping').waitFor({ state: 'detached' });

    // Perspectives: dot voting on cards that closes itself when the timer runs out.
    await next(fay.page, 'Perspectives');
    await fay.page.getByRole('button', { name: 'Dot voting', exact: true }).click();
    expect(await fay.page.getByLabel('Vote on').inputValue()).toBe('cards');
    await fay.page.getByLabel('Dots per person').fill('2');
    await fay.page.getByRole('checkbox', { name: 'Close at time’s up' }).check();
    // A short timer, set on the control document as the facilitator's client would.
    const control = connectClient(fx.server.wsUrl, controlRoomOf(fx.board.id), fx.board.tokens.facilitator);
    await control.whenSynced();
    await screenshot(fay.page, 'session-perspectives-facilitator');
    await fay.page.getByRole('button', { name: 'Start dot voting' }).click();
    await eli.page.getByTestId('votes-left').filter({ hasText: '2 of 2 dots left' }).waitFor();
    const deploy = (page: Page) => cardByText(page, 'Payments deploy reached every region at once');
    await deploy(eli.page).getByRole('button', { name: 'Vote', exact: true }).click();
    await deploy(dee.page).getByRole('button', { name: 'Vote', exact: true }).click();
    await cardByText(dee.page, 'Checkout error rate alert fired')
      .getByRole('button', { name: 'Vote', exact: true })
      .click();
    await fay.page.getByTestId('votes-left').filter({ hasText: '3 dots cast by 2 people' }).waitFor();
    setTimer(control.doc, startTimer(2_000, Date.now()));
    // Time's up: everyone gets the notice, and the round closes by itself.
    await eli.page.getByTestId('time-up').waitFor({ timeout: 10_000 });
    const results = eli.page.getByTestId('vote-results');
    await results.waitFor({ timeout: 10_000 });
    expect(await results.locator('li').allTextContents()).toEqual([
      'Payments deploy reached every region at once: 2 votes',
      'Checkout error rate alert fired: 1 vote',
    ]);
    await screenshot(eli.page, 'session-time-up');
    control.destroy();

    // Systemic factors: the ranking is the agenda; Fay brings everyone to her view.
    await next(fay.page, 'Systemic factors');
    const agenda = fay.page.getByTestId('vote-results').filter({ hasText: 'Agenda from the vote' });
    await agenda.waitFor();
    await expect.poll(() => eli.page.getByTestId('time-up').count()).toBe(0); // the notice went with its phase
    await agenda.getByRole('button', { name: 'Spotlight “Payments deploy reached every region at once”' }).click();
    await fay.page.getByRole('button', { name: 'Bring everyone to me' }).click();
    await dee.page.getByTestId('following').filter({ hasText: 'Following Fay’s view' }).waitFor();
    await screenshot(dee.page, 'session-agenda');

    // Actions and wrap-up: the old results no longer take up room.
    await next(fay.page, 'Actions');
    await eli.page.getByTestId('phase-guide').filter({ hasText: 'Actions' }).waitFor();
    await expect.poll(() => eli.page.getByTestId('vote-results').count()).toBe(0);
    await next(fay.page, 'Wrap-up');
    await readiness(fay.page).filter({ hasText: '0 of 2 done' }).waitFor();
    await screenshot(fay.page, 'session-wrapup');
    for (const person of [fay, eli, dee, vic]) await person.context.close();
  });
});
