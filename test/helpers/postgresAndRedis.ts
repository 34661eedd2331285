import { afterAll, afterEach, beforeAll } from 'vitest';
import { startPostgres, type TestPostgres } from '../../server/src/testing/postgresServer';
import { startRedis, type TestRedis } from './redisServer';
import { tempDataDir } from './serverProcess';

/**
 * A throwaway PostgreSQL cluster and redis-server for a test file's several Retrace
 * processes, started once for the file; `cleanups` run after each test, newest first.
 */
export function usePostgresAndRedis() {
  let postgres: TestPostgres | undefined;
  let redis: TestRedis | undefined;
  const data = tempDataDir();
  const cleanups: Array<() => unknown> = [];
  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  }, 60_000);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await redis?.stop();
    await postgres?.stop();
    data.remove();
  });
  return {
    data,
    cleanups,
    get postgres(): TestPostgres {
      return postgres!;
    },
    get redis(): TestRedis {
      return redis!;
    },
  };
}
