import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { updateMeta } from '@retrace/shared';
import { cardByText, joinAs, laneIdByName, laneOfCard, screenshot } from '../helpers/browser';
import { CHECKOUT_INCIDENT, useAliceAndBob, useBrowserBoard } from '../helpers/browserFixture';
import { connectClient } from '../helpers/syncClient';

const CHAT_LOG = [
  '[10:02] alice: checkout is throwing 500s for some users',
  '[10:04] bob: payments deploy went out at 09:58',
  '[10:05] alice: rolling back payments',
  '  (via the deploy tool)',
  '[10:12] carol: support has 40 tickets about failed payments',
].join('\n');

describe('importing a chat log and exporting the report in Chromium', () => {
  const fx = useBrowserBoard(CHECKOUT_INCIDENT);
  const people = useAliceAndBob(fx);

  it('previews the import with line errors, then places the cards for everyone', async () => {
    const { page } = people.alice;
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a timeline' });
    await dialog.getByRole('textbox', { name: 'Log', exact: true }).fill(`${CHAT_LOG}\n[25:99] dave: broken line`);
    await dialog.getByText('Line 6: "25:99" is not a valid time').waitFor();
    expect(await dialog.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Log', exact: true }).fill(CHAT_LOG);
    const preview = dialog.getByTestId('import-preview');
    await preview.getByText('rolling back payments').waitFor();
    expect(await preview.locator('tbody tr').count()).toBe(4);
    await dialog.getByText('new lanes: carol').waitFor();
    await screenshot(page, 'import-preview');
    await dialog.getByRole('button', { name: 'Import 4 cards' }).click();
    await dialog.getByText('Imported 4 cards and 1 new lanes.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    await cardByText(people.bob.page, 'support has 40 tickets about failed payments').waitFor();
    expect(await laneOfCard(people.bob.page, 'checkout is throwing 500s for some users')).toBe(
      await laneIdByName(people.bob.page, 'Alice'),
    );
    expect(await laneOfCard(people.bob.page, 'payments deploy went out at 09:58')).toBe(
      await laneIdByName(people.bob.page, 'Bob'),
    );
    expect(await cardByText(people.bob.page, 'rolling back payments').locator('time').textContent()).toBe('10:05');
    await screenshot(people.bob.page, 'imported-timeline');

    // Importing the same log again adds nothing.
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Log', exact: true }).fill(CHAT_LOG);
    await dialog.getByText('0 new, 4 already on the board').waitFor();
    expect(await dialog.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('exports Markdown (preview and download) and HTML', async () => {
    const { page } = people.bob;
    await page.getByRole('button', { name: 'Report', exact: true }).click();
    const preview = page.getByTestId('report-preview');
    await preview.filter({ hasText: '# Checkout errors after the payments deploy' }).waitFor();
    expect(await preview.textContent()).toContain('rolling back payments');
    // Key moments set here give the report its time to detect and to mitigate.
    await page.getByLabel('Detected').fill('2024-05-01T10:02');
    await page.getByLabel('Mitigated').fill('2024-05-01T10:40');
    await page.getByRole('button', { name: 'Save key moments' }).click();
    await preview.filter({ hasText: '**Time to detect:** 2 min · **Time to mitigate:** 40 min' }).waitFor();
    await screenshot(page, 'report-preview');

    const [markdown] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download .md' }).click(),
    ]);
    expect(markdown.suggestedFilename()).toBe('Checkout-errors-after-the-payments-deploy.md');
    expect(readFileSync((await markdown.path())!, 'utf8')).toContain('## Timeline');
    const [html] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download .html' }).click(),
    ]);
    const htmlText = readFileSync((await html.path())!, 'utf8');
    const [changes] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Record of changes' }).click(),
    ]);
    expect(changes.suggestedFilename()).toBe('Checkout-errors-after-the-payments-deploy.changes.md');
    expect(readFileSync((await changes.path())!, 'utf8')).toMatch(/^# Record of changes: Checkout errors/);
    expect(htmlText).toMatch(/^<!doctype html>/);
    expect(htmlText).toContain('support has 40 tickets about failed payments');

    // The printable page renders with its styles under the board's CSP.
    const report = await page.context().newPage();
    await report.setContent(htmlText);
    await screenshot(report, 'report-html');
    await report.close();
  });
});

describe('the import dialog', () => {
  const fx = useBrowserBoard({ title: 'Zone set later', timeZone: 'UTC' });

  // Regression: the dialog took its defaults when the board first rendered, which can be
  // before the board has synced; imports then used UTC and today's date.
  it('defaults to the board’s time zone and incident date as they are when it opens', async () => {
    const eli = await joinAs(fx.browser, fx.link('editor'), 'Eli');
    const seeder = connectClient(fx.server.wsUrl, fx.board.id, fx.board.tokens.facilitator);
    await seeder.whenSynced();
    updateMeta(seeder.doc, { timeZone: 'America/New_York', startedAt: Date.UTC(2024, 4, 1, 14, 0) });
    await eli.page.waitForTimeout(300);
    await eli.page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = eli.page.getByRole('dialog', { name: 'Import a timeline' });
    await dialog.getByRole('textbox', { name: 'Log', exact: true }).fill('[10:05] alice: rolling back payments');
    expect(await dialog.getByLabel('Times in').inputValue()).toBe('America/New_York');
    expect(await dialog.getByLabel('Date of bare times').inputValue()).toBe('2024-05-01');
    seeder.destroy();
    await eli.context.close();
  });
});
