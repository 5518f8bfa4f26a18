import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Person } from '@domain/directory.ts';
import { asOfficeId, asPersonId } from '@domain/ids.ts';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import {
  currentSession,
  ensureDeviceId,
  rememberAccount,
  saveSession,
  signInOffline,
  signOut,
  verifyOfflineSignIn,
} from '@storage/session/session.ts';

const clerk: Person = {
  id: asPersonId('clerk.vikasnagar'),
  name: { hi: 'रमेश', en: 'Ramesh' },
  designation: { hi: 'पटल सहायक', en: 'Desk assistant' },
  role: 'deskAssistant',
  office: asOfficeId('vikasnagar'),
};

let n = 0;
const dbs: PatravaliDb[] = [];
function freshDb(): PatravaliDb {
  const db = openDb(`session-test-${Date.now()}-${n++}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('session', () => {
  it('keeps the session until sign-out, then leaves nothing readable', async () => {
    const db = freshDb();
    await saveSession(db, {
      token: 'secret-token',
      expiresAt: 99,
      person: clerk,
      deviceNumber: 3,
      online: true,
    });
    expect((await currentSession(db))?.person.id).toBe('clerk.vikasnagar');
    await signOut(db);
    expect(await currentSession(db)).toBeNull();
    const everything = JSON.stringify(await db.kv.toArray());
    expect(everything).not.toContain('secret-token');
  });

  it('chooses the device id once', async () => {
    const db = freshDb();
    const first = await ensureDeviceId(db, () => '11111111-1111-4111-8111-111111111111');
    const second = await ensureDeviceId(db, () => '22222222-2222-4222-8222-222222222222');
    expect(second).toBe(first);
  });
});

describe('offline sign-in verifier', () => {
  it('accepts the right password and refuses a wrong one or an unknown user', async () => {
    const db = freshDb();
    await rememberAccount(db, 'clerk.vikasnagar', 'demo1234', clerk, 100_000);
    expect(await verifyOfflineSignIn(db, 'clerk.vikasnagar', 'demo1234')).toEqual(clerk);
    expect(await verifyOfflineSignIn(db, 'clerk.vikasnagar', 'demo12345')).toBeNull();
    expect(await verifyOfflineSignIn(db, 'tehsildar.vikasnagar', 'demo1234')).toBeNull();
  });

  it('never stores the password, and uses at least 100k iterations by default', async () => {
    const db = freshDb();
    await rememberAccount(db, 'clerk.vikasnagar', 'demo1234', clerk);
    const row = await db.accounts.get('clerk.vikasnagar');
    expect(row?.iterations).toBeGreaterThanOrEqual(100_000);
    expect(row?.salt.byteLength).toBeGreaterThanOrEqual(16);
    expect(JSON.stringify(row)).not.toContain('demo1234');
  });

  it('starts an offline session without a token', async () => {
    const db = freshDb();
    await rememberAccount(db, 'clerk.vikasnagar', 'demo1234', clerk, 100_000);
    expect(await signInOffline(db, 'clerk.vikasnagar', 'wrong')).toBeNull();
    expect(await currentSession(db)).toBeNull();
    expect((await signInOffline(db, 'clerk.vikasnagar', 'demo1234'))?.id).toBe('clerk.vikasnagar');
    expect(await currentSession(db)).toMatchObject({ token: '', online: false });
  });
});
