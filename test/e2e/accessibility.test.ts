import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeViolations, seriousViolations } from '../helpers/axe';
import { joinAs, launchChromium, screenshot } from '../helpers/browser';
import { REPO_ROOT, startServer, tempDataDir, type ServerProcess } from '../helpers/serverProcess';

const ADMIN = 'accessibility-admin-key-0123456789';

/** No critical or serious axe-core violation in what the page shows now. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, describeViolations(where, violations)).toEqual([]);
}

/**
 * axe-core (npm) on every screen of Retrace, as the people who use it see them: the home
 * page, a filled board as facilitator and as editor (each view, side tab, dialog and menu),
 * the report preview, and the library. Critical and serious findings fail the test.
 */
describe('accessibility (axe-core) in Chromium', () => {
  const data = tempDataDir();
  let server: ServerProcess;
  let browser: Browser;
  let demo: { id: string; tokens: Record<string, string> };
  const link = (role: string) => `${server.httpUrl}/b/${demo.id}#t=${demo.tokens[role]}`;

  beforeAll(async () => {
    server = await startServer({ dataDir: data.dir, env: { RETRACE_ADMIN_KEY: ADMIN } });
    browser = await launchChromium();
    demo = await (await fetch(`${server.httpUrl}/api/demo-boards`, { method: 'POST' })).json();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  it('the home page, and a new board’s links with the one for the call chat first', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(server.httpUrl);
    await expectAccessible(page, 'home');
    await page.getByLabel('Incident title').fill('Search latency spike');
    await page.getByRole('button', { name: 'Create board' }).click();
    const fields = page.locator('.copy-field label');
    await fields.first().waitFor();
    expect(await fields.allTextContents()).toEqual([
      'Editor link: paste this one into the call chat',
      'Viewer link: for people who only watch',
      'Facilitator link: keep this one to yourself',
    ]);
    await expectAccessible(page, 'new board links');
    await screenshot(page, 'a11y-new-board-links');
    await page.context().close();
    // The first thing anyone sees of a board: the name dialog.
    const joining = await (await browser.newContext({ viewport: { width: 720, height: 700 } })).newPage();
    await joining.goto(link('editor'));
    await joining.getByLabel('Display name').waitFor();
    await expectAccessible(joining, 'join dialog');
    await joining.context().close();
  });

  it('the facilitator’s board: timeline, list, factors, every side tab, dialog and menu', async () => {
    const { page, context } = await joinAs(browser, link('facilitator'), 'Fay', {
      viewport: { width: 1440, height: 900 },
    });
    try {
      await page.locator('[data-card-id]').first().waitFor();
      await expectAccessible(page, 'timeline');
      for (const tab of ['Factors', 'Actions', 'Notes', 'Inbox', 'History']) {
        await page.getByRole('tab', { name: tab }).click();
        await page.getByRole('tabpanel').waitFor();
        await expectAccessible(page, `side tab ${tab}`);
      }
      for (const view of ['List', 'Factors', 'Timeline']) {
        await page.getByRole('group', { name: 'View' }).getByRole('button', { name: view }).click();
        await page.waitForTimeout(100);
        await expectAccessible(page, `${view} view`);
      }
      for (const [button, heading] of [
        ['Links', 'Share links'],
        ['Import', 'Import a timeline'],
        ['Report', 'Written report'],
      ] as const) {
        await page.getByRole('button', { name: button, exact: true }).click();
        const dialog = page.getByRole('dialog', { name: heading });
        await dialog.waitFor();
        if (button === 'Report') await page.getByTestId('report-preview').filter({ hasNotText: 'Loading…' }).waitFor();
        await expectAccessible(page, `${button} dialog`);
        await dialog.getByRole('button', { name: 'Close' }).click();
        await dialog.waitFor({ state: 'hidden' });
      }
      // A Slack export read into the import dialog, then its evidence waiting in the inbox.
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      const importDialog = page.getByRole('dialog', { name: 'Import a timeline' });
      await importDialog
        .getByLabel('or an unzipped Slack export folder')
        .setInputFiles(path.join(REPO_ROOT, 'shared/src/import/__fixtures__/slack-incident-export'));
      await importDialog.getByLabel(/^From/).fill('');
      await importDialog.getByLabel('To', { exact: true }).fill('');
      await importDialog.getByTestId('import-preview').waitFor();
      await importDialog.getByText(/items are left out/).click();
      await expectAccessible(page, 'Import dialog with a Slack export');
      await importDialog.getByRole('button', { name: /^Add \d+ to the inbox$/ }).click();
      await importDialog.getByRole('button', { name: 'Close' }).click();
      await page.getByRole('tab', { name: /^Inbox/ }).click();
      await page.locator('.inbox-item').first().waitFor();
      await expectAccessible(page, 'evidence inbox with items');
      // A card's menu, its "Move to…" dialog, and its time details.
      const card = page.locator('[data-card-id]').first();
      await card.getByRole('button', { name: /^Actions for card/ }).click();
      await page.getByRole('menu').waitFor();
      await expectAccessible(page, 'card menu');
      await page.getByRole('menuitem', { name: 'Move to…' }).click();
      await page.getByRole('dialog').waitFor();
      await expectAccessible(page, 'Move to dialog');
      await page.keyboard.press('Escape');
      await card.getByRole('button', { name: /time details$/ }).click();
      await expectAccessible(page, 'time details');
      await screenshot(page, 'a11y-facilitator-board');
      // A silent writing round: a private draft on the board, then the reveal dialog.
      await page.getByRole('button', { name: '2. Timeline' }).click();
      await page.getByRole('button', { name: 'Silent writing', exact: true }).click();
      await expectAccessible(page, 'silent round settings');
      await page.getByRole('button', { name: 'Start silent writing' }).click();
      await page.getByLabel(/What happened/).fill('10:05 paged twice for the same alert');
      // Anonymous: a shared perspective is chosen (or the draft is left for the facilitator to place).
      await page.locator('form.quick-add select').nth(1).selectOption({ label: 'Alerts & monitoring' });
      await page.getByRole('button', { name: 'Add private draft' }).click();
      await page.locator('[data-draft-id]').first().waitFor();
      await expectAccessible(page, 'silent round with a draft');
      await page.getByRole('button', { name: 'Reveal…' }).click();
      await page.getByRole('dialog', { name: 'Reveal the silent round' }).waitFor();
      await expectAccessible(page, 'reveal dialog');
    } finally {
      await context.close();
    }
  });

  it('an editor beside a call (720×700): compact header, More menu, drawer, phase details', async () => {
    const { page, context } = await joinAs(browser, link('editor'), 'Eli', { viewport: { width: 720, height: 700 } });
    try {
      await page.locator('[data-card-id]').first().waitFor();
      await expectAccessible(page, 'compact timeline');
      await page.getByRole('button', { name: 'More board tools' }).click();
      await page.getByRole('menu').waitFor();
      await expectAccessible(page, 'More menu');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Factors & actions' }).click();
      await page.getByRole('complementary').waitFor();
      await expectAccessible(page, 'side panel drawer');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: /^Phase \d of 6/ }).click();
      await page.getByTestId('phase-guide').waitFor();
      await expectAccessible(page, 'phase details');
      await screenshot(page, 'a11y-editor-compact');
    } finally {
      await context.close();
    }
  });

  it('the library and its insights', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${server.httpUrl}/library`);
    await expectAccessible(page, 'library sign-in');
    await page.getByLabel('Workspace admin key').fill(ADMIN);
    await page.getByRole('button', { name: 'Open the library' }).click();
    await page.getByTestId('library-table').locator('tbody tr').first().waitFor();
    await expectAccessible(page, 'library');
    await page.getByRole('tab', { name: 'Insights' }).click();
    await page.getByText('Misleading or missing signals').first().waitFor();
    await expectAccessible(page, 'insights');
    await page.context().close();
  });
});
