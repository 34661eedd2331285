import { build, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = import.meta.dirname;

/**
 * Bundles the server into dist/main.js: our TypeScript (server + @retrace/shared) is
 * compiled into one ESM file. The server's own npm dependencies stay plain imports resolved
 * from server/node_modules at run time (one yjs instance, native better-sqlite3); anything
 * only @retrace/shared depends on is bundled in. Plain JavaScript keeps start-up fast and
 * memory low (no TypeScript loader in production).
 */
const serverDependencies = new Set(
  Object.keys(
    (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: object }).dependencies,
  ),
);

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const externalDependencies: Plugin = {
  name: 'external-dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || serverDependencies.has(packageName(args.path))) {
        return packageName(args.path).startsWith('@retrace/') ? undefined : { path: args.path, external: true };
      }
      return undefined;
    });
  },
};

export async function buildServer(): Promise<void> {
  await build({
    entryPoints: {
      main: path.join(root, 'src/main.ts'),
      cli: path.join(root, 'src/cli.ts'),
      // Heavy work (snapshots, history, reports) runs in a worker thread from this file.
      worker: path.join(root, 'src/workers/worker.ts'),
      // Library searches run on a read-only SQLite connection in a thread of their own.
      sqliteSearchWorker: path.join(root, 'src/storage/sqliteSearchWorker.ts'),
      // The library's summaries, sorted and aggregated off the event loop.
      summaryWorker: path.join(root, 'src/boards/summaryWorker.ts'),
    },
    outdir: path.join(root, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    plugins: [externalDependencies],
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __retraceRequire } from 'node:module'; const require = __retraceRequire(import.meta.url);",
    },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildServer();
}
