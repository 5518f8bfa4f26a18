import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import type { ApiError } from '@protocol/api.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { PROTOCOL_VERSION } from '@protocol/messages.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { SIGN_IN_LIMITS } from '../../sync-server/auth/sign-in-limiter.ts';
import { deviceUuid, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { newFile, sync } from './server-sync-client.ts';

/**
 * Issue 15, item 4, against a real server: failed sign-ins lock the account and
 * the device with growing delays, unknown usernames the same way, and password
 * hashing cannot starve other people's syncs.
 */

async function attempt(url: string, username: string, password: string, device: number) {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, deviceId: deviceUuid(device) }),
  });
  const body = (await res.json()) as Partial<ApiError> & { token?: string };
  return { status: res.status, body, retryAfter: res.headers.get('retry-after') };
}

describe('sign-in limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  const liveSessions = async (): Promise<number> => {
    const storage = openSqliteStorage(server.config.dataDir);
    try {
      return (await storage.listLiveSessions(server.clock.now)).length;
    } finally {
      await storage.close();
    }
  };

  it('locks an account after repeated failures, on every device, with growing waits', async () => {
    const sessions = await liveSessions();
    for (let i = 0; i < SIGN_IN_LIMITS.freeFailures; i++)
      expect((await attempt(server.url, 'naib.vikasnagar', 'guess', 1)).status).toBe(401);
    // Locked: even the right password, even from another tablet, is refused without a try.
    const locked = await attempt(server.url, 'naib.vikasnagar', 'demo1234', 2);
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('tooManyAttempts');
    expect(locked.retryAfter).toBe(String(SIGN_IN_LIMITS.firstDelayMs / 1000));
    expect(locked.body.retryAt).toBe(server.clock.now + SIGN_IN_LIMITS.firstDelayMs);
    expect(await liveSessions()).toBe(sessions);
    // After the wait one more wrong password doubles it.
    server.clock.now += SIGN_IN_LIMITS.firstDelayMs;
    expect((await attempt(server.url, 'naib.vikasnagar', 'guess', 3)).status).toBe(401);
    const longer = await attempt(server.url, 'naib.vikasnagar', 'demo1234', 3);
    expect(longer.retryAfter).toBe(String((2 * SIGN_IN_LIMITS.firstDelayMs) / 1000));
    server.clock.now += 2 * SIGN_IN_LIMITS.firstDelayMs;
    const ok = await attempt(server.url, 'naib.vikasnagar', 'demo1234', 3);
    expect(ok.status).toBe(201);
    expect(await liveSessions()).toBe(sessions + 1);
    // Success forgives: a mistype after it is an ordinary 401.
    expect((await attempt(server.url, 'naib.vikasnagar', 'guess', 3)).status).toBe(401);
  });

  it('locks a device that sprays usernames, but not the people on other tablets', async () => {
    const names = ['a.x', 'b.x', 'c.x', 'd.x', 'e.x'];
    for (const name of names)
      expect((await attempt(server.url, name, 'guess', 9)).status).toBe(401);
    expect((await attempt(server.url, 'clerk.chakrata', 'demo1234', 9)).status).toBe(429);
    expect((await attempt(server.url, 'clerk.chakrata', 'demo1234', 10)).status).toBe(201);
  });

  it('treats an unknown username exactly like a known one', async () => {
    const unknown: number[] = [];
    const known: number[] = [];
    for (let i = 0; i <= SIGN_IN_LIMITS.freeFailures; i++) {
      unknown.push((await attempt(server.url, 'nobody.here', 'guess', 20 + i)).status);
      known.push((await attempt(server.url, 'kanungo.chakrata', 'guess', 40 + i)).status);
    }
    expect(unknown).toEqual(known);
    expect(unknown.at(-1)).toBe(429);
  });
});

describe('password hashing and everyone else', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A production-like cost, so a hash holds a thread long enough to matter.
    server = await startTestServer({ PATRAVALI_SCRYPT_LOG_N: '14' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it("answers another user's gzipped sync while 32 wrong passwords are being hashed", async () => {
    const clerk = await attempt(server.url, 'clerk.vikasnagar', 'demo1234', 100);
    const token = clerk.body.token ?? '';
    // A server that has checked a push before: its judging workers are running
    // (starting one takes a second, which this test is not about).
    const first = newFile('clerk.vikasnagar', 'vikasnagar');
    const warm = await sync(server.url, token, deviceUuid(100), 0, [
      { ref: 1, recordId: first.id, update: first.update },
    ]);
    expect(warm.response.acks).toEqual([1]);
    let answered = 0;
    const storm = Array.from({ length: 32 }, (_, i) =>
      attempt(server.url, `stranger.${i}`, 'guess', 200 + i).then((r) => {
        answered++;
        return r.status;
      }),
    );
    // Start once the storm is surely inside the server: its first answer is back.
    await Promise.race(storm);
    const file = newFile('clerk.vikasnagar', 'vikasnagar', 'x'.repeat(4000));
    const frame = encodeFrame({
      type: 'syncRequest',
      protocol: PROTOCOL_VERSION,
      deviceId: asDeviceId(deviceUuid(100)),
      cursor: 0,
      updates: [{ ref: 1, recordId: file.id, update: file.update }],
    });
    const res = await fetch(`${server.url}/api/sync`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'content-encoding': 'gzip',
        'accept-encoding': 'gzip',
        authorization: `Bearer ${token}`,
      },
      body: gzipSync(frame),
    });
    expect(res.status).toBe(200);
    // zlib found a free thread: the sync did not queue behind the hashes still waiting.
    expect(answered).toBeLessThan(16);
    expect(await Promise.all(storm)).toEqual(Array.from({ length: 32 }, () => 401));
  });
});
