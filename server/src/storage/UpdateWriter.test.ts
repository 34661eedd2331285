import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultyStorage } from '../testing/FaultyStorage';
import type { UpdateRecord } from './BoardStorage';
import { SqliteBoardStorage } from './SqliteBoardStorage';
import { UpdateWriter } from './UpdateWriter';

function record(boardId: string, n: number): UpdateRecord {
  return { boardId, data: new Uint8Array([n]), receivedAt: n, actor: 'editor:test' };
}

describe('UpdateWriter', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function setup() {
    const dir = mkdtempSync(path.join(tmpdir(), 'retrace-writer-'));
    dirs.push(dir);
    const sqlite = new SqliteBoardStorage({ dataDir: dir });
    await sqlite.createBoard({ id: 'b1', createdAt: 0, actor: 'x', initialUpdate: new Uint8Array([0, 0]), tokens: [] });
    const storage = new FaultyStorage(sqlite);
    return { sqlite, storage, state: storage };
  }

  it('writes every update of one event-loop turn in one transaction, in order', async () => {
    const { sqlite, storage, state } = await setup();
    const writer = new UpdateWriter(storage);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => writer.write(record('b1', n))));
    expect(state.batchSizes).toEqual([5]);
    expect(results.every((r) => r.durable)).toBe(true);
    const seqs = results.map((r) => r.seq!);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const log = await sqlite.readUpdateLog('b1');
    expect(log.slice(1).map((entry) => entry.data[0])).toEqual([1, 2, 3, 4, 5]);
    await sqlite.close();
  });

  it('keeps failed writes, reports them, retries, and stores everything once storage recovers', async () => {
    const { sqlite, storage, state } = await setup();
    const failures: number[] = [];
    let recovered = 0;
    const writer = new UpdateWriter(storage, {
      retryDelayMs: 10,
      onFailure: (_error, pending) => failures.push(pending),
      onRecovered: () => recovered++,
    });
    state.failAppends = true;
    const first = await writer.write(record('b1', 1));
    expect(first.durable).toBe(false);
    expect(writer.healthy).toBe(false);
    const second = await writer.write(record('b1', 2));
    expect(second.durable).toBe(false);
    expect(writer.pendingFor('b1')).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(state.appendCalls).toBeGreaterThan(1); // retried
    state.failAppends = false;
    await writer.whenIdle();
    expect(writer.healthy).toBe(true);
    expect(recovered).toBe(1);
    expect(failures.length).toBeGreaterThan(0);
    const log = await sqlite.readUpdateLog('b1');
    expect(log.slice(1).map((entry) => entry.data[0])).toEqual([1, 2]);
    writer.close();
    await sqlite.close();
  });

  it('flushNow stores what is queued (shutdown path)', async () => {
    const { sqlite, storage } = await setup();
    const writer = new UpdateWriter(storage);
    void writer.write(record('b1', 9));
    expect(await writer.flushNow()).toBe(true);
    expect((await sqlite.readUpdateLog('b1')).length).toBe(2);
    await sqlite.close();
  });
});
