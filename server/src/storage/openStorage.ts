import type { Config } from '../config';
import type { Logger } from '../logger';
import type { BoardStorage } from './BoardStorage';
import { SqliteBoardStorage } from './SqliteBoardStorage';

/**
 * The storage the configuration asks for: PostgreSQL with DATABASE_URL, else SQLite in the
 * data directory. `serving`: this process serves boards (one such process per SQLite file).
 */
export async function openStorage(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'postgres'>,
  options: { log?: Logger; serving?: boolean } = {},
): Promise<BoardStorage> {
  if (config.databaseUrl) {
    // Only a PostgreSQL deployment loads the PostgreSQL code and its driver.
    const { PgBoardStorage } = await import('./PgBoardStorage');
    return PgBoardStorage.open(config.databaseUrl, {
      ...config.postgres,
      onError: (error) => options.log?.warn({ err: error.message }, 'database connection error; queries are retried'),
    });
  }
  return new SqliteBoardStorage({ dataDir: config.dataDir, exclusive: options.serving === true });
}
