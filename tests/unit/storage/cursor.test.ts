import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Person } from '@domain/directory.ts';
import { KV_KEYS, readKv, writeKv, type PatravaliDb } from '@storage/db/db.ts';
import { saveSession } from '@storage/session/session.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { clerk, directory, freshDb, tehsildar } from './helpers.ts';

/**
 * One pull cursor per person on a shared tablet (src/storage/sync/cursor.ts):
 * each person's sync starts from where their own last sync ended; a tablet
 * updated from a build with one cursor keeps it for whoever syncs first.
 */

const dbs: PatravaliDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

async function tablet(): Promise<PatravaliDb> {
  const db = freshDb('cursor');
  dbs.push(db);
  await db.open();
  return db;
}

const signIn = (db: PatravaliDb, person: Person) =>
  saveSession(
    db,
    { token: 't', expiresAt: Number.MAX_SAFE_INTEGER, person, deviceNumber: 1, online: true },
    directory,
  );

describe('pull cursor on a shared tablet', () => {
  it('is kept per person: the next person starts from their own', async () => {
    const db = await tablet();
    await signIn(db, clerk);
    const port = createSyncPort(db);
    expect(await port.cursor()).toBe(0);
    await port.applyIncoming([], 40);
    expect(await port.cursor()).toBe(40);

    await signIn(db, tehsildar);
    expect(await port.cursor()).toBe(0);
    await port.applyIncoming([], 55);
    await signIn(db, clerk);
    expect(await port.cursor()).toBe(40);
    expect(await readKv(db, KV_KEYS.cursor)).toEqual({ [clerk.id]: 40, [tehsildar.id]: 55 });
  });

  it('advances the cursor of the person whose sync read it, if someone else signs in meanwhile', async () => {
    const db = await tablet();
    await signIn(db, clerk);
    const port = createSyncPort(db);
    await port.cursor();
    await signIn(db, tehsildar);
    await port.applyIncoming([], 30);
    expect(await readKv(db, KV_KEYS.cursor)).toEqual({ [clerk.id]: 30 });
  });

  it('never moves a cursor back', async () => {
    const db = await tablet();
    await signIn(db, clerk);
    const port = createSyncPort(db);
    await port.cursor();
    await port.applyIncoming([], 30);
    await port.applyIncoming([], 20);
    expect(await port.cursor()).toBe(30);
  });

  it("takes an older build's one cursor as the cursor of whoever syncs first", async () => {
    const db = await tablet();
    await writeKv(db, KV_KEYS.cursor, 70);
    await signIn(db, tehsildar);
    const port = createSyncPort(db);
    expect(await port.cursor()).toBe(70);
    await port.applyIncoming([], 75);
    expect(await readKv(db, KV_KEYS.cursor)).toEqual({ [tehsildar.id]: 75 });
    await signIn(db, clerk);
    expect(await port.cursor()).toBe(0);
  });
});
