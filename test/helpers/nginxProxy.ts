import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports';
import { REPO_ROOT } from './serverProcess';
import { waitFor } from './waitFor';

/**
 * nginx in front of several server processes, configured by the file operators deploy
 * (deploy/nginx/retrace.conf): only the upstream's `server` lines and the `listen` port are
 * replaced. Runs in the foreground with its own prefix directory; stopped by `stop()`.
 */
export interface TestNginx {
  readonly port: number;
  readonly httpUrl: string;
  readonly wsUrl: string;
  stop(): Promise<void>;
}

export const SHIPPED_NGINX_CONF = path.join(REPO_ROOT, 'deploy/nginx/retrace.conf');

export function nginxPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('nginx is not installed: run scripts/install-system-deps.sh');
  }
}

export async function startNginx(upstreamPorts: readonly number[]): Promise<TestNginx> {
  const dir = mkdtempSync(path.join(tmpdir(), 'retrace-nginx-'));
  const port = await freePort();
  const shipped = readFileSync(SHIPPED_NGINX_CONF, 'utf8');
  const servers = upstreamPorts
    .map((upstream) => `    server 127.0.0.1:${upstream} max_fails=1 fail_timeout=5s;`)
    .join('\n');
  const site = shipped
    .replace(/^ {4}server 127\.0\.0\.1:\d+ .*;$(\n^ {4}server 127\.0\.0\.1:\d+ .*;$)*/m, servers)
    .replace(/^ {4}listen 80;$/m, `    listen 127.0.0.1:${port};`);
  if (!site.includes(`listen 127.0.0.1:${port}`) || !site.includes(`127.0.0.1:${upstreamPorts[0]}`))
    throw new Error('deploy/nginx/retrace.conf no longer has the upstream servers and listen line the test replaces');
  writeFileSync(path.join(dir, 'retrace.conf'), site);
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'worker_processes 1;',
      `error_log ${dir}/error.log warn;`,
      `pid ${dir}/nginx.pid;`,
      'events { worker_connections 4096; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;`,
      `  fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;`,
      `  include ${dir}/retrace.conf;`,
      '}',
    ].join('\n'),
  );
  const proc: ChildProcess = spawn(nginxPath(), ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  await waitFor(
    async () => {
      if (proc.exitCode !== null) throw new Error(`nginx exited: ${output}`);
      return fetch(`http://127.0.0.1:${port}/livez`).then(
        (response) => response.ok,
        () => false,
      );
    },
    'nginx to pass requests to Retrace',
    10_000,
  );
  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGQUIT');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
