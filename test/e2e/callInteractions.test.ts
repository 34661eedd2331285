import { boardRoots, moveCard, readBoard } from '@retrace/shared';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cardByText, joinAs, laneIdByName, screenshot, type Participant } from '../helpers/browser';
import { CHECKOUT_INCIDENT, useBrowserBoard } from '../helpers/browserFixture';
import { seedIncident } from '../helpers/seededIncident';
import { connectClient } from '../helpers/syncClient';
import { isWholeInView } from '../helpers/visibility';
import { waitFor } from '../helpers/waitFor';

const focusedCardId = (page: Page) =>
  page.evaluate(
    () =>
      (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-card-id]')?.dataset['cardId'] ?? null,
  );
const announced = (page: Page) => page.getByTestId('announcer').textContent();
/** Where the tick for `clock` sits on screen (null when it is not rendered). */
const tickX = (page: Page, clock: string) =>
  page.evaluate((text) => {
    const tick = Array.from(document.querySelectorAll('.tick')).find((t) => t.textContent === text);
    return tick ? tick.getBoundingClientRect().left : null;
  }, clock);

/**
 * Keyboard, screen-reader and focus behaviour during a call: the skip link, the card menu's
 * keys, the side panel's tabs and drawer, what the live region says, my view left alone by
 * other people's edits, and every card I add or move brought into view.
 */
describe('the board during a call, by keyboard and screen reader', () => {
  const fx = useBrowserBoard(CHECKOUT_INCIDENT);
  let fay: Participant;
  let eli: Participant;
  beforeAll(async () => {
    await seedIncident(fx.server.wsUrl, fx.board);
    fay = await joinAs(fx.browser, fx.link('facilitator'), 'Fay', { viewport: { width: 1440, height: 900 } });
    eli = await joinAs(fx.browser, fx.link('editor'), 'Eli', { viewport: { width: 900, height: 800 } });
    await cardByText(eli.page, 'Roll back v2.31').waitFor();
  });

  it('skips to the board from the first Tab, and reaches a card in a few more', async () => {
    const { page } = eli;
    await page.reload();
    await cardByText(page, 'Roll back v2.31').waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to the timeline' });
    expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    let presses = 0;
    while (!(await focusedCardId(page)) && presses < 8) {
      await page.keyboard.press('Tab');
      presses++;
    }
    expect(await focusedCardId(page)).not.toBeNull();
    expect(presses).toBeLessThanOrEqual(6);
    expect(page.url()).toContain('#t='); // the link's token is still in the address
  });

  it('runs the card menu as a WAI-ARIA menu: arrows, Home, End, a letter, Escape', async () => {
    const { page } = eli;
    const button = cardByText(page, 'Roll back v2.31').getByRole('button', { name: /^Actions for card/ });
    await button.focus();
    await page.keyboard.press('Enter');
    const focusedItem = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    expect(await focusedItem()).toBe('Edit text');
    await page.keyboard.press('ArrowDown');
    expect(await focusedItem()).toBe('Move to…');
    await page.keyboard.press('End');
    expect(await focusedItem()).toBe('Delete (undo brings it back)');
    await page.keyboard.press('ArrowDown');
    expect(await focusedItem()).toBe('Edit text'); // wraps
    await page.keyboard.press('ArrowUp');
    expect(await focusedItem()).toBe('Delete (undo brings it back)');
    await page.keyboard.press('Home');
    await page.keyboard.press('m');
    expect(await focusedItem()).toBe('Move to…');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);
    // The kind is a set of radio items; choosing one keeps the card where it is.
    await page.keyboard.press('ArrowDown');
    await page.getByRole('menuitemradio', { name: /Action/ }).press('Enter');
    await expect.poll(() => cardByText(page, 'Roll back v2.31').locator('.kind-tag').textContent()).toContain('Action');
  });

  it('tells screen readers how to move every card, and a card never touched before picks up from the keyboard', async () => {
    const { page } = eli;
    const descriptions = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-card-id]')).map((card) => {
        const id = card.getAttribute('aria-describedby');
        return id ? (document.getElementById(id)?.textContent ?? 'missing') : 'none';
      }),
    );
    expect(descriptions.length).toBeGreaterThan(10);
    for (const text of descriptions) expect(text).toContain('press Space');
    // The drag hook mounts when a card takes focus: Space then picks it up at once.
    const card = cardByText(page, 'Error rate unchanged after restart');
    await card.focus();
    await page.keyboard.press('Space');
    await page.getByTestId('drag-label').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('drag-label').waitFor({ state: 'detached' });
    expect(await card.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('opens the side panel as a drawer on half a screen: focus moves in, Escape returns', async () => {
    const { page } = eli;
    const toggle = page.getByRole('button', { name: 'Factors & actions' });
    await toggle.click();
    const factors = page.getByRole('tab', { name: 'Factors' });
    await expect.poll(() => factors.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('tab', { name: 'Actions' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tab', { name: 'Actions' }).evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.press('End');
    await expect.poll(() => page.getByRole('tab', { name: 'History' }).getAttribute('aria-selected')).toBe('true');
    await screenshot(page, 'drawer-900x800');
    await page.keyboard.press('Escape');
    await page.getByRole('complementary', { name: /Factors, actions/ }).waitFor({ state: 'detached' });
    expect(await toggle.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('announces the phase, the spotlight and the timer running out through a live region', async () => {
    await fay.page.getByRole('button', { name: 'Next: Timeline' }).click();
    await expect.poll(() => announced(eli.page)).toMatch(/^Phase 2 of 6: Timeline\./);
    await cardByText(fay.page, 'Restarted the payments pods')
      .getByRole('button', { name: /^Actions for card/ })
      .click();
    await fay.page.getByRole('menuitem', { name: 'Spotlight for everyone' }).click();
    await expect
      .poll(() => announced(eli.page))
      .toBe('The facilitator spotlights the card “Restarted the payments pods”.');
    // Eli's view scrolls to it, clear of the sticky lane names and unknown-time column.
    await waitFor(() => isWholeInView(cardByText(eli.page, 'Restarted the payments pods')), 'the spotlit card in view');
    // The timer: Eli's clock runs ahead (as if two minutes passed) once Fay starts it.
    await eli.page.clock.install();
    await fay.page.getByLabel('Timer length').selectOption('2');
    await fay.page.getByRole('button', { name: 'Start timer' }).click();
    await eli.page.getByRole('timer').waitFor();
    await eli.page.clock.fastForward('02:05');
    await expect.poll(() => announced(eli.page)).toBe('Time is up for this phase.');
    await eli.page.clock.resume();
  });

  it('says when someone else moves the card I am on, and keeps my focus on it', async () => {
    const { page } = eli;
    const card = cardByText(page, 'Error rate unchanged after restart');
    await card.focus();
    const id = (await card.getAttribute('data-card-id'))!;
    const support = await laneIdByName(page, 'Support');
    const bob = connectClient(fx.server.wsUrl, fx.board.id, fx.board.tokens.editor);
    try {
      await bob.whenSynced();
      const at = Date.UTC(2024, 4, 1, 8, 40);
      moveCard(bob.doc, { cardId: id, laneId: support, occurredAt: at, precision: 'minute' });
      await expect
        .poll(() => announced(page))
        .toBe('Someone moved the card you are on, “Error rate unchanged after restart”, to Support, 10:40.');
      await expect.poll(() => focusedCardId(page)).toBe(id);
      // My own move of it (by keyboard) is not announced to me as someone else's.
      const said = await announced(page);
      await page.keyboard.press('Space');
      await page.getByTestId('drag-label').waitFor();
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.getByTestId('drag-label').textContent()).toContain('10:41');
      await page.keyboard.press('Space');
      await expect
        .poll(() => readBoard(bob.doc).cards.find((c) => c.id === id)?.place.occurredAt)
        .toBe(Date.UTC(2024, 4, 1, 8, 41));
      expect(await announced(page)).toBe(said);
    } finally {
      bob.destroy();
    }
  });

  it('places each card once when the board opens: measured and fitted before the cards render', async () => {
    // Watch every card element from the first script on: how often cards are inserted and
    // whether any card's position (its style) changes after insertion.
    const page = await eli.context.newPage();
    try {
      await page.addInitScript(() => {
        const seen = { inserted: 0, moved: 0 };
        const known = new WeakSet<Element>();
        (window as unknown as { __cards: typeof seen }).__cards = seen;
        new MutationObserver((records) => {
          for (const record of records) {
            if (record.type === 'attributes' && (record.target as Element).hasAttribute('data-card-id')) seen.moved++;
            for (const node of Array.from(record.addedNodes)) {
              if (!(node instanceof Element)) continue;
              for (const card of [node, ...Array.from(node.querySelectorAll('[data-card-id]'))]) {
                if (!card.matches('[data-card-id]') || known.has(card)) continue;
                known.add(card); // a card element seen before was only moved, not made again
                seen.inserted++;
              }
            }
          }
        }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['style'] });
      });
      await page.goto(fx.link('editor'));
      await cardByText(page, 'Roll back v2.31').waitFor();
      await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
      await page.waitForTimeout(500); // the fit and any late measurement have run by now
      const cards = await page.locator('[data-card-id]').count();
      const seen = await page.evaluate(
        () => (window as unknown as { __cards: { inserted: number; moved: number } }).__cards,
      );
      // Rendered at a guessed width and the default zoom first, every card moved once more.
      // Distinct card elements: a card made twice (remounted) counts twice.
      expect(seen).toEqual({ inserted: cards, moved: 0 });
    } finally {
      await page.close();
    }
  });

  it('keeps my zoom and scroll when others edit; Fit shows the incident; resizing refits', async () => {
    const { page } = fay; // 1440×900
    const timeline = page.getByTestId('timeline');
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await timeline.evaluate((element) => (element.scrollLeft = 300));
    const ticks = () => page.locator('.tick').allTextContents();
    const before = { ticks: await ticks(), left: await timeline.evaluate((e) => e.scrollLeft) };
    const firstTick = before.ticks[3]!;
    const x = await tickX(page, firstTick);
    // Bob adds cards far before and after the incident: the board grows, my view does not move.
    const bob = connectClient(fx.server.wsUrl, fx.board.id, fx.board.tokens.editor);
    try {
      await bob.whenSynced();
      const laneId = readBoard(bob.doc).lanes[0]!.id;
      const { createCard } = await import('@retrace/shared');
      createCard(bob.doc, {
        text: 'Certificate renewed early that morning',
        laneId,
        occurredAt: Date.UTC(2024, 4, 1, 5, 0),
      });
      createCard(bob.doc, { text: 'Post-incident check passed', laneId, occurredAt: Date.UTC(2024, 4, 1, 12, 0) });
      await cardByText(page, 'Post-incident check passed').waitFor({ state: 'attached' });
      await expect.poll(async () => Math.abs((await tickX(page, firstTick))! - x!)).toBeLessThan(1);
      expect(boardRoots(bob.doc).cards.size).toBeGreaterThan(14);
    } finally {
      bob.destroy();
    }
    // Fit: 10:00 and 11:00 (the incident, Berlin time) are both on screen in the time area.
    await page.getByRole('button', { name: 'Fit' }).click();
    const area = async () => {
      const scroller = (await timeline.boundingBox())!;
      const tray = (await page.locator('.tray-corner').boundingBox())!;
      return { left: tray.x + tray.width, right: scroller.x + scroller.width };
    };
    const fits = async () => {
      const { left, right } = await area();
      const start = await tickX(page, '10:00');
      const end = await tickX(page, '11:00');
      return start !== null && end !== null && start >= left - 1 && end <= right;
    };
    await waitFor(fits, 'the incident to fit the width after Fit');
    // Resizing refits while auto-fit is on.
    await page.setViewportSize({ width: 1100, height: 800 });
    await waitFor(fits, 'the incident to fit again after resizing');
    await page.setViewportSize({ width: 1440, height: 900 });
    await waitFor(fits, 'the incident to fit again after widening');
  });

  it('brings every card I add or move into view and highlights it: double-click, import, move to', async () => {
    const { page } = eli; // 900×800
    await page.getByRole('button', { name: 'Go to my lane' }).click();
    const own = page.locator(`[data-lane-row="${await laneIdByName(page, 'Eli')}"]`);
    // Once the (smooth) scroll to my lane has come to rest.
    let previous = '';
    await waitFor(async () => {
      const now = JSON.stringify(await own.boundingBox());
      const still = now === previous && (await isWholeInView(own.locator('.lane-header')));
      previous = now;
      return still;
    }, 'my lane in view and still');
    // Double-click on my lane's time area: the composer opens there; Enter adds the card.
    const area = (await own.locator('.time-area').boundingBox())!;
    await page.mouse.dblclick(area.x + area.width / 2, area.y + 20);
    await page.getByRole('textbox', { name: /^New card at/ }).fill('Saw the banner twice');
    await page.keyboard.press('Enter');
    const added = cardByText(page, 'Saw the banner twice');
    await added.waitFor();
    expect(await added.getAttribute('class')).toContain('just-added');
    await waitFor(() => isWholeInView(added), 'the double-clicked card in view');

    // Import: the imported cards are highlighted and the first is brought into view.
    await page.getByRole('button', { name: 'More board tools' }).click();
    await page.getByRole('menuitem', { name: 'Import a timeline…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a timeline' });
    await dialog.getByRole('textbox', { name: 'Log', exact: true }).fill('[10:58] eli: cache purged on all edges');
    await dialog.getByRole('button', { name: /^Import 1 card/ }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    const imported = cardByText(page, 'cache purged on all edges');
    await imported.waitFor();
    expect(await imported.getAttribute('class')).toContain('just-added');
    await waitFor(() => isWholeInView(imported), 'the imported card in view');

    // Move to…: the card goes to the last lane, far down; it is followed there.
    const lanes = await page.locator('section[data-lane-row] .lane-name').allTextContents();
    const last = lanes[lanes.length - 1]!;
    await imported.getByRole('button', { name: /^Actions for card/ }).click();
    await page.getByRole('menuitem', { name: 'Move to…' }).click();
    const move = page.getByRole('dialog');
    await move.getByLabel('Lane').selectOption({ label: last });
    await move.getByRole('button', { name: 'Move' }).click();
    await expect.poll(async () => (await imported.getAttribute('class')) ?? '').toContain('just-added');
    await waitFor(() => isWholeInView(cardByText(page, 'cache purged on all edges')), 'the moved card in view');
    await screenshot(page, 'reveal-after-move-900x800');
  });
});
