import { describe, expect, it } from 'vitest';
import { joinAs, screenshot } from '../helpers/browser';
import { useBrowserBoard } from '../helpers/browserFixture';

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
    await screenshot(fay.page, 'facilitation-timeline');

    // Someone who joins late sees the same phase and the same remaining time.
    const vic = await joinAs(fx.browser, fx.link('viewer'), 'Vic');
    await guide(vic.page).filter({ hasText: 'Put everything that happened on one timeline' }).waitFor();
    await expect.poll(() => vic.page.getByRole('timer').textContent()).toMatch(/^(9|10):\d\d$/);
    // A new phase asks again: readiness is per phase.
    await fay.page.getByRole('button', { name: 'Next: Perspectives' }).click();
    await fay.page.getByTestId('readiness').filter({ hasText: '0 of 2 done' }).waitFor();
    await fay.page.getByRole('button', { name: 'Stop' }).click();
    await vic.page.getByRole('timer').waitFor({ state: 'detached' });
    for (const person of [fay, eli, vic]) await person.context.close();
  });
});
