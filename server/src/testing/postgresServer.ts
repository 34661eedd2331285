import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/**
 * A throwaway PostgreSQL cluster for tests: initdb in a temp directory, listening on a free
 * loopback port, stopped and removed by `stop()`. Uses Debian's server programs; as root it
 * runs them as the `postgres` user (PostgreSQL refuses to run as root).
 */
export interface TestPostgres {
  readonly url: string;
  readonly port: number;
  /** `pg_ctl restart` with the given shutdown mode (fast: disconnect sessions; immediate: like a crash). */
  restart(mode: 'fast' | 'immediate'): void;
  /** `pg_ctl stop` (the database is down until `start`). */
  stopServer(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** SIGSTOP to the postmaster and every backend: the database hangs without closing anything. */
  freeze(): void;
  /** SIGCONT to them again. */
  thaw(): void;
  stop(): Promise<void>;
}

function binDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions)
    if (existsSync(path.join(root, version, 'bin/initdb'))) return path.join(root, version, 'bin');
  throw new Error('PostgreSQL server programs not found (install postgresql, or set PG_BIN_DIR)');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'retrace-pg-'));
  const dataDir = path.join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  const run = (program: string, args: string[]) => {
    const command = path.join(bin, program);
    return asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' })
      : execFileSync(command, args, { stdio: 'pipe' });
  };
  if (asRoot) {
    const { uid, gid } = {
      uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
      gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
    };
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  run('initdb', ['-D', dataDir, '-U', 'retrace', '--auth=trust', '--encoding=UTF8', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c fsync=off',
    '-c max_connections=200',
  ].join(' ');
  const logFile = path.join(dir, 'postgres.log');
  // pg_ctl, so that the tests can restart, stop and start the cluster as an operator would.
  const pgCtl = (...args: string[]) => run('pg_ctl', ['-D', dataDir, ...args]);
  const startCluster = () => pgCtl('start', '-w', '-t', '30', '-l', logFile, '-o', options);
  startCluster();
  const waitReady = () => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        run('pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-U', 'retrace']);
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`PostgreSQL did not start:\n${readLog()}`);
        execFileSync('sleep', ['0.1']);
      }
    }
  };
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  waitReady();
  /** The postmaster and all its children (backends, writers), for freezing them. */
  const processes = (): number[] => {
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    return [postmaster, ...children];
  };
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'retrace', 'retrace']);
  const thaw = () => {
    for (const pid of processes()) process.kill(pid, 'SIGCONT');
  };
  return {
    url: `postgres://retrace@127.0.0.1:${port}/retrace`,
    port,
    restart(mode) {
      pgCtl('restart', '-w', '-t', '30', '-m', mode, '-l', logFile, '-o', options);
      waitReady();
    },
    stopServer(mode = 'fast') {
      pgCtl('stop', '-w', '-m', mode);
    },
    start() {
      startCluster();
      waitReady();
    },
    freeze() {
      for (const pid of processes()) process.kill(pid, 'SIGSTOP');
    },
    thaw,
    async stop() {
      try {
        thaw();
      } catch {
        // not running
      }
      try {
        pgCtl('stop', '-w', '-m', 'immediate');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
