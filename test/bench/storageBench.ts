import { createCard, createLane, editCard, readBoard } from '@retrace/shared';
import Database from 'better-sqlite3';
import path from 'node:path';
import { createBoard } from '../helpers/api';
import { startServer, tempDataDir } from '../helpers/serverProcess';
import { connectClient } from '../helpers/syncClient';
import { waitFor } from '../helpers/waitFor';
import { fork } from 'node:child_process';
import type { ClientSpec, FromWorker, ToWorker } from './protocol';
import { bytesWrittenBy, memoryOf, startReference, startRetrace, type Target } from './targets';

const clock = () => performance.now();

async function storedUpdates(dataDir: string, boardId: string): Promise<{ count: number; bytes: number }> {
  const db = new Database(path.join(dataDir, 'retrace.sqlite'), { readonly: true });
  try {
    return db
      .prepare('SELECT COUNT(*) AS count, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM update_log WHERE board_id = ?')
      .get(boardId) as {
      count: number;
      bytes: number;
    };
  } finally {
    db.close();
  }
}

export interface ColdLoadResult {
  readonly cards: number;
  readonly coldMs: number[];
  readonly warmMs: number[];
}

/** A board with `cards` cards: time from a provider's creation to its first sync, cold and warm. */
export async function coldLoad(cards = 5_000, restarts = 3): Promise<ColdLoadResult> {
  const data = tempDataDir('retrace-bench-cold-');
  let server = await startServer({ dataDir: data.dir, env: { LOG_LEVEL: 'warn' } });
  try {
    const board = await createBoard(server.httpUrl, { title: 'Cold load' });
    const writer = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await writer.whenSynced();
    const lanes = Array.from({ length: 20 }, (_, i) => createLane(writer.doc, { name: `Lane ${i}` }));
    const t0 = Date.UTC(2024, 4, 1, 12, 0);
    // 25 cards per update, paced under the per-connection message limit (200/s): a burst
    // of 5,000 single-card messages would be closed as a flood and merged on resync.
    for (let i = 0; i < cards; i += 25) {
      writer.doc.transact(() => {
        for (let j = i; j < Math.min(cards, i + 25); j++) {
          createCard(writer.doc, {
            text: `Card ${j}: something happened that someone saw`,
            laneId: lanes[j % 20]!,
            occurredAt: t0 + j * 15_000,
          });
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // The server stores each update before it forwards it: once a reader has every card, storage has too.
    const reader = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    await waitFor(() => readBoard(reader.doc).cards.length === cards, 'cards to be stored', 60_000);
    reader.destroy();
    writer.destroy();
    const coldMs: number[] = [];
    const warmMs: number[] = [];
    for (let r = 0; r < restarts; r++) {
      await server.stop('SIGTERM');
      server = await startServer({ dataDir: data.dir, port: server.port, env: { LOG_LEVEL: 'warn' } });
      for (const bucket of [coldMs, warmMs]) {
        const started = clock();
        const reader = connectClient(server.wsUrl, board.id, board.tokens.viewer);
        await reader.whenSynced(60_000);
        bucket.push(clock() - started);
        reader.destroy();
      }
    }
    return { cards, coldMs, warmMs };
  } finally {
    await server.stop('SIGTERM');
    data.remove();
  }
}

export interface BytesPerEditResult {
  readonly edits: number;
  readonly writtenBytesPerEdit: number;
  readonly storedPayloadBytesPerEdit: number;
}

/** Bytes the Retrace process writes (all write(2) calls: SQLite WAL, fsync'd) per single edit. */
export async function bytesPerEdit(edits = 500): Promise<BytesPerEditResult> {
  const data = tempDataDir('retrace-bench-bytes-');
  const server = await startServer({ dataDir: data.dir, env: { LOG_LEVEL: 'warn' } });
  try {
    const board = await createBoard(server.httpUrl, { title: 'Bytes per edit' });
    const client = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await client.whenSynced();
    const lane = createLane(client.doc, { name: 'Ops' });
    const card = createCard(client.doc, { text: 'x', laneId: lane, occurredAt: null });
    const before = await waitFor(async () => {
      const stored = await storedUpdates(data.dir, board.id);
      return stored.count >= 3 ? stored : null;
    }, 'setup to be stored');
    const wcharBefore = bytesWrittenBy(server.proc.pid!);
    for (let i = 0; i < edits; i++) {
      editCard(client.doc, { cardId: card, text: `edit number ${i}` });
      await new Promise((resolve) => setTimeout(resolve, 2)); // separate edits, like typing
    }
    const after = await waitFor(
      async () => {
        const stored = await storedUpdates(data.dir, board.id);
        return stored.count >= before.count + edits ? stored : null;
      },
      'edits to be stored',
      30_000,
    );
    const written = bytesWrittenBy(server.proc.pid!) - wcharBefore;
    client.destroy();
    return {
      edits,
      writtenBytesPerEdit: written / edits,
      storedPayloadBytesPerEdit: (after.bytes - before.bytes) / edits,
    };
  } finally {
    await server.stop('SIGTERM');
    data.remove();
  }
}

/** Resident memory each idle open board adds (one idle client per board, connected from a worker). */
export async function memoryPerIdleBoard(start: () => Promise<Target>, boards = 200): Promise<number> {
  const target = await start();
  const worker = fork(path.join(import.meta.dirname, 'loadWorker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const rooms = (await target.rooms(boards, 1)).flat() as ClientSpec[];
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const baseline = memoryOf(target.pid).rssMiB;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('idle clients did not connect')), 60_000);
      worker.once('message', (message: FromWorker) => {
        clearTimeout(timer);
        if (message.type === 'connected') resolve();
      });
      worker.send({ type: 'connect', wsUrl: target.wsUrl, clients: rooms } satisfies ToWorker);
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return ((memoryOf(target.pid).rssMiB - baseline) * 1024) / boards;
  } finally {
    worker.kill('SIGKILL');
    await target.stop();
  }
}

export { startReference, startRetrace };
