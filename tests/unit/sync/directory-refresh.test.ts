import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Directory, Person } from '@domain/directory.ts';
import { asPersonId } from '@domain/ids.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import { KV_KEYS, readKv, writeKv } from '@storage/db/db.ts';
import { directoryTag, keepDirectory } from '@storage/session/kept-directory.ts';
import {
  currentSession,
  rememberAccount,
  saveSession,
  signInOffline,
  storedDirectory,
} from '@storage/session/session.ts';
import { MAX_DIRECTORY_BYTES } from '@sync/directory-fetch.ts';
import { DIRECTORY_EVERY_MS, DIRECTORY_RETRY_MS } from '@sync/directory-schedule.ts';
import { createSyncEngine } from '@sync/engine.ts';
import { directory as v1, clerk, freshDb, naib } from '../storage/helpers.ts';
import { rig, session, syncAndDirectory, until } from './directory-rig.ts';
import { FakeSocket } from './fakes.ts';

/**
 * A tablet takes the directory as it changes, not only at sign-in: after a sync it
 * asks GET /api/directory with the ETag it holds, and keeps only a directory
 * (domain/directory-parse.ts) not older than the held one. Nothing it is answered
 * fails the sync.
 */

const newClerk: Person = {
  ...clerk,
  id: asPersonId('clerk2.vikasnagar'),
  name: { hi: 'सुरेश', en: 'Suresh' },
};
const v2: Directory = { ...v1, version: 2, people: [...v1.people, newClerk] };

describe('the directory after a sync', () => {
  let db: PatravaliDb;
  beforeEach(async () => {
    db = freshDb('directory-refresh');
    await saveSession(db, session(clerk), v1);
  });
  afterEach(async () => {
    db.close();
    await db.delete();
  });

  it('keeps a newer directory with its ETag, then asks with If-None-Match: 304 keeps it', async () => {
    const r = rig(db);
    r.answers.push({ directory: v2, tag: '"v2"' });
    const engine = createSyncEngine(r.deps);
    expect(await syncAndDirectory(r, engine)).toMatchObject({ kind: 'synced' });
    expect(r.asked).toEqual([null]);
    expect(await storedDirectory(db)).toEqual(v2);
    expect(await directoryTag(db)).toBe('"v2"');

    // Not asked again before DIRECTORY_EVERY_MS has passed.
    await syncAndDirectory(r, engine);
    expect(r.asked).toHaveLength(1);
    r.timers.advance(DIRECTORY_EVERY_MS);
    r.answers.push('notModified');
    expect(await syncAndDirectory(r, engine)).toMatchObject({ kind: 'synced' });
    expect(r.asked).toEqual([null, '"v2"']);
    expect(await storedDirectory(db)).toEqual(v2);
    expect(await directoryTag(db)).toBe('"v2"');
  });

  it('ignores an older directory: the held one stays', async () => {
    await keepDirectory(db, v2, '"v2"');
    const r = rig(db);
    r.answers.push({ directory: v1, tag: '"v1"' });
    expect(await syncAndDirectory(r, createSyncEngine(r.deps))).toMatchObject({ kind: 'synced' });
    expect(r.asked).toEqual(['"v2"']);
    expect(await storedDirectory(db)).toEqual(v2);
    // Its tag is asked with from now on: the same older one is a 304, not taken whole again.
    expect(await directoryTag(db)).toBe('"v1"');
  });

  it('ignores what is not a directory: the held one stays, its tag asked with after', async () => {
    const noPeople = { ...v2, people: [] };
    const unknownOffice = { ...v2, people: [{ ...newClerk, office: 'nowhere' }] };
    const noVersion = { ...v2, version: 'two' };
    for (const directory of [noPeople, unknownOffice, noVersion, 'v2', null]) {
      const r = rig(db);
      r.answers.push({ directory, tag: '"bad"' });
      expect(await syncAndDirectory(r, createSyncEngine(r.deps))).toMatchObject({ kind: 'synced' });
      expect(r.asked).toHaveLength(1);
      expect(await storedDirectory(db)).toEqual(v1);
      expect(await directoryTag(db)).toBe('"bad"');
    }
  });

  it('keeps what it checked, not the body: fields it does not know stay out', async () => {
    const r = rig(db);
    const people = v2.people.map((p) => ({ ...p, password: 'secret' }));
    r.answers.push({ directory: { ...v2, people, motd: 'x'.repeat(1000) }, tag: '"v2"' });
    expect(await syncAndDirectory(r, createSyncEngine(r.deps))).toMatchObject({ kind: 'synced' });
    const kept = await storedDirectory(db);
    expect(kept).toEqual(v2);
    expect(JSON.stringify(kept)).not.toMatch(/secret|motd/);
  });

  it('refuses a directory larger than MAX_DIRECTORY_BYTES and does not download it again', async () => {
    const r = rig(db);
    const huge = { ...v2, motd: 'x'.repeat(MAX_DIRECTORY_BYTES) };
    r.answers.push({ directory: huge, tag: '"huge"' });
    const engine = createSyncEngine(r.deps);
    expect(await syncAndDirectory(r, engine)).toMatchObject({ kind: 'synced' });
    expect(await storedDirectory(db)).toEqual(v1);
    expect(await directoryTag(db)).toBe('"huge"');
    r.timers.advance(DIRECTORY_EVERY_MS);
    await syncAndDirectory(r, engine);
    expect(r.asked).toEqual([null, '"huge"']);
  });

  it('refuses a 200 that is not JSON (a captive portal): not asked again before the usual wait', async () => {
    const r = rig(db);
    r.answers.push({ body: '<html>Sign in to the Wi-Fi</html>', tag: '"portal"' });
    const engine = createSyncEngine(r.deps);
    expect(await syncAndDirectory(r, engine)).toMatchObject({ kind: 'synced' });
    expect(await storedDirectory(db)).toEqual(v1);
    expect(await directoryTag(db)).toBeNull();
    r.timers.advance(DIRECTORY_RETRY_MS);
    await syncAndDirectory(r, engine);
    expect(r.asked).toEqual([null]);
    r.timers.advance(DIRECTORY_EVERY_MS);
    await syncAndDirectory(r, engine);
    expect(r.asked).toEqual([null, null]);
  });

  it('a network failure or an error answer does not fail the sync, and is asked again a minute later', async () => {
    const r = rig(db);
    r.answers.push('networkDown', 'http500', { directory: v2, tag: '"v2"' });
    const engine = createSyncEngine(r.deps);
    expect(await syncAndDirectory(r, engine)).toMatchObject({ kind: 'synced' });
    // Not at every sync: a stuck 500 would be asked at each.
    expect(await syncAndDirectory(r, engine)).toMatchObject({ kind: 'synced' });
    expect(r.asked).toHaveLength(1);
    r.timers.advance(DIRECTORY_RETRY_MS);
    expect(await syncAndDirectory(r, engine)).toMatchObject({ kind: 'synced' });
    expect(r.asked).toHaveLength(2);
    expect(await storedDirectory(db)).toEqual(v1);
    r.timers.advance(DIRECTORY_RETRY_MS);
    expect(await syncAndDirectory(r, engine)).toMatchObject({ kind: 'synced' });
    expect(r.asked).toEqual([null, null, null]);
    expect(await storedDirectory(db)).toEqual(v2);
  });

  it('is asked for once the run has settled: Synced does not wait for it', async () => {
    const r = rig(db);
    let answer = (): void => undefined;
    const until2G = new Promise<void>((resolve) => (answer = resolve));
    r.answers.push({ until: until2G, then: { directory: v2, tag: '"v2"' } });
    const engine = createSyncEngine(r.deps);
    const run = engine.syncNow();
    await until(() => r.asked.length === 1);
    await until(() => engine.status.getSnapshot().state === 'synced');
    expect(await run).toMatchObject({ kind: 'synced' });
    answer();
    await until(() => engine.status.getSnapshot().state === 'synced');
    await until(async () => (await storedDirectory(db))?.version === 2);
  });

  it('is asked for again after the push channel opens again (a server restarted)', async () => {
    const r = rig(db);
    const engine = createSyncEngine({ ...r.deps, WebSocket: FakeSocket });
    engine.start();
    await until(() => r.asked.length === 1 && engine.status.getSnapshot().state === 'synced');
    await engine.syncNow();
    expect(r.asked).toHaveLength(1);
    r.answers.push({ directory: v2, tag: '"v2"' });
    FakeSocket.opened.at(-1)?.open();
    await until(() => r.asked.length === 2);
    await until(() => engine.status.getSnapshot().state === 'synced');
    engine.stop();
    expect(await storedDirectory(db)).toEqual(v2);
  });

  it('a sign-in that writes another directory forgets the ETag of the one before', async () => {
    await keepDirectory(db, v2, '"v2"');
    const another = { ...v2, version: 3, people: v1.people };
    await saveSession(db, session(clerk), another);
    expect(await storedDirectory(db)).toEqual(another);
    expect(await directoryTag(db)).toBeNull();
  });

  it('a sign-in given the directory held keeps its ETag: the next request is a 304', async () => {
    await keepDirectory(db, v2, '"v2"');
    await saveSession(db, session(clerk), structuredClone(v2));
    expect(await directoryTag(db)).toBe('"v2"');
  });

  it('a sign-in given an older directory (a lagging relay) keeps the newer one held', async () => {
    await keepDirectory(db, v2, '"v2"');
    await saveSession(db, session(clerk), v1);
    expect(await storedDirectory(db)).toEqual(v2);
    expect(await directoryTag(db)).toBe('"v2"');
  });

  it("takes another district's directory only at a sign-in, never from a refresh", async () => {
    await keepDirectory(db, v2, '"v2"');
    await writeKv(db, KV_KEYS.cursor, { [clerk.id]: 40 });
    // The same people and offices, at a higher version: only the district differs.
    const other: Directory = {
      ...v1,
      version: 9,
      district: { id: 'haridwar', name: v1.district.name },
    };
    expect(await keepDirectory(db, other, '"h9"')).toBe('older');
    expect(await storedDirectory(db)).toEqual(v2);
    expect(await directoryTag(db)).toBe('"v2"');
    expect(await readKv(db, KV_KEYS.pullAgain)).toBeUndefined();
  });

  it("a sign-in given another district's directory takes it whatever its version", async () => {
    await keepDirectory(db, v2, '"v2"');
    const other: Directory = { ...v1, district: { id: 'haridwar', name: v1.district.name } };
    await saveSession(db, session(clerk), other);
    expect(await storedDirectory(db)).toEqual(other);
    expect(await directoryTag(db)).toBeNull();
    expect(await readKv(db, KV_KEYS.pullAgain)).toEqual([clerk.id]);
  });
});

/** The clerk made a kanungo, in version 3. */
const promoted: Person = {
  ...clerk,
  role: 'kanungo',
  designation: { hi: 'कानूनगो', en: 'Kanungo' },
};
const v3: Directory = {
  ...v1,
  version: 3,
  people: v1.people.map((p) => (p.id === clerk.id ? promoted : p)),
};

describe('the signed-in person in a new directory', () => {
  let db: PatravaliDb;
  beforeEach(async () => {
    db = freshDb('directory-own');
    await saveSession(db, session(clerk), v1);
    await rememberAccount(db, clerk.id, 'password-1', clerk, 1000);
  });
  afterEach(async () => {
    db.close();
    await db.delete();
  });

  it('takes their new role and designation into the session and the remembered account', async () => {
    expect(await keepDirectory(db, v3, null)).toBe('kept');
    expect((await currentSession(db))?.person).toEqual(promoted);
    expect((await db.accounts.get(clerk.id))?.person).toEqual(promoted);
  });

  it('a sign-in of someone else with a newer directory updates the remembered accounts', async () => {
    // Shared tablet: the clerk is remembered at v1; the naib signs in online and is given v2,
    // where the clerk is a kanungo; the next fetch says 'same'; the clerk signs in offline.
    await saveSession(db, session(naib), v3);
    expect((await db.accounts.get(clerk.id))?.person).toEqual(promoted);
    expect(await keepDirectory(db, structuredClone(v3), '"v3"')).toBe('same');
    expect(await signInOffline(db, clerk.id, 'password-1')).toEqual(promoted);
    expect((await currentSession(db))?.person).toEqual(promoted);
  });

  it('the same directory again updates a remembered account left behind', async () => {
    // As an older build left it: the directory written, the account not.
    await writeKv(db, KV_KEYS.directory, v3);
    expect(await keepDirectory(db, structuredClone(v3), '"v3"')).toBe('same');
    expect((await db.accounts.get(clerk.id))?.person).toEqual(promoted);
  });

  it('an offline sign-in takes the person as the directory held lists them', async () => {
    await writeKv(db, KV_KEYS.directory, v3);
    expect(await signInOffline(db, clerk.id, 'password-1')).toEqual(promoted);
    // Not listed: their remembered copy.
    await writeKv(db, KV_KEYS.directory, {
      ...v3,
      people: v3.people.filter((p) => p.id !== clerk.id),
    });
    expect(await signInOffline(db, clerk.id, 'password-1')).toEqual(clerk);
  });

  it('leaves them as they are when they are no longer in it (the server ends their session)', async () => {
    const without = { ...v1, version: 3, people: v1.people.filter((p) => p.id !== clerk.id) };
    expect(await keepDirectory(db, without, null)).toBe('kept');
    expect((await currentSession(db))?.person).toEqual(clerk);
    expect((await db.accounts.get(clerk.id))?.person).toEqual(clerk);
    expect(await readKv(db, KV_KEYS.directory)).toEqual(without);
  });

  it('tells the same directory from a newer and an older one', async () => {
    expect(await keepDirectory(db, structuredClone(v1), '"v1"')).toBe('same');
    expect(await directoryTag(db)).toBe('"v1"');
    expect(await keepDirectory(db, v2, '"v2"')).toBe('kept');
    expect(await keepDirectory(db, v1, '"v1"')).toBe('older');
    expect(await directoryTag(db)).toBe('"v2"');
  });
});
