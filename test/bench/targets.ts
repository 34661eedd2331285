import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createBoard } from '../helpers/api';
import { freePort } from '../helpers/ports';
import { REPO_ROOT, startServer, tempDataDir } from '../helpers/serverProcess';
import type { ClientSpec } from './protocol';

/** A sync server under test, as a separate process so its memory can be read. */
export interface Target {
  readonly name: string;
  readonly wsUrl: string;
  readonly pid: number;
  /** Retrace only: its HTTP address, for /metrics. */
  readonly httpUrl?: string;
  /** Creates `count` rooms and returns, per room, the client specs for `clientsPerRoom` clients. */
  rooms(count: number, clientsPerRoom: number): Promise<ClientSpec[][]>;
  stop(): Promise<void>;
}

/** Peak and current resident set size of a process, in MiB (Linux /proc). */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/** Bytes a process has passed to write(2) so far (Linux /proc/<pid>/io). */
export function bytesWrittenBy(pid: number): number {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  return Number(/wchar:\s+(\d+)/.exec(io)?.[1] ?? Number.NaN);
}

function waitForOutput(proc: ChildProcess, needle: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(needle)) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${output}`)));
  });
}

function stopProcess(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

/** The reference: y-websocket@2's bundled server, in memory, no persistence. */
export async function startReference(): Promise<Target> {
  const require = createRequire(path.join(REPO_ROOT, 'test/package.json'));
  const serverScript = path.join(path.dirname(require.resolve('y-websocket-reference/package.json')), 'bin/server.cjs');
  const port = await freePort();
  const proc = spawn(process.execPath, [serverScript], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForOutput(proc, 'running at', 'reference server');
  let roomCounter = 0;
  return {
    name: 'y-websocket@2 reference',
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    pid: proc.pid!,
    async rooms(count, clientsPerRoom) {
      return Array.from({ length: count }, () => {
        const room = `bench-${roomCounter++}`;
        return Array.from({ length: clientsPerRoom }, () => ({ room, token: 'unused' }));
      });
    },
    stop: () => stopProcess(proc),
  };
}

/**
 * Hocuspocus 4 with its SQLite extension (a file in a temp directory), in its own process;
 * its clients use HocuspocusProvider.
 */
export async function startHocuspocus(): Promise<Target> {
  const data = tempDataDir('retrace-bench-hocuspocus-');
  const port = await freePort();
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'peers/hocuspocusServer.ts')],
    {
      cwd: path.join(REPO_ROOT, 'test'),
      env: { ...process.env, PORT: String(port), DATABASE_FILE: path.join(data.dir, 'hocuspocus.sqlite') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await waitForOutput(proc, 'hocuspocus listening', 'Hocuspocus');
  let roomCounter = 0;
  return {
    name: 'Hocuspocus 4 + SQLite',
    wsUrl: `ws://127.0.0.1:${port}`,
    pid: proc.pid!,
    async rooms(count, clientsPerRoom) {
      return Array.from({ length: count }, () => {
        const room = `bench-${roomCounter++}`;
        return Array.from({ length: clientsPerRoom }, () => ({
          room,
          token: 'unused',
          provider: 'hocuspocus' as const,
        }));
      });
    },
    async stop() {
      await stopProcess(proc);
      data.remove();
    },
  };
}

/**
 * Every load generator connects from 127.0.0.1, where real participants come from many
 * addresses: the per-address connection cap (500 by default) would refuse the 100-room
 * load's 1,000 clients, so the benchmarks lift it. Every other limit stays at its default.
 */
const ONE_ADDRESS_FOR_EVERYONE = {
  RETRACE_MAX_CONNECTIONS_PER_ADDRESS: '100000',
  RETRACE_MAX_CONNECTIONS_PER_ADDRESS_PER_BOARD: '100000',
};

/**
 * Retrace as `count` processes sharing PostgreSQL (and Redis when count > 1); each room's
 * clients are spread over the processes, as a load balancer would.
 */
export async function startRetraceCluster(count: number, databaseUrl: string, redisUrl: string): Promise<Target> {
  const data = tempDataDir('retrace-bench-cluster-');
  const env = {
    LOG_LEVEL: 'warn',
    RETRACE_UNLOAD_GRACE_MS: '60000',
    ...ONE_ADDRESS_FOR_EVERYONE,
    DATABASE_URL: databaseUrl,
    ...(count > 1 ? { REDIS_URL: redisUrl } : {}),
  };
  const servers = await Promise.all(Array.from({ length: count }, () => startServer({ dataDir: data.dir, env })));
  return {
    name: count === 1 ? 'Retrace, 1 process (PostgreSQL)' : `Retrace, ${count} processes (PostgreSQL + Redis)`,
    wsUrl: servers[0]!.wsUrl,
    pid: servers[0]!.proc.pid!,
    async rooms(rooms, clientsPerRoom) {
      const out: ClientSpec[][] = [];
      for (let i = 0; i < rooms; i++) {
        const board = await createBoard(servers[i % count]!.httpUrl, { title: `Bench ${i}` });
        out.push(
          Array.from({ length: clientsPerRoom }, (_, c) => ({
            room: board.id,
            token: board.tokens.editor,
            wsUrl: servers[c % count]!.wsUrl,
          })),
        );
      }
      return out;
    },
    async stop() {
      await Promise.all(servers.map((server) => server.stop('SIGTERM')));
      data.remove();
    },
  };
}

/** Retrace with its SQLite persistence on, in a temp data directory. */
/** A Retrace process on a fresh data directory, or on `dataDir` (kept when it stops). */
export async function startRetrace(
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
  dataDir?: string,
): Promise<Target & { dataDir: string }> {
  const data = dataDir ? { dir: dataDir, remove: () => undefined } : tempDataDir('retrace-bench-');
  const server = await startServer({
    dataDir: data.dir,
    nodeArgs,
    env: { LOG_LEVEL: 'warn', RETRACE_UNLOAD_GRACE_MS: '60000', ...ONE_ADDRESS_FOR_EVERYONE, ...env },
  });
  return {
    name: 'Retrace (SQLite)',
    wsUrl: server.wsUrl,
    httpUrl: server.httpUrl,
    pid: server.proc.pid!,
    dataDir: data.dir,
    async rooms(count, clientsPerRoom) {
      const rooms: ClientSpec[][] = [];
      for (let i = 0; i < count; i++) {
        const board = await createBoard(server.httpUrl, { title: `Bench ${i}` });
        rooms.push(Array.from({ length: clientsPerRoom }, () => ({ room: board.id, token: board.tokens.editor })));
      }
      return rooms;
    },
    async stop() {
      await server.stop('SIGTERM');
      data.remove();
    },
  };
}
