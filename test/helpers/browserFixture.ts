import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createBoard, type CreatedBoard } from './api';
import { joinAs, launchChromium, type Participant } from './browser';
import { startServer, tempDataDir, type ServerProcess } from './serverProcess';

export interface BrowserBoard {
  server: ServerProcess;
  browser: Browser;
  board: CreatedBoard;
  /** The share link of `role` on this board. */
  link(role: keyof CreatedBoard['tokens']): string;
}

/** A built server, Chromium and one board for a browser test file; all torn down after it. */
export function useBrowserBoard(body: Record<string, unknown> = { title: 'Test incident' }): BrowserBoard {
  const data = tempDataDir();
  const fixture = {
    link(role: keyof CreatedBoard['tokens']) {
      return `${fixture.server.httpUrl}/b/${fixture.board.id}#t=${fixture.board.tokens[role]}`;
    },
  } as BrowserBoard;
  beforeAll(async () => {
    fixture.server = await startServer({ dataDir: data.dir });
    fixture.browser = await launchChromium();
    fixture.board = await createBoard(fixture.server.httpUrl, body);
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.server?.stop();
    data.remove();
  });
  return fixture;
}

/** The board every browser test uses: an incident window on 2024-05-01, 10:00–11:00 Berlin. */
export const CHECKOUT_INCIDENT = {
  title: 'Checkout errors after the payments deploy',
  timeZone: 'Europe/Berlin',
  startedAt: Date.UTC(2024, 4, 1, 8, 0),
  resolvedAt: Date.UTC(2024, 4, 1, 9, 0),
};

/** Alice (facilitator) and Bob (editor) in their own browser profiles, joined before the tests. */
export function useAliceAndBob(fx: BrowserBoard): { alice: Participant; bob: Participant } {
  const people = {} as { alice: Participant; bob: Participant };
  beforeAll(async () => {
    people.alice = await joinAs(fx.browser, fx.link('facilitator'), 'Alice');
    people.bob = await joinAs(fx.browser, fx.link('editor'), 'Bob');
  });
  return people;
}
