import path from 'node:path';
import { readBoard, readInbox } from '@retrace/shared';
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { cardByText, laneIdByName, screenshot } from '../helpers/browser';
import { CHECKOUT_INCIDENT, useAliceAndBob, useBrowserBoard } from '../helpers/browserFixture';
import { REPO_ROOT } from '../helpers/serverProcess';
import { connectClient } from '../helpers/syncClient';
import { waitFor } from '../helpers/waitFor';

const FIXTURES = path.join(REPO_ROOT, 'shared/src/import/__fixtures__');

describe('from a Slack export to the timeline through the evidence inbox, in Chromium', () => {
  const fx = useBrowserBoard(CHECKOUT_INCIDENT);
  const people = useAliceAndBob(fx);

  it('reads the public export zip as delivered: channels to pick, bots and files kept, skips explained', async () => {
    const { page } = people.alice;
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a timeline' });
    await dialog
      .getByLabel('Or upload a file')
      .setInputFiles(path.join(FIXTURES, 'slack-export-viewer-testarchive.zip'));
    await dialog.getByText(/Slack export slack-export-viewer-testarchive\.zip/).waitFor();
    // Two channels: both are read; no time window (the board's incident is another day).
    await dialog.getByLabel('From (Europe/Berlin)').fill('');
    await dialog.getByLabel('To', { exact: true }).fill('');
    await dialog.getByRole('checkbox', { name: /#traveling-sailor/ }).uncheck();
    await dialog.getByText(/items are left out, each with its reason/).click();
    await dialog
      .getByText(/enrique\/2016-01-14\.json, message \d+: someone joined the channel/)
      .first()
      .waitFor();
    const preview = dialog.getByTestId('import-preview');
    await preview.getByText('Harry Potter').first().waitFor();
    expect(await preview.getByText(/U0BMYT2FL/).count()).toBe(0);
    expect(await dialog.getByRole('radio', { name: /Evidence inbox/ }).isChecked()).toBe(true);
    await screenshot(page, 'import-slack-zip');
    const button = dialog.getByRole('button', { name: /^Add \d+ to the inbox$/ });
    const count = Number(/Add (\d+)/.exec((await button.textContent()) ?? '')![1]);
    expect(count).toBeGreaterThan(40);
    await button.click();
    await dialog.getByText(`Added ${count} items to the evidence inbox. Place the ones that matter.`).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Nothing flooded the timeline; everyone sees the inbox fill.
    const watcher = connectClient(fx.server.wsUrl, fx.board.id, fx.board.tokens.viewer);
    await watcher.whenSynced();
    await waitFor(() => readInbox(watcher.doc).length === count, 'the inbox reaches a third client');
    expect(readBoard(watcher.doc).cards).toHaveLength(0);
    watcher.destroy();
  });

  it('lets another participant search the inbox and place items by button, by lane and by dragging', async () => {
    const bob = people.bob.page;
    await bob.getByRole('tab', { name: /Inbox/ }).click();
    const panel = bob.locator('.inbox-panel');
    // Items are found by id: the list re-renders as the search changes.
    const itemById = async (index: number) => {
      const id = await panel.locator('.inbox-item').nth(index).getAttribute('data-inbox-id');
      const item = panel.locator(`.inbox-item[data-inbox-id="${id}"]`);
      return { item, text: (await item.locator('.inbox-text').textContent())! };
    };
    await panel.getByRole('searchbox', { name: 'Search the inbox' }).fill('setup.py');
    await panel.getByText(/match\.$/).waitFor();
    const { item: first, text } = await itemById(0);
    expect(text).toContain('setup.py');
    await first.getByRole('button', { name: /^Place on the timeline/ }).click();
    // The one who placed it is shown where it landed (2016, the export's own time); everyone has it.
    await cardByText(bob, text.slice(0, 40)).waitFor();
    const watcher = connectClient(fx.server.wsUrl, fx.board.id, fx.board.tokens.viewer);
    await watcher.whenSynced();
    await waitFor(() => readBoard(watcher.doc).cards.some((c) => c.text === text), 'the placed card reaches others');
    expect(readBoard(watcher.doc).cards.find((c) => c.text === text)!.place.occurredAt).toBeLessThan(
      Date.UTC(2017, 0, 1),
    );
    await panel.getByRole('checkbox', { name: 'Show placed and set aside' }).check();
    await panel.locator('.inbox-item.placed').first().getByText('On the timeline.').waitFor();
    await panel.getByRole('checkbox', { name: 'Show placed and set aside' }).uncheck();

    // Into a chosen lane with the keyboard-reachable lane picker.
    await panel.getByRole('searchbox', { name: 'Search the inbox' }).fill('');
    await panel.getByText(/match\.$/).waitFor({ state: 'detached' });
    const { item: second, text: secondFull } = await itemById(0);
    await second.getByRole('combobox', { name: 'Place in lane' }).selectOption({ label: 'Alice' });
    // Checked in the shared document: the 2016 card may be far outside the part of the timeline drawn.
    const aliceLane = await laneIdByName(bob, 'Alice');
    await waitFor(
      () => readBoard(watcher.doc).cards.some((c) => c.text === secondFull && c.place.laneId === aliceLane),
      'the card placed in Alice’s lane',
    );

    // By dragging onto Bob's lane.
    await second.waitFor({ state: 'detached' });
    const { item: third, text: thirdFull } = await itemById(0);
    const lane = bob.locator(`section[data-lane-row="${await laneIdByName(bob, 'Bob')}"]`);
    // The card placed a moment ago is scrolled into view (smoothly): measure once nothing moves.
    await lane.scrollIntoViewIfNeeded();
    const from = await stableBox(third.locator('.inbox-drag'));
    const to = await stableBox(lane);
    await bob.mouse.move(from.x + 20, from.y + 10);
    await bob.mouse.down();
    await bob.mouse.move(from.x + 40, from.y + 14, { steps: 4 });
    await bob.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
    await bob.mouse.up();
    const bobLane = await laneIdByName(bob, 'Bob');
    await waitFor(
      () => readBoard(watcher.doc).cards.some((c) => c.text === thirdFull && c.place.laneId === bobLane),
      'the card dropped on Bob’s lane',
    );
    expect(readBoard(watcher.doc).cards).toHaveLength(3);
    watcher.destroy();
    await screenshot(bob, 'evidence-inbox');
  });

  it('reads an unzipped export folder with threads, mentions and a deleted message', async () => {
    const { page } = people.alice;
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a timeline' });
    await dialog
      .getByLabel('or an unzipped Slack export folder')
      .setInputFiles(path.join(FIXTURES, 'slack-incident-export'));
    await dialog.getByText('Slack export slack-incident-export').waitFor();
    await dialog.getByRole('checkbox', { name: /#inc-checkout/ }).check();
    await dialog.getByLabel('From (Europe/Berlin)').fill('');
    await dialog.getByLabel('To', { exact: true }).fill('');
    const preview = dialog.getByTestId('import-preview');
    await preview
      .getByText('@here checkout 5xx are climbing, looking. @Ben Okafor did the 09:41 release finish?')
      .waitFor();
    expect(await preview.getByText(/Support queue/).count()).toBe(0);
    await dialog.getByRole('radio', { name: 'Straight onto the timeline' }).check();
    await dialog.getByRole('button', { name: /^Import \d+ cards$/ }).click();
    await dialog.getByText(/^Imported \d+ cards and \d+ new lanes\.$/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await cardByText(people.bob.page, 'rolling back to 2024.05.01-2').waitFor();
    await laneIdByName(people.bob.page, 'Chloé Meyer');
  });
});

/** A box measured twice 100 ms apart with the same result: any scrolling has settled. */
async function stableBox(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  let last = await locator.boundingBox();
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await locator.boundingBox();
    if (now && last && now.x === last.x && now.y === last.y) return now;
    last = now;
  }
  throw new Error('the element kept moving');
}
