import { writeFileSync } from 'node:fs';
import { createCard, createLane, editCard, readBoard } from '@retrace/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createBoard } from '../helpers/api';
import { launchChromium, UNCAPPED_FRAMES } from '../helpers/browser';
import { startServer, tempDataDir } from '../helpers/serverProcess';
import { connectClient } from '../helpers/syncClient';
import { waitFor } from '../helpers/waitFor';
import { summarize, type LatencySummary } from './stats';

export interface BrowserBoardResult {
  readonly cards: number;
  readonly lanes: number;
  /** Navigation start → every card rendered and the connection shown as connected (median load). */
  readonly interactiveMs: number;
  /** Every load's figure, in the order measured. */
  readonly interactiveRuns: readonly number[];
  /** Frame-to-frame intervals while a card is dragged across the board. */
  readonly dragFrames: LatencySummary;
  /** Milliseconds from navigation start to each step of opening the board (the median load). */
  readonly loadBreakdown: {
    scriptMs: number;
    sessionMs: number;
    socketOpenMs: number;
    syncedMs: number;
    linkCheckedMs: number;
  };
  /** From the pointer move that starts the drag to the next frame painted. */
  readonly firstFrameMs: number;
  /** Frame-to-frame intervals while a teammate edits cards on the same board. */
  readonly othersEditingFrames: LatencySummary;
}

/** Opens a board of `cards` cards in `lanes` lanes in Chromium and measures load and drag. */
export async function measureBoardInBrowser(cards: number, lanes: number): Promise<BrowserBoardResult> {
  const data = tempDataDir('retrace-bench-browser-');
  const server = await startServer({ dataDir: data.dir, env: { LOG_LEVEL: 'warn' } });
  const browser = await launchChromium(UNCAPPED_FRAMES);
  try {
    const board = await createBoard(server.httpUrl, { title: `${cards} cards`, timeZone: 'UTC' });
    const writer = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await writer.whenSynced();
    const laneIds = Array.from({ length: lanes }, (_, i) => createLane(writer.doc, { name: `Lane ${i + 1}` }));
    const t0 = Date.UTC(2024, 4, 1, 12, 0);
    writer.doc.transact(() => {
      for (let i = 0; i < cards; i++) {
        createCard(writer.doc, {
          text: `Card ${i}: what someone saw at the time`,
          laneId: laneIds[i % lanes]!,
          occurredAt: t0 + Math.floor(i / lanes) * 60_000,
        });
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    writer.destroy();

    // Each load in a fresh profile (nothing stored locally: a newcomer opening the link);
    // the median of LOADS, as one load on two shared cores varies by a factor of two.
    const loads: Load[] = [];
    for (let i = 0; i < LOADS; i++) {
      const fresh = await openProfile(browser);
      loads.push(
        await measureLoad(
          fresh.page,
          fresh.context,
          `${server.httpUrl}/b/${board.id}#t=${board.tokens.viewer}`,
          cards,
          i === 0,
        ),
      );
      await fresh.context.close();
    }
    const byTime = [...loads].sort((a, b) => a.interactiveMs - b.interactiveMs);
    const { interactiveMs, loadBreakdown } = byTime[Math.floor(byTime.length / 2)]!;
    const { context, page } = await openProfile(browser);

    // Drag as an editor (the stored name: no join dialog).
    await page.goto(`${server.httpUrl}/b/${board.id}#t=${board.tokens.editor}`);
    await page.waitForFunction((expected) => document.querySelectorAll('[data-card-id]').length >= expected, cards, {
      timeout: 60_000,
    });
    await waitFor(
      () =>
        page
          .getByTestId('connection')
          .textContent()
          .then((text) => text === 'Connected'),
      'editor connection',
    );
    const card = page.locator('[data-card-id]').nth(Math.floor(cards / 2));
    await card.scrollIntoViewIfNeeded();
    const box = (await card.boundingBox())!;
    // Where the drag starts: the first pointer move 4 px from the press (the sensor's threshold).
    // A string, not a function: the TypeScript loader would inject helpers the page lacks.
    await page.evaluate(`(() => {
      window.__starts = [];
      let down = null;
      document.addEventListener('pointerdown', (e) => { down = { x: e.clientX, y: e.clientY }; }, true);
      document.addEventListener('pointermove', (e) => {
        if (down && Math.hypot(e.clientX - down.x, e.clientY - down.y) >= 4) {
          window.__starts.push(e.timeStamp);
          down = null;
        }
      }, true);
    })()`);
    const dragFrames = await recordFrames(page, 'drag');
    const dragProfile = await profileIfAsked(context, page, 'DRAG_PROFILE', cards);
    await page.mouse.move(box.x + 30, box.y + 30);
    await page.mouse.down();
    for (let step = 1; step <= 120; step++) {
      await page.mouse.move(box.x + 30 + step * 4, box.y + 30 + Math.sin(step / 10) * 120);
    }
    await page.mouse.up();
    await dragProfile();
    const { intervals: frames, times: frameTimes } = await dragFrames();
    const dragStart = (await page.evaluate('window.__starts[0]')) as number | undefined;
    const firstFrame = dragStart === undefined ? undefined : frameTimes.find((time) => time > dragStart);
    const firstFrameMs = dragStart === undefined || firstFrame === undefined ? NaN : firstFrame - dragStart;

    // A teammate edits cards (30 edits, 100 ms apart): this page's frames meanwhile. Each
    // edit should cost this page the card it changed, not a pass over every card.
    const teammate = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await teammate.whenSynced();
    const ids = readBoard(teammate.doc).cards.map((card) => card.id);
    const teammateFrames = await recordFrames(page, 'teammate');
    for (let i = 0; i < 30; i++) {
      editCard(teammate.doc, {
        cardId: ids[(i * 37) % ids.length]!,
        text: `Edited ${i}: what someone saw at the time`,
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { intervals: editFrames } = await teammateFrames();
    teammate.destroy();
    await context.close();
    return {
      cards,
      lanes,
      interactiveMs,
      interactiveRuns: loads.map((load) => load.interactiveMs),
      loadBreakdown,
      dragFrames: summarize(frames),
      firstFrameMs,
      othersEditingFrames: summarize(editFrames),
    };
  } finally {
    await browser.close();
    await server.stop();
    data.remove();
  }
}

/**
 * Records the page's frames from now on (requestAnimationFrame; uncapped here, so a frame
 * lasts as long as its work); the returned function stops and reads them: the intervals
 * between frames (the first, from the start of recording, left out) and each frame's time.
 */
async function recordFrames(
  page: Page,
  name: string,
): Promise<() => Promise<{ intervals: number[]; times: number[] }>> {
  const key = JSON.stringify(`__frames_${name}`);
  await page.evaluate(`(() => {
    const record = { times: [], stopped: false };
    window[${key}] = record;
    const tick = (now) => {
      record.times.push(now);
      if (!record.stopped && record.times.length < 20000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  return async () => {
    const times = (await page.evaluate(`(() => {
      const record = window[${key}];
      record.stopped = true;
      return record.times;
    })()`)) as number[];
    return { intervals: times.slice(1).map((time, i) => time - times[i]!), times };
  };
}

/** Loads of each board measured; the median is reported. */
const LOADS = 5;

type Load = Pick<BrowserBoardResult, 'interactiveMs' | 'loadBreakdown'>;

async function openProfile(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, timezoneId: 'UTC' });
  await context.addInitScript(() => {
    localStorage.setItem(
      'retrace.participant',
      JSON.stringify({ id: 'bench', name: 'Bench', team: '', timeZone: 'UTC', color: '#1f5fbf' }),
    );
  });
  return { context, page: await context.newPage() };
}

/** Opens `url` and waits until every card is rendered and the board shows as connected. */
async function measureLoad(
  page: Page,
  context: BrowserContext,
  url: string,
  cards: number,
  profile: boolean,
): Promise<Load> {
  const loadProfile = profile ? await profileIfAsked(context, page, 'LOAD_PROFILE', cards) : async () => undefined;
  await page.goto(url);
  await page.waitForFunction(
    (expected) =>
      document.querySelectorAll('[data-card-id]').length >= expected &&
      document.querySelector('[data-testid="connection"]')?.textContent === 'Connected',
    cards,
    { polling: 'raf', timeout: 60_000 },
  );
  const interactiveMs = await page.evaluate(() => performance.now());
  // Where the load went: the page's own marks (first of each), and the link check.
  const loadBreakdown = (await page.evaluate(`(() => {
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    const check = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/boards/'));
    return {
      scriptMs: mark('retrace:script'),
      sessionMs: mark('retrace:session'),
      socketOpenMs: mark('retrace:socket-open'),
      syncedMs: mark('retrace:synced'),
      linkCheckedMs: check ? check.responseEnd : NaN,
    };
  })()`)) as BrowserBoardResult['loadBreakdown'];
  await loadProfile();
  return { interactiveMs, loadBreakdown };
}

/**
 * With `LOAD_PROFILE=/tmp/load` (or `DRAG_PROFILE=…`) set, records the page's CPU profile
 * from now until the returned function is called, to `<path>-<cards>.cpuprofile` (open it
 * in Chromium's DevTools; build the client with `vite build --minify false` for names).
 */
async function profileIfAsked(
  context: BrowserContext,
  page: Page,
  variable: 'LOAD_PROFILE' | 'DRAG_PROFILE',
  cards: number,
): Promise<() => Promise<void>> {
  const path = process.env[variable];
  if (!path) return async () => undefined;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(`${path}-${cards}.cpuprofile`, JSON.stringify(profile));
  };
}
