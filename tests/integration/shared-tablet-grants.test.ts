import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asDeviceId, asPersonId, type RecordId } from '@domain/ids.ts';
import { openDb } from '@storage/db/db.ts';
import { createFile, loadDeviceContext, sendRecord } from '@storage/services.ts';
import { saveSession, signOut } from '@storage/session/session.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { createSyncEngine } from '@sync/engine.ts';
import {
  createClock,
  createDevice,
  signIn,
  startServer,
  syncUntilClean,
  uuidFrom,
  type TestDevice,
  type TestServer,
} from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';

/**
 * Found by the sync fuzzer (sync-fuzz.test.ts, seed 37), when a shared tablet
 * kept one pull cursor for whoever signed in on it (now one per person,
 * src/storage/sync/cursor.ts). The DM sends a collectorate file to the
 * tehsildar while the clerk is signed in on the tehsil's tablet; the server
 * grants the tehsildar access and resequences the file, the clerk's sync moved
 * the tablet's one cursor past it (not in the clerk's scope), and when the
 * tehsildar signed in on that tablet the file never arrived: DESIGN.md §5 says
 * a device syncs every record ever sent to its user. A fresh tablet receives it
 * (the control case below).
 */

const TEHSILDAR = asPersonId('tehsildar.vikasnagar');

describe('a shared tablet and records granted to the next person', () => {
  const clock = createClock();
  const random = mulberry32(1937);
  let server: TestServer;
  let dm: TestDevice;
  let fileId: RecordId;
  const tabletDb = openDb(`tablet-${uuidFrom(random)}`);
  const tabletId = asDeviceId(uuidFrom(random));

  /** Signs `username` in on the tablet (the previous person signed out) and syncs until clean. */
  async function useTablet(username: string): Promise<void> {
    await signOut(tabletDb);
    const s = await signIn(server, username, tabletId);
    const { token, expiresAt, person, deviceNumber } = s;
    await saveSession(
      tabletDb,
      { token, expiresAt, person, deviceNumber, online: true },
      s.directory,
    );
    const engine = createSyncEngine({
      port: createSyncPort(tabletDb, clock.now),
      deviceId: tabletId,
      getToken: () => token,
      baseUrl: server.origin(),
      fetch,
      now: clock.now,
      random,
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    });
    expect((await engine.syncNow()).kind).toBe('synced');
  }

  beforeAll(async () => {
    server = await startServer(clock, random);
    dm = await createDevice(server, 'dm.dehradun', clock, random);
    await useTablet('clerk.vikasnagar');
    const file = await createFile(dm.ctx, { subject: 'Flood relief review', category: 'revenue' });
    if (!file.ok) throw new Error(file.error);
    fileId = file.value.id;
    const sent = await sendRecord(dm.ctx, fileId, {
      to: TEHSILDAR,
      remarks: 'report by Friday',
      dueDate: null,
      priority: 'urgent',
    });
    expect(sent.ok).toBe(true);
    await syncUntilClean(dm);
    // Later work of the tehsil itself: the clerk's sync moves the tablet's cursor past
    // it, and so past the file, which the clerk may not see.
    const naib = await createDevice(server, 'naib.vikasnagar', clock, random);
    expect((await createFile(naib.ctx, { subject: 'Mutation', category: 'landRecords' })).ok).toBe(
      true,
    );
    await syncUntilClean(naib);
    await naib.db.delete();
    await useTablet('clerk.vikasnagar');
    expect(await tabletDb.records.get(fileId)).toBeUndefined();
    await useTablet('tehsildar.vikasnagar');
  });

  afterAll(async () => {
    dm.engine.stop();
    await Promise.all([dm.db.delete(), tabletDb.delete()]);
    await server.close();
  });

  it('control: a tablet the tehsildar starts on receives the file', async () => {
    const fresh = await createDevice(server, 'tehsildar.vikasnagar', clock, random);
    await syncUntilClean(fresh);
    expect(await fresh.db.records.get(fileId)).toMatchObject({ holder: TEHSILDAR });
    await fresh.db.delete();
  });

  it('the tehsildar signing in on the shared tablet receives the file', async () => {
    const ctx = await loadDeviceContext(tabletDb, {
      now: clock.now,
      newId: () => uuidFrom(random),
    });
    expect(ctx?.person.id).toBe(TEHSILDAR);
    expect(await tabletDb.records.get(fileId)).toMatchObject({ holder: TEHSILDAR });
  });
});
