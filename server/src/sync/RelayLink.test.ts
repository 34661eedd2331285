import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { SqliteBoardStorage } from '../storage/SqliteBoardStorage';
import { UpdateWriter } from '../storage/UpdateWriter';
import { LocalRelayHub } from '../testing/LocalRelay';
import { RelayLink } from './RelayLink';

describe('relay link: updates from other processes, catch-up and custody', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function setup(holdMs = 50) {
    const dir = mkdtempSync(path.join(tmpdir(), 'retrace-relay-'));
    dirs.push(dir);
    const storage = new SqliteBoardStorage({ dataDir: dir });
    await storage.createBoard({
      id: 'b1',
      createdAt: 0,
      actor: 'x',
      initialUpdate: new Uint8Array([0, 0]),
      tokens: [],
    });
    const writer = new UpdateWriter(storage);
    const hub = new LocalRelayHub();
    const here = hub.endpoint();
    const elsewhere = hub.endpoint();
    const applied: Uint8Array[] = [];
    const link = new RelayLink(
      {
        boardId: 'b1',
        relay: here,
        storage,
        writer,
        log: createLogger('silent'),
        resyncMs: 60_000,
        holdMs,
        applyUpdate: (data) => {
          applied.push(data);
          return 'applied';
        },
        onAwareness: () => undefined,
        onRevoke: () => undefined,
      },
      1,
    );
    return { storage, writer, link, elsewhere, applied };
  }

  const update = (n: number) => new Uint8Array([0, 1, n]);

  it('applies a stored update another process relays, and advances the watermark only without gaps', async () => {
    const { link, elsewhere, applied, storage } = await setup();
    elsewhere.publish('b1', {
      kind: 'update',
      seq: 3,
      id: 'aa'.repeat(8),
      data: update(3),
      actor: 'editor:x',
      receivedAt: 1,
    });
    expect(applied).toHaveLength(1);
    expect(link.appliedThrough).toBe(1); // seq 2 not seen yet
    link.markSeen(2);
    expect(link.appliedThrough).toBe(3);
    link.stop();
    await storage.close();
  });

  it('stores an update shown before it was stored, unless its process says it stored it', async () => {
    const { link, elsewhere, storage, writer } = await setup(50);
    const shown = (n: number, id: string) =>
      elsewhere.publish('b1', { kind: 'update', seq: 0, id, data: update(n), actor: 'editor:b', receivedAt: n });
    shown(7, '01'.repeat(8));
    shown(8, '02'.repeat(8));
    elsewhere.publish('b1', { kind: 'stored', id: '01'.repeat(8), seq: 2 }); // the first one was stored there
    await new Promise((resolve) => setTimeout(resolve, 120));
    await writer.whenIdle();
    const log = await storage.readUpdateLog('b1');
    // Only the second: its process died (no notice), so this one stored it, with its author.
    expect(log.slice(1).map((entry) => [entry.data[2], entry.actor])).toEqual([[8, 'editor:b']]);
    link.stop();
    await storage.close();
  });

  it('hands every held copy to the writer when it stops (the process is leaving)', async () => {
    const { link, elsewhere, storage, writer } = await setup(60_000);
    elsewhere.publish('b1', {
      kind: 'update',
      seq: 0,
      id: '03'.repeat(8),
      data: update(9),
      actor: 'editor:b',
      receivedAt: 9,
    });
    link.stop();
    await writer.whenIdle();
    expect((await storage.readUpdateLog('b1')).map((entry) => entry.data[2])).toContain(9);
    await storage.close();
  });

  it('catches up from storage beyond the watermark (what the relay lost)', async () => {
    const { link, storage, applied } = await setup();
    await storage.appendUpdates([2, 3].map((n) => ({ boardId: 'b1', data: update(n), receivedAt: n, actor: 'x' })));
    await link.catchUp();
    expect(applied.map((data) => data[2])).toEqual([2, 3]);
    expect(link.appliedThrough).toBe(3);
    link.stop();
    await storage.close();
  });
});
