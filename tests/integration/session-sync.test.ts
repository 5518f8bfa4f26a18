import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFile } from '@storage/services.ts';
import { currentSession } from '@storage/session/session.ts';
import { createSyncStatusStore, openingSyncStatus } from '@sync/status.ts';
import { createSessionSync, type SessionSync } from '@ui/services/session-sync.ts';
import { createClock, startServer, uuidFrom } from './sync-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { seeded, tablet, type Tablet } from './tablet-harness.ts';

/**
 * What runs while someone is signed in (session-sync.ts, out of main.tsx for
 * issue 13), against a real server: starting it syncs, a change made on the
 * tablet is pushed by the engine's own outbox watch (no watcher wired around
 * it), and stopping it ends the engine and the scan transfer.
 */

describe('session sync', () => {
  const clock = createClock();
  const random = seeded(23);
  let server: TestServer;
  let t: Tablet;
  let sync: SessionSync;
  let stop: () => void = () => {};

  /** What main.tsx gives it, with this test's server, clock and randomness. */
  const deps = () => ({
    db: t.db,
    syncStatus: createSyncStatusStore(),
    baseUrl: server.origin(),
    fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
    now: clock.now,
    random,
    newId: () => uuidFrom(random),
    setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
    clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
    persist: () => undefined,
  });

  async function until(check: () => Promise<boolean>): Promise<void> {
    while (!(await check())) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  beforeAll(async () => {
    server = await startServer(clock, random);
    t = tablet(server, clock, random);
    expect(await t.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    let scansStarted = 0;
    sync = createSessionSync({
      ...deps(),
      loadScans: async () => (deps) => {
        scansStarted++;
        expect(deps.getToken()).not.toBeNull();
        return { stop: () => void (scansStarted = -1) } as never;
      },
    });
    const session = await currentSession(t.db);
    if (session === null) throw new Error('not signed in');
    stop = sync.start(session);
    await until(async () => sync.engine()?.status.getSnapshot().state === 'synced');
    await until(async () => scansStarted === 1);
  });
  afterAll(async () => {
    stop();
    await t.db.delete();
    await server.close();
  });

  it('pushes a change made on the tablet, by the engine’s own outbox watch', async () => {
    const ctx = await t.context();
    const file = await createFile(ctx, { subject: 'खसरा 7 का सीमांकन', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    // Nothing here calls the engine: only its watch of the outbox can push the file.
    // Its rows leave the outbox only when the server acknowledged them (on its disk).
    await until(async () => (await t.db.outbox.count()) === 0);
    await until(async () => sync.engine()?.status.getSnapshot().state === 'synced');
    expect(sync.engine()?.status.getSnapshot().pending).toBe(0);
  });

  it('checks again, before it syncs, what an earlier build held back', async () => {
    // An older build held a record it could not read (e.g. a draft letter); this build
    // reads it: starting the session stores it and clears the problem, without waiting
    // for the record to change again.
    stop();
    const [stored] = await t.db.updates.toArray();
    if (stored === undefined) throw new Error('no stored update');
    await t.db.pullChecks.put({
      recordId: stored.recordId,
      problem: 'malformed',
      reason: 'eventMalformed',
      detail: 'unknown event kind',
      at: clock.now(),
      held: [stored.update],
    });
    const session = await currentSession(t.db);
    if (session === null) throw new Error('not signed in');
    stop = sync.start(session);
    await until(async () => (await t.db.pullChecks.count()) === 0);
    await until(async () => sync.engine()?.status.getSnapshot().state === 'synced');
  });

  it('loads the engine again when its chunk did not arrive, and syncs', async () => {
    stop();
    let loads = 0;
    const retrying = createSessionSync({
      ...deps(),
      // The waits between loads, a thousand times shorter.
      setTimeout: (fn, ms) => setTimeout(fn, ms / 1000),
      loadSync: async () => {
        loads++;
        if (loads < 3) throw new TypeError('Failed to fetch dynamically imported module');
        return (await import('@ui/services/sync-start.ts')).startSync;
      },
    });
    const session = await currentSession(t.db);
    if (session === null) throw new Error('not signed in');
    const stopRetrying = retrying.start(session);
    await until(async () => retrying.engine()?.status.getSnapshot().state === 'synced');
    expect(loads).toBe(3);
    stopRetrying();
    expect(retrying.engine()).toBeNull();
    stop = sync.start(session);
    await until(async () => sync.engine()?.status.getSnapshot().state === 'synced');
  });

  it('says Offline, not Syncing, while the engine’s chunk does not arrive', async () => {
    // An online tablet opens saying Syncing (main.tsx); with no engine yet to settle it,
    // a chunk that cannot be fetched (the server out of reach) must not leave it there.
    stop();
    const syncStatus = createSyncStatusStore(openingSyncStatus(true));
    const states: string[] = [];
    let loads = 0;
    const retrying = createSessionSync({
      ...deps(),
      syncStatus,
      setTimeout: (fn, ms) => setTimeout(fn, ms / 1000),
      loadSync: async () => {
        loads++;
        states.push(syncStatus.getSnapshot().state);
        if (loads < 2) throw new TypeError('Failed to fetch dynamically imported module');
        return (await import('@ui/services/sync-start.ts')).startSync;
      },
    });
    const session = await currentSession(t.db);
    if (session === null) throw new Error('not signed in');
    const stopRetrying = retrying.start(session);
    await until(async () => syncStatus.getSnapshot().state === 'synced');
    expect(states).toEqual(['syncing', 'offline']);
    stopRetrying();
    stop = sync.start(session);
    await until(async () => sync.engine()?.status.getSnapshot().state === 'synced');
  });

  it('says Offline, not Syncing, when the engine cannot start', async () => {
    stop();
    const syncStatus = createSyncStatusStore(openingSyncStatus(true));
    let tried = false;
    const failing = createSessionSync({
      ...deps(),
      syncStatus,
      // The device store fails as the engine starts (a closed database).
      loadSync: async () => () => {
        tried = true;
        return Promise.reject(new Error('DatabaseClosedError'));
      },
    });
    const session = await currentSession(t.db);
    if (session === null) throw new Error('not signed in');
    const stopFailing = failing.start(session);
    await until(async () => tried);
    await until(async () => syncStatus.getSnapshot().state !== 'syncing');
    stopFailing();
    expect(syncStatus.getSnapshot()).toMatchObject({ state: 'offline', error: 'server' });
    stop = sync.start(session);
    await until(async () => sync.engine()?.status.getSnapshot().state === 'synced');
  });

  it('stops the engine and the scan transfer, and a flush with nothing running returns', async () => {
    expect(sync.scans()).not.toBeNull();
    stop();
    expect(sync.engine()).toBeNull();
    expect(sync.scans()).toBeNull();
    await expect(sync.flush(5_000)).resolves.toBeUndefined();
  });
});
