import { replacesDirectory, type Directory } from '@domain/directory.ts';
import { stableJson } from '@doc/signature.ts';
import type { ServerStorage } from '../storage/types.ts';
import type { PushHub } from '../sync/push-hub.ts';
import { changedPeople, switchDirectory, type LiveDirectory } from './live-directory.ts';

/**
 * A district instance follows the directory stored in its PostgreSQL database,
 * which every instance behind the balancer shares: when the administrator restarts
 * one instance with a new directory file, it stores it (install-directory.ts), and
 * every other instance takes it while it runs, as a start would have: sign-in,
 * scope and validation check against it, GET /api/directory serves it (the office
 * relays take it from there), the sessions of people no longer in it are revoked,
 * the push sockets of people it moved or removed are closed, and every other
 * device is sent the `directory` frame (live-directory.ts switchDirectory).
 *
 * Told by the database when a directory is stored (NOTIFY on the save,
 * storage/pg/pg-directory-watch.ts), and again after its listening connection came
 * back, since a notification sent meanwhile never came. As a fallback it compares
 * the stored directory's stamp (a hash of its text, one cheap query) every
 * `checkEveryMs` (PATRAVALI_DIRECTORY_CHECK_MS), so an instance that missed a
 * notification is behind for that long at most, never for good. The whole
 * directory is read only when the stamp changed. An older one of its district
 * stored over a newer one is not taken (an install never stores one: it checks
 * and writes in one step, install-directory.ts; a hand-made write might).
 * SQLite serves from one process,
 * which stored the directory itself: it follows nothing.
 */

export interface DirectoryWatch {
  /** Changes whenever the stored directory does; null while none is stored. */
  stamp(): Promise<string | null>;
  /** `changed`: the stored directory may have changed (a notification, a reconnect). */
  subscribe(changed: () => void): void;
  close(): Promise<void>;
}

export interface FollowDeps {
  readonly storage: Pick<ServerStorage, 'loadDirectory' | 'revokePersonSessions'>;
  readonly hub: Pick<PushHub, 'closePeople' | 'announceDirectory'>;
  readonly directory: LiveDirectory;
  readonly now: () => number;
  readonly log: (line: string) => void;
  readonly checkEveryMs: number;
  readonly timers: {
    setInterval(fn: () => void, ms: number): unknown;
    clearInterval(handle: unknown): void;
  };
}

export interface DirectoryFollower {
  /** Compares the stored directory with the one served now, and takes it if it changed. */
  check(): Promise<void>;
  /** Stops the checks and closes the watch. */
  stop(): Promise<void>;
}

export function followStoredDirectory(watch: DirectoryWatch, deps: FollowDeps): DirectoryFollower {
  /** The stamp of the stored directory last read (undefined: none read yet). */
  let seen: string | null | undefined;
  /** The check asked for last, and the one asked for that has not begun (null: none). */
  let last: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | null = null;
  let stopped = false;

  const once = async (): Promise<void> => {
    const stamp = await watch.stamp();
    if (stamp === null || stamp === seen) return;
    const next = await deps.storage.loadDirectory();
    if (next === null) return;
    // A save between the two reads: this stamp is behind `next`, and the next check reads it again.
    seen = stamp;
    const before = deps.directory.get();
    if (stableJson(before) === stableJson(next)) return;
    // An older one stored over a newer one (not by an install, which checks the version and
    // writes in one step, install-directory.ts): kept, as tablets and relays keep it, rather
    // than every instance going back.
    if (!replacesDirectory(before, next)) {
      deps.log(
        `directory: kept version ${before.version}: the stored directory is an older one ` +
          `of its district (version ${next.version})`,
      );
      return;
    }
    await take(before, next);
  };
  const take = async (before: Directory, next: Directory): Promise<void> => {
    const { added, removed, moved, changed } = changedPeople(before, next);
    await switchDirectory(deps, deps.directory, next, { removed, changed });
    const transfers = moved.map((m) => `${m.id} (${m.from} -> ${m.to})`);
    deps.log(
      `directory: took the stored directory (version ${before.version} -> ${next.version}): ` +
        `added ${added.join(', ') || 'nobody'}; transferred ${transfers.join(', ') || 'nobody'}; ` +
        `removed ${removed.join(', ') || 'nobody'}`,
    );
  };
  /**
   * One check at a time, in order. An ask while one is waiting to begin joins it; one
   * while a check runs is another after it (that one may have read before a save).
   * Once stopped, none begins: the watch is closed, or being closed.
   */
  const check = (): Promise<void> => {
    if (stopped) return last;
    if (waiting !== null) return waiting;
    const next = last.then(() => {
      waiting = null;
      return once().catch((e: unknown) => {
        // The database away: the next notification or check asks again.
        deps.log(`directory: the stored directory could not be read: ${String(e)}`);
      });
    });
    waiting = next;
    last = next;
    return next;
  };

  watch.subscribe(() => void check());
  const timer = deps.timers.setInterval(() => void check(), deps.checkEveryMs);
  return {
    check,
    async stop() {
      stopped = true;
      deps.timers.clearInterval(timer);
      await last;
      await watch.close();
    },
  };
}
