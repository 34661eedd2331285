import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * One server process per SQLite data directory. A second process on the same file would
 * hand out the same sequence numbers and keep its own copy of every open board: edits would
 * silently split between the two. Several processes need PostgreSQL (DATABASE_URL).
 *
 * The lock is a file holding the owner's pid, created exclusively; a lock whose process is
 * gone (a crash, kill -9) is taken over. Readers (`pnpm retrace export`) take no lock.
 */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'retrace.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new DataDirLockedError(
          `another Retrace process (pid ${owner}) is using ${dataDir}. One process per SQLite data ` +
            'directory: run several processes on PostgreSQL (DATABASE_URL), or remove ' +
            `${file} if that process is not Retrace.`,
        );
      }
      rmSync(file, { force: true }); // left behind by a process that is gone
    }
  }
  throw new DataDirLockedError(`could not lock ${dataDir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
