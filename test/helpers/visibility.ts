import type { Locator, Page } from 'playwright-core';

/**
 * How many cards a person can see whole: inside the window and not covered by the sticky
 * axis, lane names or the unknown-time column.
 */
export async function wholeCardsInView(page: Page): Promise<number> {
  let whole = 0;
  for (const card of await page.locator('[data-card-id]').all()) if (await isWholeInView(card)) whole++;
  return whole;
}

/** Whether the element's whole box is visible: each corner, just inside, hits the element. */
export function isWholeInView(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const corners = [
      [box.left + 3, box.top + 3],
      [box.right - 3, box.top + 3],
      [box.left + 3, box.bottom - 3],
      [box.right - 3, box.bottom - 3],
    ] as const;
    return corners.every(
      ([x, y]) =>
        x >= 0 && y >= 0 && x < innerWidth && y < innerHeight && element.contains(document.elementFromPoint(x, y)),
    );
  });
}

/** The page scrolls sideways (the layout is wider than the window). */
export function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}
