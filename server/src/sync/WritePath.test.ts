import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { SqliteBoardStorage } from '../storage/SqliteBoardStorage';
import { UpdateWriter } from '../storage/UpdateWriter';
import { FaultyStorage } from '../testing/FaultyStorage';
import { LocalRelayHub } from '../testing/LocalRelay';
import { RelayLink } from './RelayLink';
import { WritePath } from './WritePath';

describe('write path: store, then broadcast and relay', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function setup(visibleAfterMs: number) {
    const dir = mkdtempSync(path.join(tmpdir(), 'retrace-write-'));
    dirs.push(dir);
    const sqlite = new SqliteBoardStorage({ dataDir: dir });
    await sqlite.createBoard({ id: 'b1', createdAt: 0, actor: 'x', initialUpdate: new Uint8Array([0, 0]), tokens: [] });
    const storage = new FaultyStorage(sqlite);
    const writer = new UpdateWriter(storage, { visibleAfterMs });
    const hub = new LocalRelayHub();
    const relay = hub.endpoint();
    const link = new RelayLink(
      {
        boardId: 'b1',
        relay,
        storage,
        writer,
        log: createLogger('silent'),
        resyncMs: 60_000,
        holdMs: 60_000,
        applyUpdate: () => 'applied',
        onAwareness: () => undefined,
        onRevoke: () => undefined,
      },
      1,
    );
    const events: string[] = [];
    const path_ = new WritePath({
      boardId: 'b1',
      writer,
      now: () => 42,
      broadcast: (frame) => {
        events.push(`broadcast ${frame.length}`);
        return 1;
      },
      relay: () => link,
    });
    const stored = async () => (await sqlite.readUpdateLog('b1')).length - 1;
    return { storage, writer, relay, events, path: path_, stored, link, sqlite };
  }

  it('broadcasts an update only once it is stored, and relays it with its sequence number', async () => {
    const { path: writePath, events, relay, stored, link, sqlite } = await setup(10_000);
    writePath.accept(new Uint8Array([0, 1, 7]), null, 'editor:a Ana');
    expect(events).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await stored()).toBe(1);
    expect(events).toHaveLength(1);
    expect(relay.published.map(({ message }) => [message.kind, 'seq' in message ? message.seq : null])).toEqual([
      ['update', 2],
    ]);
    link.stop();
    await sqlite.close();
  });

  it('with storage slow, shows the update after the wait and relays it unstored, then says when it is stored', async () => {
    const { path: writePath, events, relay, storage, stored, link, sqlite, writer } = await setup(30);
    storage.appendDelayMs = 300;
    writePath.accept(new Uint8Array([0, 1, 8]), null, 'editor:a Ana');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).toHaveLength(1); // shown to the others before it is stored…
    expect(await stored()).toBe(0);
    const [shown] = relay.published;
    expect(shown?.message).toMatchObject({ kind: 'update', seq: 0, actor: 'editor:a Ana' });
    await writer.whenIdle();
    // …and the other processes learn when it is, so they can drop their copies.
    expect(await stored()).toBe(1);
    expect(relay.published[1]?.message).toMatchObject({
      kind: 'stored',
      id: (shown!.message as { id: string }).id,
      seq: 2,
    });
    link.stop();
    await sqlite.close();
  });
});
