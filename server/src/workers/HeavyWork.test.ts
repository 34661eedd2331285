import { initBoard } from '@retrace/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger';
import { HeavyWork } from './HeavyWork';

describe('heavy work off the event loop', () => {
  it('runs a task in a worker thread, and small ones inline, with the same answer', async () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Login outage', timeZone: 'Europe/Berlin' });
    const state = [{ data: Y.encodeStateAsUpdate(doc), seq: 1 }];
    const threaded = new HeavyWork({ log: createLogger('silent'), inlineBelowBytes: 0 });
    const inline = new HeavyWork({ log: createLogger('silent') });
    try {
      const [fromThread, fromInline] = await Promise.all([
        threaded.run('meta', { state }, 1_000),
        inline.run('meta', { state }, 10),
      ]);
      expect(fromThread.title).toBe('Login outage');
      expect(fromThread).toEqual(fromInline);
    } finally {
      await threaded.close();
      await inline.close();
    }
  });

  it('answers a failing task with an error and keeps working', async () => {
    const work = new HeavyWork({ log: createLogger('silent'), inlineBelowBytes: 0 });
    try {
      await expect(work.run('meta', { state: null as never }, 1_000)).rejects.toThrow();
      const doc = new Y.Doc();
      initBoard(doc, { title: 'Still here', timeZone: 'UTC' });
      expect((await work.run('meta', { state: [{ data: Y.encodeStateAsUpdate(doc), seq: 1 }] }, 1_000)).title).toBe(
        'Still here',
      );
    } finally {
      await work.close();
    }
  });

  it('sends a report to a worker even when small, and the worker loads the language checker for it', async () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Small board', timeZone: 'UTC' });
    const state = [{ data: Y.encodeStateAsUpdate(doc), seq: 1 }];
    const work = new HeavyWork({ log: createLogger('silent') }); // inline below 128 KiB
    try {
      const report = await work.run('report', { state, log: [], format: 'md', now: 0 }, 10);
      expect(report.body).toContain('## Language check');
    } finally {
      await work.close();
    }
  });
});
