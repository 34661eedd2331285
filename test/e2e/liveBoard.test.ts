import { describe, expect, it } from 'vitest';
import { cardByText, joinAs, laneIdByName, laneOfCard, screenshot } from '../helpers/browser';
import { CHECKOUT_INCIDENT, useAliceAndBob, useBrowserBoard } from '../helpers/browserFixture';

const minutes = (clock: string) => {
  const [h, m] = clock.replace('~', '').split(':').map(Number);
  return h! * 60 + m!;
};

describe('the live board in Chromium', () => {
  const fx = useBrowserBoard(CHECKOUT_INCIDENT);
  const people = useAliceAndBob(fx);

  it('gives each participant a lane and shows who is here', async () => {
    await people.alice.page.locator('.lane-name', { hasText: 'Bob' }).waitFor();
    await people.bob.page.locator('.lane-name', { hasText: 'Alice' }).waitFor();
    await expect.poll(() => people.alice.page.locator('.presence li').count()).toBe(2);
  });

  it('A adds a card with quick add, B sees it at its time', async () => {
    await people.alice.page.getByPlaceholder(/restarted the pods/).fill('10:15 restarted the pods');
    await people.alice.page.getByRole('button', { name: 'Add', exact: true }).click();
    const onBob = cardByText(people.bob.page, 'restarted the pods');
    await onBob.waitFor();
    expect(await onBob.locator('time').textContent()).toBe('10:15');
    expect(await laneOfCard(people.bob.page, 'restarted the pods')).toBe(await laneIdByName(people.bob.page, 'Alice'));
    await screenshot(people.bob.page, 'board-two-participants');
  });

  it('B drags it with the mouse to another lane and a later time, A sees the new place', async () => {
    const deployLane = await laneIdByName(people.bob.page, 'Deploy pipeline');
    const card = cardByText(people.bob.page, 'restarted the pods');
    const from = (await card.boundingBox())!;
    const lane = (await people.bob.page.locator(`section[data-lane-row="${deployLane}"]`).boundingBox())!;
    const { mouse } = people.bob.page;
    await mouse.move(from.x + 40, from.y + 40);
    await mouse.down();
    await mouse.move(from.x + 60, from.y + 40, { steps: 4 });
    await mouse.move(from.x + 40 + 160, lane.y + 30, { steps: 12 });
    await people.bob.page.getByTestId('drag-label').filter({ hasText: 'Deploy pipeline' }).waitFor();
    // Alice sees Bob's drag live, before the drop.
    await people.alice.page.locator('.remote-ghost', { hasText: 'Bob' }).waitFor();
    await screenshot(people.bob.page, 'drag-in-progress');
    await mouse.up();

    await expect.poll(() => laneOfCard(people.alice.page, 'restarted the pods')).toBe(deployLane);
    const movedTo = (await cardByText(people.alice.page, 'restarted the pods').locator('time').textContent())!;
    expect(minutes(movedTo)).toBeGreaterThan(minutes('10:15'));
    expect(await cardByText(people.bob.page, 'restarted the pods').locator('time').textContent()).toBe(movedTo);
    await expect.poll(() => people.alice.page.locator('.remote-ghost').count()).toBe(0);
  });

  it('A goes offline, edits, reloads, comes back, and B sees the edits', async () => {
    const { page, context } = people.alice;
    expect(await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))).toBe(true);
    await context.setOffline(true);
    await page.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    await page.getByPlaceholder(/restarted the pods/).fill('10:40 wrote this while offline');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('connection').filter({ hasText: '1 change waiting' }).waitFor();
    await page.waitForTimeout(300); // let IndexedDB finish its write

    await page.reload();
    await cardByText(page, 'wrote this while offline').waitFor();
    await page.getByTestId('connection').filter({ hasText: 'Offline — 1 change waiting' }).waitFor();
    await screenshot(page, 'offline-after-reload');
    expect(await cardByText(people.bob.page, 'wrote this while offline').count()).toBe(0);

    await context.setOffline(false);
    await page
      .getByTestId('connection')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 15_000 });
    await cardByText(people.bob.page, 'wrote this while offline').waitFor({ timeout: 15_000 });
  });

  it('a viewer sees the board but cannot change anything', async () => {
    const viewer = await joinAs(fx.browser, fx.link('viewer'), 'Vera');
    const { page } = viewer;
    await cardByText(page, 'restarted the pods').waitFor();
    expect(await page.getByPlaceholder(/restarted the pods/).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Actions for card/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Undo' }).count()).toBe(0);
    await page.getByText('View only').waitFor();

    const card = cardByText(page, 'restarted the pods');
    const laneBefore = await laneOfCard(page, 'restarted the pods');
    const box = (await card.boundingBox())!;
    await page.mouse.move(box.x + 40, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + 300, box.y + 300, { steps: 10 });
    await page.mouse.up();
    await card.dblclick();
    await card.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    expect(await page.locator('textarea').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await laneOfCard(people.alice.page, 'restarted the pods')).toBe(laneBefore);
    await screenshot(page, 'viewer');
    await viewer.context.close();
  });

  it('moves a card with the keyboard only: picked up with Space, arrows, dropped with Space', async () => {
    const { page } = people.alice;
    const card = cardByText(page, 'wrote this while offline');
    const before = (await card.locator('time').textContent())!;
    const laneBefore = await laneOfCard(page, 'wrote this while offline');
    const lanes = await page
      .locator('section[data-lane-row]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-lane-row')));
    const clock = (total: number) =>
      `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
    const label = page.getByTestId('drag-label');
    await card.focus();
    await page.keyboard.press('Space');
    // The sensor starts listening for arrows in a task queued at pick-up; a task queued after
    // it runs later. Then, like a person, press each key once the label has followed the last.
    await label.waitFor();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    for (let i = 1; i <= 5; i++) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => label.textContent()).toContain(clock(minutes(before) + i));
    }
    // Down to the lane shown below (Alice's own lane is shown first, for her).
    const sameLane = await label.textContent();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => label.textContent()).not.toBe(sameLane);
    await page.keyboard.press('Space');
    const laneBelow = lanes[lanes.indexOf(laneBefore) + 1];
    await expect.poll(() => laneOfCard(people.bob.page, 'wrote this while offline')).toBe(laneBelow);
    const after = (await cardByText(people.bob.page, 'wrote this while offline').locator('time').textContent())!;
    expect(minutes(after) - minutes(before)).toBe(5);
    await screenshot(people.bob.page, 'keyboard-move');
  });

  it('moves a card through the "Move to…" menu with the keyboard', async () => {
    const { page } = people.bob;
    const menuButton = page.getByRole('button', { name: /Actions for card “wrote this while offline/ });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Move to…' }).press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Lane').selectOption({ label: 'Customers' });
    await dialog.getByLabel(/^Time/).fill('2024-05-01T10:50');
    await dialog.getByRole('button', { name: 'Move' }).press('Enter');
    const customers = await laneIdByName(people.alice.page, 'Customers');
    await expect.poll(() => laneOfCard(people.alice.page, 'wrote this while offline')).toBe(customers);
    expect(await cardByText(people.alice.page, 'wrote this while offline').locator('time').textContent()).toBe('10:50');
  });

  it('shows who is editing a card and keeps others from dragging it', async () => {
    await cardByText(people.bob.page, 'restarted the pods').dblclick();
    await people.bob.page.getByLabel('Card text').waitFor();
    const onAlice = cardByText(people.alice.page, 'restarted the pods');
    await onAlice.locator('.lock', { hasText: 'Bob is editing' }).waitFor();
    expect(await onAlice.getAttribute('aria-disabled')).toBe('true');
    expect(await people.bob.page.getByLabel('Card text').isEnabled()).toBe(true);
    await people.bob.page.getByLabel('Card text').fill('restarted the pods in eu-west');
    await people.bob.page.keyboard.press('Enter');
    await cardByText(people.alice.page, 'restarted the pods in eu-west').waitFor();
    await expect.poll(() => onAlice.locator('.lock').count()).toBe(0);
  });

  it('undoes only my own change', async () => {
    const { page } = people.alice;
    await page.getByPlaceholder(/restarted the pods/).fill('10:05 people.alice adds a card');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await cardByText(people.bob.page, 'alice adds a card').waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => cardByText(people.bob.page, 'alice adds a card').count()).toBe(0);
    // Bob's edit of another card is untouched by Alice's undo.
    expect(await cardByText(people.alice.page, 'restarted the pods in eu-west').count()).toBe(1);
  });
});
