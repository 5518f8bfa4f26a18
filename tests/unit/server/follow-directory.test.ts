import { describe, expect, it } from 'vitest';
import type { Directory } from '@domain/directory.ts';
import { asOfficeId, asPersonId, type PersonId } from '@domain/ids.ts';
import { DEMO_DIRECTORY } from '../../../sync-server/directory/demo-directory.ts';
import {
  followStoredDirectory,
  type DirectoryWatch,
} from '../../../sync-server/directory/follow-directory.ts';
import { liveDirectory } from '../../../sync-server/directory/live-directory.ts';
import { SESSION_ENDED } from '../../../sync-server/sync/push-hub.ts';

/**
 * A district instance on PostgreSQL takes the directory another instance stored
 * (sync-server/directory/follow-directory.ts): when told (a notification, a
 * listener back), and at each check should a notification have been missed;
 * the whole directory is read only when its stamp changed.
 */

const CLERK = asPersonId('clerk.vikasnagar');
const DROPPED = asPersonId('kanungo.vikasnagar');
const moved: Directory = {
  ...DEMO_DIRECTORY,
  version: 2,
  people: DEMO_DIRECTORY.people
    .filter((p) => p.id !== DROPPED)
    .map((p) => (p.id === CLERK ? { ...p, office: asOfficeId('chakrata') } : p)),
};

function world() {
  const stored = { directory: DEMO_DIRECTORY as Directory, stamp: 's1' };
  const reads = { stamps: 0, directories: 0 };
  /** The database away (`down`), or slow to answer a stamp (`gate`: until it resolves). */
  const trouble: { down: boolean; gate: Promise<void> | null } = { down: false, gate: null };
  let told: () => void = () => undefined;
  let closed = false;
  const watch: DirectoryWatch = {
    stamp: async () => {
      reads.stamps++;
      if (trouble.down) throw new Error('connection refused');
      const stamp = stored.stamp;
      await trouble.gate;
      return stamp;
    },
    subscribe: (changed) => {
      told = changed;
    },
    close: async () => {
      closed = true;
    },
  };
  const revoked: PersonId[] = [];
  const socketsClosed: string[] = [];
  const announced: number[] = [];
  const log: string[] = [];
  let tick: () => void = () => undefined;
  const live = liveDirectory(DEMO_DIRECTORY);
  const follower = followStoredDirectory(watch, {
    storage: {
      loadDirectory: async () => (reads.directories++, stored.directory),
      revokePersonSessions: async (p) => (revoked.push(p), 1),
    },
    hub: {
      closePeople: (people, code) => (socketsClosed.push(...people.map((p) => `${p} ${code}`)), 0),
      announceDirectory: (version) => (announced.push(version), 0),
    },
    directory: live,
    now: () => 1000,
    log: (line) => log.push(line),
    checkEveryMs: 30_000,
    timers: {
      setInterval: (fn) => {
        tick = fn;
        return 1;
      },
      clearInterval: () => {
        tick = () => undefined;
      },
    },
  });
  const store = (d: Directory, stamp: string) => Object.assign(stored, { directory: d, stamp });
  return {
    follower,
    live,
    reads,
    trouble,
    revoked,
    socketsClosed,
    announced,
    log,
    store,
    told: () => told(),
    tick: () => tick(),
    closed: () => closed,
  };
}

describe('an instance following the stored directory', () => {
  it('takes one it is told of as a start would: revoked, sockets closed, devices told', async () => {
    const w = world();
    await w.follower.check();
    expect(w.announced).toEqual([]);
    w.store(moved, 's2');
    w.told();
    await w.follower.check();
    expect(w.live.get()).toBe(moved);
    expect(w.socketsClosed).toEqual([`${DROPPED} ${SESSION_ENDED}`, `${CLERK} 1001`]);
    expect(w.announced).toEqual([2]);
    expect(w.revoked).toEqual([DROPPED]);
    expect(w.log).toEqual([
      'directory: took the stored directory (version 1 -> 2): added nobody; ' +
        `transferred ${CLERK} (vikasnagar -> chakrata); removed ${DROPPED}`,
    ]);
  });

  it('takes one stored with no notification at its next check, reading it only when changed', async () => {
    const w = world();
    await w.follower.check();
    expect(w.reads.directories).toBe(1);
    w.tick();
    await w.follower.check();
    // The stamp unchanged: the directory is not read again.
    expect(w.reads.directories).toBe(1);
    w.store(moved, 's2');
    w.tick();
    await w.follower.check();
    expect(w.live.get()).toBe(moved);
    expect(w.announced).toEqual([2]);
  });

  it('keeps the one it serves while the store cannot be read, and takes it at the next check', async () => {
    const w = world();
    w.store(moved, 's2');
    w.trouble.down = true;
    await w.follower.check();
    expect(w.live.get()).toBe(DEMO_DIRECTORY);
    expect(w.log).toEqual([
      'directory: the stored directory could not be read: Error: connection refused',
    ]);
    w.trouble.down = false;
    w.tick();
    await w.follower.check();
    expect(w.live.get()).toBe(moved);
  });

  it('keeps the one it serves against an older one of its district stored over it', async () => {
    // Stored by other means than an install (which checks the version and writes in one
    // step since install-directory.ts took AccountStore.installDirectory).
    const w = world();
    w.store(moved, 's2');
    await w.follower.check();
    expect(w.live.get()).toBe(moved);
    w.store(DEMO_DIRECTORY, 's3');
    w.told();
    await w.follower.check();
    expect(w.live.get()).toBe(moved);
    expect(w.announced).toEqual([2]);
    expect(w.log.at(-1)).toBe(
      'directory: kept version 2: the stored directory is an older one of its district (version 1)',
    );
    // Read once: the next checks do not read it again, nor log it again.
    w.tick();
    await w.follower.check();
    expect(w.reads.directories).toBe(2);
    expect(w.log.length).toBe(2);
  });

  it('checks again when asked during a check (it may have read before the save)', async () => {
    const w = world();
    await w.follower.check();
    let answer: () => void = () => undefined;
    w.trouble.gate = new Promise<void>((resolve) => (answer = resolve));
    const first = w.follower.check();
    while (w.reads.stamps < 2) await Promise.resolve();
    // Stored while the first check's stamp, read before, is on its way.
    w.store(moved, 's2');
    const second = w.follower.check();
    answer();
    await first;
    expect(w.live.get()).toBe(DEMO_DIRECTORY);
    await second;
    expect(w.live.get()).toBe(moved);
    expect(w.announced).toEqual([2]);
  });

  it('stops checking and closes the watch: nothing asked after reads the store', async () => {
    const w = world();
    await w.follower.stop();
    expect(w.closed()).toBe(true);
    w.store(moved, 's2');
    w.tick();
    w.told();
    // A check asked after the stop (the startup's, a timer already due) joins any begun.
    await w.follower.check();
    expect(w.reads.stamps).toBe(0);
    expect(w.live.get()).toBe(DEMO_DIRECTORY);
  });

  it('closes the watch only once the check in flight is done', async () => {
    const w = world();
    let answer: () => void = () => undefined;
    w.trouble.gate = new Promise<void>((resolve) => (answer = resolve));
    w.store(moved, 's2');
    const checking = w.follower.check();
    while (w.reads.stamps < 1) await Promise.resolve();
    const stopping = w.follower.stop();
    await Promise.resolve();
    expect(w.closed()).toBe(false);
    answer();
    await stopping;
    await checking;
    expect(w.closed()).toBe(true);
    expect(w.live.get()).toBe(moved);
  });
});
