import path from 'node:path';
import { DEFAULT_ADMISSION_LIMITS } from '@retrace/shared';
import { z } from 'zod';
import type { PgSslMode } from './storage/PgBoardStorage';
import { DEFAULT_PRESENCE_LIMITS } from './sync/Presence';
import type { RoomSettings } from './sync/Room';

export interface Limits {
  readonly messagesPerSecond: number;
  readonly bytesPerSecond: number;
  readonly connectionsPerBoard: number;
  readonly connectionsPerAddress: number;
  /** Connections one address may hold on one board (below the board's cap, so one address cannot fill it). */
  readonly connectionsPerAddressPerBoard: number;
  /** Bytes a socket may have queued for sending before it is dropped as too slow (it reconnects). */
  readonly maxBufferedBytes: number;
  /** Ping every socket this often; one that did not answer the previous ping is dropped. */
  readonly heartbeatMs: number;
  /** Bytes of updates a board may hold (its stored log); past it, edits are refused. */
  readonly boardBytes: number;
  /** REST requests per address per minute. */
  readonly apiRequestsPerMinute: number;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Built client to serve; absent directory = API only. */
  readonly clientDir: string;
  readonly maxPayloadBytes: number;
  readonly logLevel: string;
  readonly room: RoomSettings;
  readonly limits: Limits;
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  readonly metricsToken: string | null;
  /** PostgreSQL instead of the embedded SQLite file (needed for several processes). */
  readonly databaseUrl: string | null;
  readonly postgres: {
    readonly poolSize: number;
    readonly connectTimeoutMs: number;
    readonly statementTimeoutMs: number;
    readonly idleTimeoutMs: number;
    readonly ssl: PgSslMode;
  };
  /** After SIGTERM: how long to keep serving while load balancers notice /readyz failing. */
  readonly drainDelayMs: number;
  /** Redis for relaying updates between processes that share boards. */
  readonly redisUrl: string | null;
  /** Sets the workspace admin key (else one is generated on first start). */
  readonly adminKey: string | null;
  /** This server's public origin (RETRACE_PUBLIC_URL), for links back to boards in reports. */
  readonly publicUrl: string | null;
  /** Longest an edit waits for storage before it is shown to others anyway (it stays queued until stored). */
  readonly writeWaitMs: number;
  /**
   * Addresses of reverse proxies in front of the server: for connections from them, the
   * client address is taken from X-Forwarded-For (the last address no trusted proxy added).
   */
  readonly trustedProxies: ReadonlySet<string>;
}

const MiB = 1024 * 1024;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  RETRACE_DATA_DIR: z.string().min(1).default('data'),
  RETRACE_CLIENT_DIR: z.string().min(1).optional(),
  RETRACE_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * MiB)
    .default(2 * MiB),
  RETRACE_UNLOAD_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  RETRACE_COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).default(500),
  RETRACE_MAX_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).default(200),
  RETRACE_MAX_BYTES_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * MiB),
  RETRACE_MAX_CONNECTIONS_PER_BOARD: z.coerce.number().int().min(1).default(200),
  RETRACE_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(500),
  RETRACE_MAX_CONNECTIONS_PER_ADDRESS_PER_BOARD: z.coerce.number().int().min(1).default(50),
  RETRACE_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(4 * MiB),
  RETRACE_HEARTBEAT_MS: z.coerce.number().int().min(1_000).max(120_000).default(20_000),
  RETRACE_WRITE_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(50),
  RETRACE_TRUSTED_PROXIES: z.string().optional(),
  RETRACE_MAX_BOARD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * MiB),
  RETRACE_API_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RETRACE_METRICS_TOKEN: z.string().min(16).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  RETRACE_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  RETRACE_PUBLIC_URL: z.string().optional(),
  RETRACE_RESYNC_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  RETRACE_PG_POOL_SIZE: z.coerce.number().int().min(1).max(1_000).default(10),
  RETRACE_PG_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  RETRACE_PG_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  RETRACE_PG_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(30_000),
  RETRACE_PG_SSL: z.enum(['default', 'disable', 'require', 'verify-full']).default('default'),
  RETRACE_DRAIN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Reads configuration from the environment; throws a readable error on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set" (VAR= in an env file or a shell).
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL) {
    throw new Error(
      'invalid configuration: REDIS_URL needs DATABASE_URL (processes that share boards must share storage)',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    // Relative to where the command was started (pnpm runs scripts in server/; INIT_CWD is
    // where the person typed `pnpm start`), so `./data` is the repository's data directory.
    dataDir: path.resolve(env['INIT_CWD'] || process.cwd(), e.RETRACE_DATA_DIR),
    clientDir: path.resolve(e.RETRACE_CLIENT_DIR ?? path.join(repoRoot, 'client/dist')),
    maxPayloadBytes: e.RETRACE_MAX_PAYLOAD_BYTES,
    logLevel: e.LOG_LEVEL,
    room: {
      unloadGraceMs: e.RETRACE_UNLOAD_GRACE_MS,
      compactAfterUpdates: e.RETRACE_COMPACT_AFTER_UPDATES,
      presence: DEFAULT_PRESENCE_LIMITS,
      intake: {
        ...DEFAULT_ADMISSION_LIMITS,
        maxNewClientsPerSender: 16,
        maxClients: 10_000,
        maxWaitingPerSender: 64,
        maxWaitingBytesPerSender: MiB,
        maxWaitingBytes: 8 * MiB,
        waitingTtlMs: 10_000,
      },
      maxBoardBytes: e.RETRACE_MAX_BOARD_BYTES,
      resyncMs: e.RETRACE_RESYNC_MS,
      relayHoldMs: 5_000,
    },
    limits: {
      messagesPerSecond: e.RETRACE_MAX_MESSAGES_PER_SECOND,
      bytesPerSecond: e.RETRACE_MAX_BYTES_PER_SECOND,
      connectionsPerBoard: e.RETRACE_MAX_CONNECTIONS_PER_BOARD,
      connectionsPerAddress: e.RETRACE_MAX_CONNECTIONS_PER_ADDRESS,
      connectionsPerAddressPerBoard: e.RETRACE_MAX_CONNECTIONS_PER_ADDRESS_PER_BOARD,
      maxBufferedBytes: e.RETRACE_MAX_BUFFERED_BYTES,
      heartbeatMs: e.RETRACE_HEARTBEAT_MS,
      boardBytes: e.RETRACE_MAX_BOARD_BYTES,
      apiRequestsPerMinute: e.RETRACE_API_REQUESTS_PER_MINUTE,
    },
    metricsToken: e.RETRACE_METRICS_TOKEN ?? null,
    databaseUrl: e.DATABASE_URL ?? null,
    postgres: {
      poolSize: e.RETRACE_PG_POOL_SIZE,
      connectTimeoutMs: e.RETRACE_PG_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.RETRACE_PG_STATEMENT_TIMEOUT_MS,
      idleTimeoutMs: e.RETRACE_PG_IDLE_TIMEOUT_MS,
      ssl: e.RETRACE_PG_SSL,
    },
    drainDelayMs: e.RETRACE_DRAIN_DELAY_MS,
    redisUrl: e.REDIS_URL ?? null,
    adminKey: e.RETRACE_ADMIN_KEY ?? null,
    publicUrl: publicUrlOf(e.RETRACE_PUBLIC_URL),
    writeWaitMs: e.RETRACE_WRITE_WAIT_MS,
    trustedProxies: new Set(
      (e.RETRACE_TRUSTED_PROXIES ?? '')
        .split(',')
        .map((address) => address.trim())
        .filter(Boolean),
    ),
  };
}

function publicUrlOf(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~/-]*)?$/.test(value))
    throw new Error(
      `RETRACE_PUBLIC_URL must be an http(s) origin such as https://retrace.example, not ${JSON.stringify(value)}`,
    );
  return value.replace(/\/+$/, '');
}
