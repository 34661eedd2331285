import type { Config } from '../config';
import type { BoardStorage } from './BoardStorage';
import { SqliteBoardStorage } from './SqliteBoardStorage';

/** The storage the configuration asks for: PostgreSQL with DATABASE_URL, else SQLite in the data directory. */
export async function openStorage(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<BoardStorage> {
  if (config.databaseUrl) {
    // Only a PostgreSQL deployment loads the PostgreSQL code and its driver.
    const { PgBoardStorage } = await import('./PgBoardStorage');
    return PgBoardStorage.open(config.databaseUrl);
  }
  return new SqliteBoardStorage({ dataDir: config.dataDir });
}
