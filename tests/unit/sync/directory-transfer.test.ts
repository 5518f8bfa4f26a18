import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeWidened, type Directory, type Person } from '@domain/directory.ts';
import { asOfficeId, asRecordId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '@storage/db/db.ts';
import { keepDirectory } from '@storage/session/kept-directory.ts';
import { saveSession } from '@storage/session/session.ts';
import { takePullAgain } from '@storage/sync/pull-again.ts';
import { createSyncEngine } from '@sync/engine.ts';
import { directory as v1, clerk, freshDb, naib } from '../storage/helpers.ts';
import { rig, session, spreadEnds, until } from './directory-rig.ts';
import { FakeSocket } from './fakes.ts';

/**
 * A directory that moves the signed-in person to another office, or gives them a
 * district role, makes their next sync pull their scope from the start
 * (src/storage/sync/pull-again.ts); the engine syncs at once after taking it. A
 * directory announced on the push channel is asked for at once; the directory
 * being asked for never holds back a sync.
 */

const CHAKRATA = asOfficeId('chakrata');
const withChakrata: Directory = {
  ...v1,
  offices: [
    ...v1.offices,
    { id: CHAKRATA, code: 'CKT', kind: 'tehsil', name: { hi: 'चकराता', en: 'Chakrata' } },
  ],
};
/** `directory` at `version` with `who` changed by `change`. */
function moved(version: number, who: Person, change: Partial<Person>): Directory {
  const people = withChakrata.people.map((p) => (p.id === who.id ? { ...p, ...change } : p));
  return { ...withChakrata, version, people };
}

describe('scopeWidened', () => {
  it('another office or a district role widens; losing a district role or a new designation does not', () => {
    expect(scopeWidened(clerk, { ...clerk, office: CHAKRATA })).toBe(true);
    expect(scopeWidened(clerk, { ...clerk, role: 'adm' })).toBe(true);
    expect(scopeWidened(clerk, { ...clerk, role: 'kanungo' })).toBe(false);
    expect(scopeWidened({ ...clerk, role: 'dm' }, clerk)).toBe(false);
    expect(
      scopeWidened({ ...clerk, role: 'dm' }, { ...clerk, role: 'adm', office: CHAKRATA }),
    ).toBe(false);
  });
});

describe('a directory that widens who synced here', () => {
  let db: PatravaliDb;
  beforeEach(async () => {
    db = freshDb('directory-transfer');
    await saveSession(db, session(clerk), withChakrata);
    await writeKv(db, KV_KEYS.cursor, { [clerk.id]: 40, [naib.id]: 30 });
    await writeKv(db, KV_KEYS.join, { [clerk.id]: { seq: 40, deskDone: true } });
    await writeKv(db, KV_KEYS.logTiers, {
      districtKey: { cursor: { [clerk.id]: 90, [naib.id]: 80 } },
    });
  });
  afterEach(async () => {
    db.close();
    await db.delete();
  });

  it("sets the signed-in person's pull back to the start at their next sync, here and at the other tier", async () => {
    await db.outbox.add({ recordId: asRecordId('r-1'), update: new Uint8Array([1]), at: 1 });
    expect(await keepDirectory(db, moved(2, clerk, { office: CHAKRATA }), null)).toBe('widened');
    // Not yet: a sync in flight would move the cursor on past it.
    expect(await readKv(db, KV_KEYS.cursor)).toEqual({ [clerk.id]: 40, [naib.id]: 30 });
    expect(await takePullAgain(db)).toBe(true);
    expect(await readKv(db, KV_KEYS.cursor)).toEqual({ [naib.id]: 30 });
    expect(await readKv(db, KV_KEYS.join)).toEqual({});
    expect(await readKv(db, KV_KEYS.logTiers)).toEqual({
      districtKey: { cursor: { [naib.id]: 80 } },
    });
    // Once; the outbox is not touched.
    expect(await takePullAgain(db)).toBe(false);
    expect(await db.outbox.count()).toBe(1);
  });

  it('notes another person who synced here for their own next sync; not one who never did', async () => {
    // The naib synced here (a cursor of their own); the SDM never did.
    const people = withChakrata.people.map((p) =>
      p.id === naib.id || p.role === 'sdm' ? { ...p, office: CHAKRATA } : p,
    );
    expect(await keepDirectory(db, { ...withChakrata, version: 2, people }, null)).toBe('kept');
    expect(await readKv(db, KV_KEYS.pullAgain)).toEqual([naib.id]);
    // The clerk signed in: nothing to do for them.
    expect(await takePullAgain(db)).toBe(false);
    await saveSession(db, session({ ...naib, office: CHAKRATA }));
    expect(await takePullAgain(db)).toBe(true);
    expect(await readKv(db, KV_KEYS.cursor)).toEqual({ [clerk.id]: 40 });
  });

  it('a new designation or role in the same office changes no pull', async () => {
    const promoted = moved(2, clerk, { role: 'kanungo', designation: { hi: 'क', en: 'K' } });
    expect(await keepDirectory(db, promoted, null)).toBe('kept');
    expect(await takePullAgain(db)).toBe(false);
    expect(await readKv(db, KV_KEYS.cursor)).toEqual({ [clerk.id]: 40, [naib.id]: 30 });
  });

  it('a sign-in given a directory that moved them notes it too', async () => {
    const there = moved(2, clerk, { office: CHAKRATA });
    await saveSession(db, session(there.people.find((p) => p.id === clerk.id)!), there);
    expect(await takePullAgain(db)).toBe(true);
  });

  it('the engine syncs again at once, from the start', async () => {
    const r = rig(db);
    const port = r.deps.port as typeof r.deps.port & { cursorValue: number };
    port.cursorValue = 40;
    Object.assign(port, {
      pullAgain: async () => {
        const again = await takePullAgain(db);
        if (again) port.cursorValue = 0;
        return again;
      },
    });
    r.answers.push({ directory: moved(2, clerk, { office: CHAKRATA }), tag: '"v2"' });
    const engine = createSyncEngine(r.deps);
    engine.start();
    await until(() => r.fetched.length === 1);
    expect(r.fetched).toEqual([{ kind: 'kept', version: 2, pullAgain: true }]);
    await until(() => r.server.requests.length === 2);
    engine.stop();
    const cursors = r.server.requests.map((q) => (q.type === 'syncRequest' ? q.cursor : -1));
    expect(cursors).toEqual([40, 0]);
  });
});

describe('the directory asked for beside syncs', () => {
  let db: PatravaliDb;
  beforeEach(async () => {
    db = freshDb('directory-beside');
    await saveSession(db, session(clerk), v1);
  });
  afterEach(async () => {
    db.close();
    await db.delete();
  });

  it('a sync asked for while the directory is being asked for runs at once', async () => {
    const r = rig(db);
    let answer = (): void => undefined;
    const slow = new Promise<void>((resolve) => (answer = resolve));
    r.answers.push({ until: slow, then: 'notModified' });
    const engine = createSyncEngine(r.deps);
    expect(await engine.syncNow()).toMatchObject({ kind: 'synced' });
    await until(() => r.asked.length === 1);
    // The directory has not answered: the next sync does not wait for it.
    expect(await engine.syncNow()).toMatchObject({ kind: 'synced' });
    expect(r.server.requests).toHaveLength(2);
    expect(r.fetched).toEqual([]);
    answer();
    await until(() => r.fetched.length === 1);
    // Asked once: not again beside the second sync.
    expect(r.asked).toHaveLength(1);
  });

  it('a directory announced on the push channel is asked for within seconds, not at the next check', async () => {
    const r = rig(db);
    const engine = createSyncEngine({ ...r.deps, WebSocket: FakeSocket });
    engine.start();
    FakeSocket.opened.at(-1)?.open();
    await until(() => r.fetched.length === 1 && engine.status.getSnapshot().state === 'synced');
    const requests = r.server.requests.length;
    r.answers.push({ directory: { ...v1, version: 2 }, tag: '"v2"' });
    FakeSocket.opened.at(-1)?.receive(encodeFrame({ type: 'directory', version: 2 }));
    await spreadEnds(r);
    await until(() => r.fetched.length === 2);
    engine.stop();
    expect(r.fetched.at(-1)).toEqual({ kind: 'kept', version: 2 });
    expect(r.server.requests.length).toBe(requests + 1);
  });
  it('a link lost ends the directory request in flight, as it ends the sync', async () => {
    const r = rig(db);
    let lost = (): void => undefined;
    const offlineEvents = (listener: () => void): (() => void) => {
      lost = listener;
      return () => undefined;
    };
    // A dead link on 2G: the request is never answered.
    r.answers.push({ until: new Promise<void>(() => undefined), then: 'notModified' });
    const engine = createSyncEngine({ ...r.deps, offlineEvents });
    engine.start();
    await until(() => r.asked.length === 1);
    lost();
    await until(() => r.fetched.length === 1);
    engine.stop();
    expect(r.fetched[0]).toMatchObject({ kind: 'failed' });
  });
  it('a directory announced while one is being asked for is asked for after it, at once', async () => {
    const r = rig(db);
    let answer = (): void => undefined;
    // The relay answers with the directory it held before it took the new one.
    r.answers.push({
      until: new Promise<void>((resolve) => (answer = resolve)),
      then: 'notModified',
    });
    const engine = createSyncEngine({ ...r.deps, WebSocket: FakeSocket });
    engine.start();
    FakeSocket.opened.at(-1)?.open();
    await until(() => r.asked.length === 1);
    const requests = r.server.requests.length;
    r.answers.push({ directory: { ...v1, version: 2 }, tag: '"v2"' });
    FakeSocket.opened.at(-1)?.receive(encodeFrame({ type: 'directory', version: 2 }));
    await spreadEnds(r);
    // No sync while the request is in flight: it would not ask beside it. (A sync begun
    // reads Syncing at once; its request reaches the server only later.)
    expect(engine.status.getSnapshot().state).toBe('synced');
    expect(r.server.requests.length).toBe(requests);
    answer();
    await until(() => r.fetched.length === 2);
    engine.stop();
    expect(r.server.requests.length).toBe(requests + 1);
    expect(r.fetched).toEqual([{ kind: 'unchanged' }, { kind: 'kept', version: 2 }]);
  });
});
