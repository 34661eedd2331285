import { createCard, createLane, readBoard } from '@retrace/shared';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, rmdirSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard } from '../helpers/api';
import { startServer, type ServerProcess } from '../helpers/serverProcess';
import { loadStoredBoard } from '../helpers/storedBoard';
import { connectClient, waitForConvergence, type SyncClient } from '../helpers/syncClient';
import { waitFor } from '../helpers/waitFor';

/** A small tmpfs to fill up: a real "disk full" for the server's data directory (needs root). */
function mountTinyDisk(): string | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'retrace-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmdirSync(dir);
    return null;
  }
}

/** Writes zeros until the file system refuses (ENOSPC). */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch {
    // full
  } finally {
    closeSync(fd);
  }
}

const serverSaysNotSaving = (client: SyncClient) =>
  [...client.provider.awareness.getStates().values()].some(
    (state) => (state as { retraceServer?: { saving: boolean } }).retraceServer?.saving === false,
  );

const disk = mountTinyDisk();

describe.skipIf(disk === null)('a full disk (real tmpfs) never loses an edit', () => {
  let server: ServerProcess;
  const clients: SyncClient[] = [];
  beforeAll(async () => {
    server = await startServer({ dataDir: disk!, env: { RETRACE_COMPACT_AFTER_UPDATES: '100000' } });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop('SIGKILL');
    execFileSync('umount', [disk!]);
    rmSync(disk!, { recursive: true, force: true });
  });

  it('keeps edits in memory, says so, retries, and writes everything once space is back', async () => {
    const board = await createBoard(server.httpUrl, { title: 'Disk full' });
    const a = connectClient(server.wsUrl, board.id, board.tokens.editor);
    const b = connectClient(server.wsUrl, board.id, board.tokens.editor);
    clients.push(a, b);
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    const lane = createLane(a.doc, { name: 'Ops' });
    await waitForConvergence([a, b]);

    const filler = path.join(disk!, 'filler');
    fillDisk(filler);
    const written = Array.from({ length: 30 }, (_, i) =>
      createCard(a.doc, { text: `written on a full disk ${i} ${'x'.repeat(400)}`, laneId: lane, occurredAt: null }),
    );
    // Edits keep flowing between people...
    await waitFor(() => readBoard(b.doc).cards.length === 30, 'edits to reach the other client');
    // ...while the server says it cannot save, to clients and to health checks.
    await waitFor(() => serverSaysNotSaving(a) && serverSaysNotSaving(b), 'clients to be told', 10_000);
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(503);

    unlinkSync(filler);
    await waitFor(async () => (await fetch(`${server.httpUrl}/healthz`)).status === 200, 'storage to recover', 20_000);
    await waitFor(() => !serverSaysNotSaving(a), 'the notice to clear');
    expect(await server.stop('SIGTERM')).toBe(0);
    const stored = new Set(readBoard(await loadStoredBoard(disk!, board.id)).cards.map((card) => card.id));
    for (const id of written) expect(stored.has(id)).toBe(true);
  });
});
