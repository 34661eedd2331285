import { describe, expect, it } from 'vitest';
import { cardByText, screenshot } from '../helpers/browser';
import { CHECKOUT_INCIDENT, useAliceAndBob, useBrowserBoard } from '../helpers/browserFixture';

describe('systemic factors, language hints and actions in Chromium', () => {
  const fx = useBrowserBoard(CHECKOUT_INCIDENT);
  const people = useAliceAndBob(fx);

  it('shows a gentle hint for a blameful sentence while typing, without blocking', async () => {
    const input = people.alice.page.getByPlaceholder(/restarted the pods/);
    await input.fill('10:20 Bob should have checked the dashboard');
    await people.alice.page.locator('.language-hints').filter({ hasText: 'should have' }).waitFor();
    await screenshot(people.alice.page, 'language-hint');
    await input.fill('10:20 the dashboard showed green because it counts HTTP 200s');
    await people.alice.page.locator('.language-hints').waitFor({ state: 'detached' });
    await people.alice.page.getByRole('button', { name: 'Add', exact: true }).click();
    await cardByText(people.bob.page, 'the dashboard showed green because it counts HTTP 200s').waitFor();
  });

  it('tags a card by dragging it onto a factor; the other participant sees it in the cluster view', async () => {
    const { page } = people.alice;
    await page.getByLabel('Systemic factor', { exact: true }).fill('Success metric counts the error page as success');
    await page.getByRole('combobox', { name: /^Category/ }).selectOption({ label: 'Misleading or missing signals' });
    await page.getByRole('button', { name: 'Add factor' }).click();
    const factor = page.locator('li.factor', { hasText: 'Success metric counts the error page' });
    await factor.getByText('No evidence yet').waitFor();

    const card = cardByText(page, 'the dashboard showed green');
    const from = (await card.boundingBox())!;
    const to = (await factor.boundingBox())!;
    await page.mouse.move(from.x + 40, from.y + 40);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 45, { steps: 4 });
    await page.mouse.move(to.x + 60, to.y + 20, { steps: 15 });
    await page.getByTestId('drag-label').filter({ hasText: 'tag with' }).waitFor();
    await screenshot(page, 'drag-onto-factor');
    await page.mouse.up();
    await factor.getByText('1 card').waitFor();

    // Bob's card menu was drawn before Alice added the factor: it offers it all the same,
    // ticked now that the card is tagged.
    const shown = cardByText(people.bob.page, 'the dashboard showed green because it counts HTTP 200s');
    await shown.getByRole('button', { name: /^Actions for card/ }).click();
    const item = people.bob.page.getByRole('menuitemcheckbox', {
      name: 'Success metric counts the error page as success',
    });
    await expect.poll(() => item.getAttribute('aria-checked')).toBe('true');
    await people.bob.page.keyboard.press('Escape');

    await people.bob.page.getByRole('button', { name: 'Factors', exact: true }).first().click();
    const cluster = people.bob.page.locator('[data-cluster-factor]', {
      hasText: 'Success metric counts the error page',
    });
    await cluster.getByText('the dashboard showed green because it counts HTTP 200s').waitFor();
    expect(await cluster.locator('.no-evidence').count()).toBe(0);
    await screenshot(people.bob.page, 'cluster-view');
  });

  it('creates an action linked to that factor, and flags actions that address none', async () => {
    const { page } = people.bob;
    await page.getByRole('tab', { name: 'Actions' }).click();
    await page.getByLabel('Action', { exact: true }).fill('Alert on user-visible login errors');
    await page.getByLabel('Owner', { exact: true }).fill('SRE');
    await page
      .getByRole('combobox', { name: /^Addresses/ })
      .selectOption({ label: 'Success metric counts the error page as success' });
    await page.getByRole('button', { name: 'Add action' }).click();
    await page.getByLabel('Action', { exact: true }).fill('Write a better runbook');
    await page.getByRole('button', { name: 'Add action' }).click();

    await people.alice.page.getByRole('tab', { name: 'Actions' }).click();
    const linked = people.alice.page.locator('li.action', { hasText: 'Alert on user-visible login errors' });
    await linked.waitFor();
    expect(
      await linked.getByRole('checkbox', { name: 'Success metric counts the error page as success' }).isChecked(),
    ).toBe(true);
    await people.alice.page
      .locator('li.action', { hasText: 'Write a better runbook' })
      .getByText('Not linked to a systemic factor')
      .waitFor();
    await screenshot(people.alice.page, 'actions-panel');
  });
});
