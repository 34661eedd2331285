import { createCard, createFactor, readBoard } from '@retrace/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cardByText, joinAs, screenshot } from '../helpers/browser';
import { useBrowserBoard } from '../helpers/browserFixture';
import { connectClient } from '../helpers/syncClient';

// By its label: a factor's text also appears in the other factors' "Merge into…" menus.
const factor = (page: Page, name: string) => page.locator(`li[data-factor-id][aria-label="Factor ${name}"]`);

describe('a facilitated review in Chromium', () => {
  const fx = useBrowserBoard({ title: 'Checkout outage' });

  it('moves everyone through the phases, shares one timer and the script, and counts who is done', async () => {
    const fay = await joinAs(fx.browser, fx.link('facilitator'), 'Fay');
    const eli = await joinAs(fx.browser, fx.link('editor'), 'Eli');
    const guide = (page: typeof fay.page) => page.getByTestId('phase-guide');

    // Kick-off: the facilitator adapts the script; the others read along.
    await guide(eli.page).filter({ hasText: 'not to find who to blame' }).waitFor();
    const script = fay.page.getByRole('textbox', { name: 'Kick-off script' });
    await script.fill('Welcome. We look at systems, not at people. Cameras on if you can.');
    await eli.page.getByText('Kick-off script', { exact: true }).click();
    await eli.page.getByTestId('kickoff-script').filter({ hasText: 'Cameras on if you can.' }).waitFor();
    await screenshot(fay.page, 'facilitation-kickoff');

    // Only the facilitator has the phase controls; the phase changes for everyone.
    expect(await eli.page.getByRole('button', { name: /^Next:/ }).count()).toBe(0);
    await fay.page.getByRole('button', { name: 'Next: Timeline' }).click();
    await guide(eli.page).filter({ hasText: 'Put everything that happened on one timeline' }).waitFor();
    expect(await eli.page.getByTestId('kickoff-script').count()).toBe(0);

    // One timer, shown from its end time.
    await fay.page.getByLabel('Timer length').selectOption('5');
    await fay.page.getByRole('button', { name: 'Start timer' }).click();
    const timer = eli.page.getByRole('timer');
    await timer.waitFor();
    expect(await timer.textContent()).toMatch(/^[45]:\d\d$/);
    await fay.page.getByRole('button', { name: '+5 min' }).click();
    await expect.poll(() => timer.textContent()).toMatch(/^(9|10):\d\d$/);

    // Readiness: Eli says he is done; Fay sees it.
    await eli.page.getByRole('button', { name: 'I’m done' }).click();
    await fay.page.getByTestId('readiness').filter({ hasText: '1 of 1 done' }).waitFor();
    await eli.page.getByRole('button', { name: 'Let’s move on' }).click();
    await fay.page.getByTestId('readiness').filter({ hasText: '1 ready to move on' }).waitFor();
    // Facilitators are not counted: Eli sees only himself.
    await eli.page.getByTestId('readiness').filter({ hasText: '1 of 1 done' }).waitFor();
    await screenshot(fay.page, 'facilitation-timeline');

    // Someone who joins late sees the same phase and the same remaining time.
    const vic = await joinAs(fx.browser, fx.link('viewer'), 'Vic');
    await guide(vic.page).filter({ hasText: 'Put everything that happened on one timeline' }).waitFor();
    await expect.poll(() => vic.page.getByRole('timer').textContent()).toMatch(/^(9|10):\d\d$/);
    // A new phase asks again: readiness is per phase, and Vic (view only) is not a participant.
    await fay.page.getByRole('button', { name: 'Next: Perspectives' }).click();
    await fay.page.getByTestId('readiness').filter({ hasText: '0 of 1 done' }).waitFor();
    // Back to the timeline: Eli's earlier "I'm done" does not carry over.
    await fay.page.getByRole('button', { name: 'Back' }).click();
    await fay.page.getByTestId('readiness').filter({ hasText: '0 of 1 done' }).waitFor();
    expect(await eli.page.getByRole('button', { name: 'I’m done' }).getAttribute('aria-pressed')).toBe('false');
    await fay.page.getByRole('button', { name: 'Stop' }).click();
    await vic.page.getByRole('timer').waitFor({ state: 'detached' });
    for (const person of [fay, eli, vic]) await person.context.close();
  });

  it('shows the same remaining time on a laptop whose clock is seven minutes off', async () => {
    const fay = await joinAs(fx.browser, fx.link('facilitator'), 'Fay');
    const ahead = await joinAs(fx.browser, fx.link('editor'), 'Eli', { clockSkewMs: 7 * 60_000 });
    expect(await ahead.page.evaluate(() => Math.round((Date.now() - new Date().getTime()) / 60_000))).toBe(7);
    await fay.page.getByLabel('Timer length').selectOption('5');
    await fay.page.getByRole('button', { name: 'Start timer' }).click();
    // Read against its own clock, Eli's laptop would say the time was up two minutes ago.
    await expect.poll(() => ahead.page.getByRole('timer').textContent()).toMatch(/^[45]:\d\d$/);
    await fay.page.getByRole('button', { name: 'Stop' }).click();
    for (const person of [fay, ahead]) await person.context.close();
  });

  it('runs a dot-voting round: budgets hold, results show when the facilitator closes it', async () => {
    const seeder = connectClient(fx.server.wsUrl, fx.board.id, fx.board.tokens.editor);
    await seeder.whenSynced();
    createFactor(seeder.doc, { name: 'Alert measured the wrong signal', category: 'signals' });
    createFactor(seeder.doc, { name: 'Deploy reached every region at once', category: 'change' });
    const fay = await joinAs(fx.browser, fx.link('facilitator'), 'Fay');
    const eli = await joinAs(fx.browser, fx.link('editor'), 'Eli');
    seeder.destroy();
    await fay.page.getByRole('button', { name: '4. Systemic factors' }).click();
    await fay.page.getByRole('button', { name: 'Dot voting', exact: true }).click();
    await fay.page.getByLabel('Dots per person').fill('2');
    await fay.page.getByRole('button', { name: 'Start dot voting' }).click();

    await eli.page.getByTestId('votes-left').filter({ hasText: '2 of 2 dots left' }).waitFor();
    const alert = factor(eli.page, 'Alert measured the wrong signal');
    // While dots go on factors, nobody merges or deletes one (that would move or drop dots).
    expect(await alert.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await alert.getByText('Merge into…').count()).toBe(0);
    await alert.getByRole('button', { name: 'Vote', exact: true }).click();
    await alert.getByRole('button', { name: 'Vote', exact: true }).click();
    await eli.page.getByTestId('votes-left').filter({ hasText: '0 of 2 dots left' }).waitFor();
    expect(
      await factor(eli.page, 'Deploy reached every region at once')
        .getByRole('button', { name: 'Vote', exact: true })
        .isDisabled(),
    ).toBe(true);
    await factor(fay.page, 'Deploy reached every region at once')
      .getByRole('button', { name: 'Vote', exact: true })
      .click();
    // Nobody sees totals while the round is open.
    expect(await eli.page.getByTestId('vote-results').count()).toBe(0);
    expect(await fay.page.getByTestId('vote-result').count()).toBe(0);
    await screenshot(eli.page, 'voting-open');

    await fay.page.getByRole('button', { name: 'Close voting' }).click();
    const results = eli.page.getByTestId('vote-results');
    await results.waitFor();
    expect(await results.locator('li').allTextContents()).toEqual([
      'Alert measured the wrong signal: 2 votes',
      'Deploy reached every region at once: 1 vote',
    ]);
    await screenshot(eli.page, 'voting-results');
    for (const person of [fay, eli]) await person.context.close();
  });

  it('votes on cards too: dots on the timeline, the ranking of moments when voting closes', async () => {
    const seeder = connectClient(fx.server.wsUrl, fx.board.id, fx.board.tokens.editor);
    await seeder.whenSynced();
    const lane = readBoard(seeder.doc).lanes[0]!.id;
    const at = readBoard(seeder.doc).meta.startedAt ?? Date.now();
    createCard(seeder.doc, { text: 'Error budget alert paged nobody', laneId: lane, occurredAt: at });
    createCard(seeder.doc, {
      text: 'Reverting the deploy took 25 minutes',
      laneId: lane,
      occurredAt: at + 30 * 60_000,
    });
    const fay = await joinAs(fx.browser, fx.link('facilitator'), 'Fay');
    const eli = await joinAs(fx.browser, fx.link('editor'), 'Eli');
    seeder.destroy();
    await fay.page.getByRole('button', { name: '3. Perspectives' }).click();
    await fay.page.getByRole('button', { name: /^(Dot voting|Voting)$/ }).click();
    expect(await fay.page.getByLabel('Vote on').inputValue()).toBe('cards');
    await fay.page.getByLabel('Dots per person').fill('2');
    // A round of the test before may still be on the board: this starts a new one either way.
    await fay.page.getByRole('button', { name: /^(Start dot voting|New voting round)$/ }).click();

    await eli.page.getByTestId('votes-left').filter({ hasText: '2 of 2 dots left' }).waitFor();
    const paged = cardByText(eli.page, 'Error budget alert paged nobody');
    await paged.getByRole('button', { name: 'Vote', exact: true }).click();
    await paged.getByRole('button', { name: 'Vote', exact: true }).click();
    await eli.page.getByTestId('votes-left').filter({ hasText: '0 of 2 dots left' }).waitFor();
    expect(
      await cardByText(eli.page, 'Reverting the deploy took 25 minutes')
        .getByRole('button', { name: 'Vote', exact: true })
        .isDisabled(),
    ).toBe(true);
    await cardByText(fay.page, 'Reverting the deploy took 25 minutes')
      .getByRole('button', { name: 'Vote', exact: true })
      .click();
    // Factors are not part of a round on cards.
    expect(await eli.page.locator('li[data-factor-id] .factor-votes').count()).toBe(0);
    await screenshot(eli.page, 'voting-cards-open');

    await fay.page.getByRole('button', { name: 'Close voting' }).click();
    const results = eli.page.getByTestId('vote-results');
    await results.waitFor();
    expect(await results.locator('li').allTextContents()).toEqual([
      'Error budget alert paged nobody: 2 votes',
      'Reverting the deploy took 25 minutes: 1 vote',
    ]);
    await cardByText(eli.page, 'Error budget alert paged nobody')
      .getByTestId('vote-result')
      .filter({ hasText: '2 votes' })
      .waitFor();
    await screenshot(eli.page, 'voting-cards-results');
    // Clear the round so later tests start without one.
    await fay.page.getByRole('button', { name: 'Voting', exact: true }).click();
    await fay.page.getByRole('button', { name: 'Clear results' }).click();
    await results.waitFor({ state: 'detached' });
    for (const person of [fay, eli]) await person.context.close();
  });

  it('hands the session to a co-host through a second facilitator link', async () => {
    const fay = await joinAs(fx.browser, fx.link('facilitator'), 'Fay');
    await fay.page.getByRole('button', { name: 'Links', exact: true }).click();
    await fay.page.getByRole('button', { name: 'Create co-host link' }).click();
    const link = await fay.page.getByRole('textbox', { name: /Co-host link/ }).inputValue();
    await screenshot(fay.page, 'co-host-link');
    await fay.page.getByRole('button', { name: 'Close' }).click();

    const cory = await joinAs(fx.browser, link, 'Cory');
    await cory.page.getByText('Facilitator', { exact: true }).waitFor();
    await cory.page.getByRole('button', { name: '6. Wrap-up' }).click();
    await fay.page.getByTestId('phase-guide').filter({ hasText: 'Check that everyone was heard' }).waitFor();
    // Fay's own link keeps working beside it.
    await fay.page.getByRole('button', { name: 'Back' }).click();
    await cory.page.getByTestId('phase-guide').filter({ hasText: 'Agree changes that address' }).waitFor();
    for (const person of [fay, cory]) await person.context.close();
  });

  it('spotlights a card: participants scroll to it unless they stop following', async () => {
    const seeder = connectClient(fx.server.wsUrl, fx.board.id, fx.board.tokens.editor);
    await seeder.whenSynced();
    const laneId = readBoard(seeder.doc).lanes[0]!.id;
    const at = (h: number, m: number) => Date.UTC(2024, 4, 1, h - 2, m); // Berlin summer time
    createCard(seeder.doc, { text: 'first alert fired', laneId, occurredAt: at(10, 5) });
    createCard(seeder.doc, { text: 'rollback started', laneId, occurredAt: at(13, 0) });
    createCard(seeder.doc, { text: 'checkout recovered', laneId, occurredAt: at(16, 0) });
    const fay = await joinAs(fx.browser, fx.link('facilitator'), 'Fay');
    const eli = await joinAs(fx.browser, fx.link('editor'), 'Eli');
    seeder.destroy();
    const inView = (page: Page, text: string) =>
      cardByText(page, text).evaluate((card) => {
        const box = card.getBoundingClientRect();
        const view = document.querySelector('[data-testid="timeline"]')!.getBoundingClientRect();
        const slack = 4; // sub-pixel layout
        return (
          box.left >= view.left - slack &&
          box.right <= view.right + slack &&
          box.top >= view.top - slack &&
          box.bottom <= view.bottom + slack
        );
      });
    // Eli zooms in far enough that the last card is off screen.
    for (let i = 0; i < 5; i++) await eli.page.getByRole('button', { name: 'Zoom in' }).click();
    const scroller = eli.page.getByTestId('timeline');
    await scroller.evaluate((el) => el.scrollTo({ left: 0, top: 0 }));
    await expect.poll(() => inView(eli.page, 'checkout recovered')).toBe(false);

    const spotlight = async (text: string) => {
      await fay.page.getByRole('button', { name: `Actions for card “${text}”` }).click();
      await fay.page.getByRole('menuitem', { name: 'Spotlight for everyone' }).click();
    };
    await spotlight('checkout recovered');
    await expect.poll(() => inView(eli.page, 'checkout recovered'), { timeout: 5_000 }).toBe(true);
    await eli.page.getByTestId('spotlight').filter({ hasText: 'checkout recovered' }).waitFor();
    expect(await cardByText(eli.page, 'checkout recovered').getAttribute('class')).toContain('spotlit');
    await screenshot(eli.page, 'spotlight');

    // Eli stops following: a new spotlight is shown, but his view stays where he put it.
    await eli.page.getByRole('button', { name: 'Following the spotlight' }).click();
    await scroller.evaluate((el) => el.scrollTo({ left: 0, top: 0 }));
    await spotlight('rollback started');
    await eli.page.getByTestId('spotlight').filter({ hasText: 'rollback started' }).waitFor();
    await eli.page.waitForTimeout(500);
    expect(await scroller.evaluate((el) => el.scrollLeft)).toBe(0);
    expect(await inView(eli.page, 'rollback started')).toBe(false);
    for (const person of [fay, eli]) await person.context.close();
  });

  it("mirrors the facilitator's view for someone who follows it, until they pan themselves", async () => {
    const fay = await joinAs(fx.browser, fx.link('facilitator'), 'Fay');
    const eli = await joinAs(fx.browser, fx.link('editor'), 'Eli');
    const scrollOf = (page: Page) => page.getByTestId('timeline').evaluate((el) => el.scrollLeft);
    // Both windows have the same size, so the same centre time means the same scroll position.
    for (let i = 0; i < 4; i++) await fay.page.getByRole('button', { name: 'Zoom in' }).click();
    await fay.page.getByTestId('timeline').evaluate((el) => el.scrollTo({ left: 1500 }));

    await eli.page.getByRole('button', { name: 'Follow Fay’s view' }).click();
    await eli.page.getByTestId('following').filter({ hasText: 'Following Fay’s view' }).waitFor();
    await expect.poll(async () => Math.abs((await scrollOf(eli.page)) - 1500)).toBeLessThan(3);
    await fay.page.getByTestId('timeline').evaluate((el) => el.scrollTo({ left: 800 }));
    await expect.poll(async () => Math.abs((await scrollOf(eli.page)) - 800)).toBeLessThan(3);
    await screenshot(eli.page, 'following');

    // Eli scrolls with the wheel: he stops following, and Fay's moves no longer move him.
    await eli.page.getByTestId('timeline').hover();
    await eli.page.mouse.wheel(0, 200);
    await eli.page.getByTestId('following').waitFor({ state: 'detached' });
    const mine = await scrollOf(eli.page);
    await fay.page.getByTestId('timeline').evaluate((el) => el.scrollTo({ left: 2500 }));
    await eli.page.waitForTimeout(500);
    expect(await scrollOf(eli.page)).toBe(mine);
    await eli.page.getByRole('button', { name: 'Follow Fay’s view' }).waitFor();
    for (const person of [fay, eli]) await person.context.close();
  });
});
