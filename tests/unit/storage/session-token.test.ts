import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import type { SessionResponse } from '@protocol/api.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import {
  openRememberedSessionToken,
  rememberSessionToken,
} from '@storage/session/session-token.ts';
import { currentSession, rememberAccount, signOut } from '@storage/session/session.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { createSyncEngine } from '@sync/engine.ts';
import type { ApiClient, SignInResult } from '@ui/services/api-client.ts';
import { signIn } from '@ui/services/sign-in.ts';
import { clerk, directory, freshDb } from './helpers.ts';

/** The session token sealed with the password, so an offline sign-in can still sync. */

const ITERATIONS = 1_000;
const DEVICE = asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a');
const dbs: PatravaliDb[] = [];
const fresh = (): PatravaliDb => {
  const db = freshDb('session-token');
  dbs.push(db);
  return db;
};
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

/** An ApiClient whose server is reachable or not, as the test says. */
function fakeApi(server: { online: boolean; token: string }): ApiClient {
  return {
    signIn: (request): Promise<SignInResult> => {
      if (!server.online) return Promise.resolve({ ok: false, error: 'network' });
      if (request.password !== 'demo1234')
        return Promise.resolve({ ok: false, error: 'badCredentials' });
      const value: SessionResponse = {
        token: server.token,
        expiresAt: 9_000_000_000_000,
        person: clerk,
        directory,
        deviceNumber: 2,
        serverTime: 0,
        authorKey: 'A'.repeat(43),
      };
      return Promise.resolve({ ok: true, value });
    },
    pendencyReport: () => Promise.reject(new Error('not used')),
    demoReset: () => Promise.resolve({ ok: false, error: 'network' }),
    searchServer: () => Promise.reject(new Error('not used here')),
  };
}

describe('sealed session token', () => {
  it('opens with the right password and not with a wrong one; the row holds no plain token', async () => {
    const db = fresh();
    await rememberAccount(db, clerk.id, 'demo1234', clerk, ITERATIONS);
    await rememberSessionToken(db, clerk.id, 'demo1234', 'secret-token-1', 1234, ITERATIONS);
    expect(await openRememberedSessionToken(db, clerk.id, 'demo1234')).toEqual({
      token: 'secret-token-1',
      expiresAt: 1234,
    });
    expect(await openRememberedSessionToken(db, clerk.id, 'wrong')).toBeNull();
    expect(await openRememberedSessionToken(db, 'nobody', 'demo1234')).toBeNull();
    const row = await db.accounts.get(clerk.id);
    const plain = new TextEncoder().encode('secret-token-1');
    const sealed = row?.sessionToken?.sealed ?? new Uint8Array();
    expect(Buffer.from(sealed).includes(Buffer.from(plain))).toBe(false);
  });

  it('an offline sign-in carries the last online token; sign-out leaves nothing readable', async () => {
    const db = fresh();
    const server = { online: true, token: 'online-token-7' };
    const deps = { db, api: fakeApi(server), deviceId: DEVICE, pbkdf2Iterations: ITERATIONS };
    expect(await signIn(deps, clerk.id, 'demo1234')).toMatchObject({ ok: true, online: true });
    await signOut(db);
    expect(await currentSession(db)).toBeNull();
    expect(JSON.stringify(await db.kv.toArray())).not.toContain('online-token-7');

    server.online = false;
    expect(await signIn(deps, clerk.id, 'wrong')).toEqual({
      ok: false,
      error: 'offlineBadPassword',
    });
    expect(await currentSession(db)).toBeNull();
    expect(await signIn(deps, clerk.id, 'demo1234')).toMatchObject({ ok: true, online: false });
    const session = await currentSession(db);
    expect(session).toMatchObject({ online: false, token: 'online-token-7' });
  });

  it('the token from an offline sign-in is what sync sends; a 401 asks to sign in again', async () => {
    const db = fresh();
    const server = { online: true, token: 'online-token-9' };
    const deps = { db, api: fakeApi(server), deviceId: DEVICE, pbkdf2Iterations: ITERATIONS };
    await signIn(deps, clerk.id, 'demo1234');
    await signOut(db);
    server.online = false;
    await signIn(deps, clerk.id, 'demo1234');
    const session = await currentSession(db);

    const seen: string[] = [];
    const engine = createSyncEngine({
      port: createSyncPort(db, () => 0),
      deviceId: DEVICE,
      getToken: () => session?.token || null,
      baseUrl: 'http://sync.test',
      fetch: (_url, init) => {
        seen.push(new Headers(init?.headers).get('authorization') ?? '');
        // The server revoked the token in the meantime.
        return Promise.resolve(new Response('', { status: 401 }));
      },
      now: () => 0,
      random: () => 0.5,
      setTimeout: () => 0,
      clearTimeout: () => undefined,
    });
    const outcome = await engine.syncNow();
    expect(seen).toEqual(['Bearer online-token-9']);
    expect(outcome.kind).toBe('signedOut');
    expect(engine.status.getSnapshot()).toMatchObject({
      state: 'signedOut',
      error: 'unauthenticated',
    });
  });
});
