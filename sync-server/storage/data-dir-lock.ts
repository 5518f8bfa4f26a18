import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One server per data directory. Two servers on one SQLite file both
 * acknowledge pushes, each validating against state the other is changing, so
 * one tablet's work is lost. The first server writes its pid into
 * `<dataDir>/server.lock` (created exclusively); a second one refuses to start
 * while that process lives. A lock left by a process that died (kill -9, power
 * cut) is taken over. The admin command does not take the lock: SQLite's own
 * locking keeps it safe beside a running server.
 */

export const LOCK_FILE = 'server.lock';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Takes the directory's lock; returns its release. Throws DataDirLockedError when held. */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  for (let tries = 0; tries < 2; tries++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = holder(path);
      if (pid !== null && alive(pid)) {
        throw new DataDirLockedError(
          `another Patravali server (pid ${pid}) is using ${dataDir}; stop it first ` +
            `(or delete ${path} if no server is running)`,
        );
      }
      rmSync(path, { force: true }); // left by a server that died
    }
  }
  throw new DataDirLockedError(`could not lock ${dataDir}`);
}
