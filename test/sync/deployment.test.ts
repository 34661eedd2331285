import { execFileSync, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports';
import { REPO_ROOT } from '../helpers/serverProcess';
import { waitFor } from '../helpers/waitFor';

/** How operators start it: `pnpm serve` from the repository, on the files `pnpm build` made. */
describe('serving the built artifacts', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('`pnpm serve` starts without rebuilding and keeps ./data in the directory it was started from', async () => {
    const port = await freePort();
    const dataDir = `test-data-${port}`;
    cleanups.push(() => {
      rmSync(path.join(REPO_ROOT, dataDir), { recursive: true, force: true });
      rmSync(path.join(REPO_ROOT, 'server', dataDir), { recursive: true, force: true });
    });
    const proc = spawn('pnpm', ['serve'], {
      cwd: REPO_ROOT,
      // As typed in a terminal: pnpm sets INIT_CWD to where it was started.
      env: { ...withoutInitCwd(process.env), PORT: String(port), RETRACE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    cleanups.push(async () => {
      if (proc.exitCode === null) process.kill(-proc.pid!, 'SIGTERM');
      await exited;
    });
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.ok,
          () => false,
        ),
      `pnpm serve to answer (${output})`,
      30_000,
    );
    expect(output).not.toMatch(/vite|building/i);
    expect(existsSync(path.join(REPO_ROOT, dataDir, 'retrace.sqlite'))).toBe(true);
    expect(existsSync(path.join(REPO_ROOT, 'server', dataDir))).toBe(false);
    // SIGTERM to the server (as systemd would send it): drain, store, exit 0, and pnpm with it.
    const server = execFileSync('pgrep', ['-g', String(proc.pid), '-f', '^node .*dist/main.js'], {
      encoding: 'utf8',
    }).trim();
    process.kill(Number(server.split('\n')[0]), 'SIGTERM');
    expect(await exited).toBe(0);
  });
});

function withoutInitCwd(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { INIT_CWD: _ignored, ...rest } = env;
  return rest;
}
