import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../testing/postgresServer';
import { PgBoardStorage } from './PgBoardStorage';
import { describeStorageContract } from './storageContract';

let postgres: TestPostgres;
let database = 0;

beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
});

/** Each contract test gets a fresh database on the same server. */
describeStorageContract('postgres', () => {
  const name = `contract_${++database}`;
  let created = false;
  const url = () => postgres.url.replace(/\/retrace$/, `/${name}`);
  return {
    open: async () => {
      if (!created) {
        const admin = new pg.Client({ connectionString: postgres.url });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        await admin.end();
        created = true;
      }
      return PgBoardStorage.open(url());
    },
    cleanup: async () => undefined,
  };
});

describe('PgBoardStorage', () => {
  it('assigns gap-free per-board sequence numbers to concurrent writers in several processes', async () => {
    const a = await PgBoardStorage.open(postgres.url);
    const b = await PgBoardStorage.open(postgres.url);
    try {
      await a.createBoard({
        id: 'shared',
        createdAt: 0,
        actor: 'x',
        initialUpdate: new Uint8Array([0, 0]),
        tokens: [],
      });
      await a.createBoard({ id: 'other', createdAt: 0, actor: 'x', initialUpdate: new Uint8Array([0, 0]), tokens: [] });
      const record = (boardId: string) => ({ boardId, data: new Uint8Array([0, 0]), receivedAt: 1, actor: 'editor:t' });
      const batches = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).appendUpdates([record('shared'), record('other'), record('shared')]),
        ),
      );
      const shared = batches.flatMap((seqs) => [seqs[0]!, seqs[2]!]).sort((x, y) => x - y);
      expect(shared).toEqual(Array.from({ length: 40 }, (_, i) => i + 2)); // seq 1 is the board's creation
      const log = await b.readUpdateLog('shared');
      expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
      expect((await a.loadBoard('other'))!.lastSeq).toBe(21);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('migrates once when several processes start together', async () => {
    const opened = await Promise.all([
      PgBoardStorage.open(postgres.url),
      PgBoardStorage.open(postgres.url),
      PgBoardStorage.open(postgres.url),
    ]);
    for (const storage of opened) await storage.close();
  });
});
