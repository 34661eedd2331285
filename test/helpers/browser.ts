import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from './serverProcess';

/** Debian's Chromium, driven by playwright-core (no browser download). */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('chromium is not installed: run scripts/install-system-deps.sh');
  }
}

export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * Frames as fast as the page can make them (no 60 Hz cap): a frame's interval is then the
 * work it took, which is what a drag benchmark needs to compare.
 */
export const UNCAPPED_FRAMES = ['--disable-frame-rate-limit', '--disable-gpu-vsync'] as const;

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test/artifacts/screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export interface Participant {
  readonly context: BrowserContext;
  readonly page: Page;
}

/** A person in their own browser profile, who opened `link` and joined as `name`. */
export async function joinAs(
  browser: Browser,
  link: string,
  name: string,
  options: {
    timezoneId?: string;
    viewport?: { width: number; height: number };
    /** A device clock this far off (Date.now in the page), like a laptop that is not synced. */
    clockSkewMs?: number;
  } = {},
): Promise<Participant> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1400, height: 900 },
    timezoneId: options.timezoneId ?? 'Europe/Berlin',
  });
  if (options.clockSkewMs) {
    await context.addInitScript((skew: number) => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + skew;
    }, options.clockSkewMs);
  }
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${name}] page error: ${error.message}`));
  await page.goto(link);
  await page.getByLabel('Display name').fill(name);
  await page.getByRole('button', { name: 'Join the board' }).click();
  await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
  return { context, page };
}

/** The card element showing `text` (exact card text). */
export function cardByText(page: Page, text: string) {
  return page.locator('[data-card-id]').filter({ has: page.locator('.card-text', { hasText: text }) });
}

/** The lane id of the lane row that contains the card with `text`. */
export async function laneOfCard(page: Page, text: string): Promise<string | null> {
  return cardByText(page, text).locator('xpath=ancestor::section[@data-lane-row]').getAttribute('data-lane-row');
}

export async function laneIdByName(page: Page, name: string): Promise<string> {
  const id = await page
    .locator('section[data-lane-row]')
    .filter({ has: page.locator('.lane-name', { hasText: name }) })
    .first()
    .getAttribute('data-lane-row');
  if (!id) throw new Error(`no lane named ${name}`);
  return id;
}
