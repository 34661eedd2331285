import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { joinAs, launchChromium, screenshot } from '../helpers/browser';
import { startServer, tempDataDir, type ServerProcess } from '../helpers/serverProcess';

const ADMIN = 'library-admin-key-0123456789';

describe('library, insights and replay in Chromium', () => {
  const data = tempDataDir();
  let server: ServerProcess;
  let browser: Browser;
  const boards: Array<{ id: string; tokens: Record<string, string> }> = [];

  beforeAll(async () => {
    server = await startServer({ dataDir: data.dir, env: { RETRACE_ADMIN_KEY: ADMIN } });
    browser = await launchChromium();
    for (let i = 0; i < 2; i++)
      boards.push(await (await fetch(`${server.httpUrl}/api/demo-boards`, { method: 'POST' })).json());
    await fetch(`${server.httpUrl}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Database failover drill' }),
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  it('lists and searches every board behind the admin key', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();
    await page.goto(`${server.httpUrl}/library`);
    await page.getByLabel('Workspace admin key').fill(ADMIN);
    await page.getByRole('button', { name: 'Open the library' }).click();
    const table = page.getByTestId('library-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    const search = page.getByLabel('Search titles, people, factors, cards and actions');
    await search.fill('failover');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await search.fill('Priya');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'library');
    // Sorted by any column, either way.
    await search.fill('');
    const incident = page.getByRole('columnheader', { name: /Incident/ });
    await incident.getByRole('button').click();
    await expect.poll(() => incident.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => table.locator('tbody tr').first().textContent()).toMatch(/^Database failover drill/);
    await incident.getByRole('button').click();
    await expect.poll(() => incident.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => table.locator('tbody tr').last().textContent()).toMatch(/^Database failover drill/);
    await page.context().close();
  });

  it('drills down from a recurring factor to the incidents it appeared in', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();
    const visited: string[] = [];
    page.on('framenavigated', (frame) => visited.push(frame.url()));
    await page.goto(`${server.httpUrl}/library`);
    await page.getByLabel('Workspace admin key').fill(ADMIN);
    await page.getByRole('button', { name: 'Open the library' }).click();
    await page.getByRole('tab', { name: 'Insights' }).click();
    // Metrics by severity and the monthly chart, for a period the manager picks.
    await page.getByTestId('incident-metrics').waitFor();
    await page.getByTestId('trends').waitFor();
    await page
      .getByTestId('factor-trends')
      .getByRole('rowheader', { name: 'Login alert measured the wrong signal' })
      .waitFor();
    await screenshot(page, 'insights-metrics');
    await page.getByRole('heading', { name: /Insights across 3 incidents \(all time\)/ }).waitFor();
    await page.getByLabel('Period').selectOption('custom');
    await page.getByLabel('From', { exact: true }).fill('2099-01-01');
    await page.getByLabel('To', { exact: true }).fill('2099-03-31');
    await page.getByRole('heading', { name: /Insights across 0 incidents \(2099-01-01 to 2099-03-31\)/ }).waitFor();
    await page.getByLabel('Period').selectOption('all');
    const factor = page.getByRole('button', { name: 'Login alert measured the wrong signal' });
    await factor.click();
    const incidents = page.locator('.drill-down a');
    await expect.poll(() => incidents.count()).toBe(2);
    await page.getByText('Misleading or missing signals').first().waitFor();
    await screenshot(page, 'insights');
    await incidents.first().click();
    await page.getByLabel('Display name').fill('Reliability lead');
    await page.getByRole('button', { name: 'Join the board' }).click();
    await page.getByText('View only').waitFor(); // the library opens boards with a view-only link
    await page.locator('[data-card-id]').first().waitFor();
    // The admin key is nowhere the browser keeps things: not in storage, not in any address
    // visited (history), not in the links the home page offers afterwards.
    const kept = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(kept).not.toContain(ADMIN);
    expect(visited.length).toBeGreaterThan(1);
    for (const url of visited) expect(decodeURIComponent(url)).not.toContain(ADMIN);
    expect(page.url()).toMatch(/\/b\/[^#]+#t=/);
    await page.goto(`${server.httpUrl}/`);
    const recent = await page
      .locator('a[href*="/b/"]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(recent.length).toBeGreaterThan(0);
    for (const href of recent) expect(decodeURIComponent(href ?? '')).not.toContain(ADMIN);
    expect((await page.context().cookies()).map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([
      ['retrace_admin', true, 'Strict'],
    ]);
    await page.context().close();
  });

  it('replays the board as it was at an earlier moment', async () => {
    const board = boards[0]!;
    const { page } = await joinAs(browser, `${server.httpUrl}/b/${board.id}#t=${board.tokens.facilitator}`, 'Fay');
    await page.getByPlaceholder(/restarted the pods/).fill('11:10 wrote the summary for the status page');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('tab', { name: 'History' }).click();
    const cards = page.getByTestId('replay-cards').locator('li');
    await expect.poll(() => cards.count()).toBe(16);
    const history = (await page.locator('.history-list').textContent()) ?? '';
    expect(history).toContain('Fay (facilitator link');
    expect(history).toContain('added card “wrote the summary for the status page”');
    const slider = page.getByRole('slider');
    await slider.fill('1'); // just the board's creation
    await expect.poll(() => cards.count()).toBe(15);
    expect(await page.getByTestId('replay-summary').textContent()).toMatch(/15 cards, 5 factors/);
    await screenshot(page, 'replay');
    await page.context().close();
  });

  it('pages through a library larger than one page', async () => {
    const many = tempDataDir();
    const big = await startServer({
      dataDir: many.dir,
      env: { RETRACE_ADMIN_KEY: ADMIN, RETRACE_API_REQUESTS_PER_MINUTE: '100000' },
    });
    try {
      for (let i = 1; i <= 60; i++)
        await fetch(`${big.httpUrl}/api/boards`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: `Drill ${String(i).padStart(2, '0')}` }),
        });
      const page = await (await browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();
      await page.goto(`${big.httpUrl}/library`);
      await page.getByLabel('Workspace admin key').fill(ADMIN);
      await page.getByRole('button', { name: 'Open the library' }).click();
      const rows = page.getByTestId('library-table').locator('tbody tr');
      const pages = page.getByRole('navigation', { name: 'Pages of boards' });
      await pages.getByText('1–50 of 60').waitFor();
      expect(await rows.count()).toBe(50);
      await page
        .getByRole('columnheader', { name: /Incident/ })
        .getByRole('button')
        .click();
      await expect.poll(() => rows.first().textContent()).toMatch(/^Drill 01/);
      await pages.getByRole('button', { name: 'Next' }).click();
      await pages.getByText('51–60 of 60').waitFor();
      await expect.poll(() => rows.count()).toBe(10);
      expect(await rows.first().textContent()).toMatch(/^Drill 51/);
      expect(await pages.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
      await screenshot(page, 'library-page-2');
      await page.context().close();
    } finally {
      await big.stop();
      many.remove();
    }
  });
});
