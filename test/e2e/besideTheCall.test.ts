import { beforeAll, describe, expect, it } from 'vitest';
import { cardByText, joinAs, laneIdByName, laneOfCard, screenshot } from '../helpers/browser';
import { CHECKOUT_INCIDENT, useBrowserBoard } from '../helpers/browserFixture';
import { seedIncident } from '../helpers/seededIncident';
import { isWholeInView, scrollsSideways, wholeCardsInView } from '../helpers/visibility';
import { waitFor } from '../helpers/waitFor';

/**
 * Most participants keep the board in half a laptop screen beside the video call. At each of
 * these window sizes a newcomer sees their own lane and at least five cards whole, and can
 * add, read, edit and move cards with mouse and keyboard, without sideways page scrolling.
 */
const SIZES = [
  { width: 720, height: 700 },
  { width: 900, height: 800 },
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
] as const;

const minutes = (clock: string) => {
  const [h, m] = clock.replace('~', '').split(':').map(Number);
  return h! * 60 + m!;
};

describe('the board beside a video call', () => {
  const fx = useBrowserBoard(CHECKOUT_INCIDENT);
  beforeAll(async () => seedIncident(fx.server.wsUrl, fx.board));

  for (const size of SIZES) {
    const name = `Nia ${size.width}`;
    it(`at ${size.width}×${size.height}: own lane and five cards in view; add, read, edit and move cards`, async () => {
      const { page, context } = await joinAs(fx.browser, fx.link('editor'), name, { viewport: size });
      try {
        await cardByText(page, 'Roll back v2.31').waitFor();
        const ownLane = page.locator(`[data-lane-row="${await laneIdByName(page, name)}"] .lane-header`);
        await waitFor(() => isWholeInView(ownLane), `${name}'s own lane in view`);
        await screenshot(page, `beside-call-${size.width}x${size.height}`);
        await waitFor(async () => (await wholeCardsInView(page)) >= 5, 'five cards whole in view');
        expect(await scrollsSideways(page)).toBe(false);
        if (size.width < 1100) {
          // One compact row each for the header and the facilitation bar.
          expect((await page.locator('.board-header').boundingBox())!.height).toBeLessThanOrEqual(56);
          expect((await page.getByRole('region', { name: 'Facilitation' }).boundingBox())!.height).toBeLessThanOrEqual(
            48,
          );
          // The side panel is a drawer, closed until asked for.
          expect(await page.getByRole('complementary', { name: /Factors, actions/ }).count()).toBe(0);
        }
        await screenshot(page, `beside-call-${size.width}x${size.height}`);

        // Add: the card lands in view, highlighted for the person who added it.
        const text = `banner flickered for ${name}`;
        const input = page.getByLabel(/What happened/);
        await input.fill(`10:33 ${text}`);
        await input.press('Enter');
        const added = cardByText(page, text);
        await added.waitFor();
        expect(await added.getAttribute('class')).toContain('just-added');
        await waitFor(() => isWholeInView(added), 'the new card scrolled into view');
        await screenshot(page, `beside-call-${size.width}x${size.height}-added`);

        // Read: the full times without a tooltip, from the keyboard.
        const time = added.getByRole('button', { name: '10:33, time details' });
        await time.focus();
        await page.keyboard.press('Enter');
        await page.getByText(/^Incident reference: /).waitFor();
        await page.keyboard.press('Escape');
        await page.getByText(/^Incident reference: /).waitFor({ state: 'detached' });

        // Edit with the keyboard: Enter on the card, type, Enter.
        await added.focus();
        await page.keyboard.press('Enter');
        const editor = page.getByLabel('Card text');
        await editor.fill(`${text} (twice)`);
        await editor.press('Enter');
        const edited = cardByText(page, `${text} (twice)`);
        await edited.waitFor();

        // Move with the keyboard: Space picks it up, arrows move it by minutes, Space drops.
        const label = page.getByTestId('drag-label');
        await edited.focus();
        await page.keyboard.press('Space');
        await label.waitFor();
        await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
        for (let i = 1; i <= 3; i++) {
          await page.keyboard.press('ArrowRight');
          await expect.poll(() => label.textContent()).toContain(`10:${33 + i}`);
        }
        await page.keyboard.press('Space');
        await expect.poll(() => edited.locator('time').textContent()).toBe('10:36');

        // Move with the mouse: onto the lane shown below my own, a few minutes later.
        const below = (await page.locator('section[data-lane-row]').nth(1).getAttribute('data-lane-row'))!;
        const belowRow = page.locator(`[data-lane-row="${below}"]`);
        const from = (await edited.boundingBox())!;
        const to = (await belowRow.boundingBox())!;
        await page.mouse.move(from.x + 30, from.y + 40);
        await page.mouse.down();
        await page.mouse.move(from.x + 40, from.y + 40, { steps: 3 });
        await page.mouse.move(from.x + 70, to.y + to.height / 2, { steps: 12 });
        await page.mouse.up();
        await expect.poll(() => laneOfCard(page, `${text} (twice)`)).toBe(below);
        expect(minutes((await edited.locator('time').textContent())!)).toBeGreaterThan(minutes('10:36'));
        expect(await scrollsSideways(page)).toBe(false);

        // The list view fits the width too (it needed sideways scrolling at 900 px). A click
        // within 50 ms of a drop is swallowed by @dnd-kit (it stops the drop's own click):
        // a person is never that quick, the test waits as long.
        await page.waitForTimeout(60);
        await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'List' }).click();
        const list = page.locator('.list-view');
        await list.locator('tbody tr').first().waitFor();
        expect(await list.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
        expect(await scrollsSideways(page)).toBe(false);
        await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Timeline' }).click();
      } finally {
        await context.close();
      }
    });
  }
});
