export { loadConfig, type Config } from './config';
export { createRetraceServer, type RetraceServer } from './RetraceServer';
export { SqliteBoardStorage } from './storage/SqliteBoardStorage';
export type { BoardStorage } from './storage/BoardStorage';
export { PgBoardStorage } from './storage/PgBoardStorage';
