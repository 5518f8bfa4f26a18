import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { PROTOCOL_VERSION } from '@protocol/messages.ts';
import { createUpload, fakeJpeg, newReceiptWithScan, uploaderFor } from './attachments-helpers.ts';
import { bearer, deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { newFile, postFrame, pullAll, sync } from './server-sync-client.ts';
import { createClock, createDevice, startServer, type OwnServer } from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';

/**
 * Issue 15, item 5, against a real server: the bytes one person may send in a
 * day (sync bodies and scan uploads, all their tablets together). The limit is
 * lowered to 1 MB for the test; the server's clock is the harness's.
 */

const LIMIT_ENV = { PATRAVALI_MB_PER_DAY: '1', PATRAVALI_SYNC_PER_MINUTE: '0' };
const HOUR = 60 * 60 * 1000;

describe('bytes per person per day', () => {
  let server: TestServer;
  const clerkTablet = deviceUuid(1);
  const clerkSecondTablet = deviceUuid(2);
  const naibTablet = deviceUuid(3);
  const dmTablet = deviceUuid(6);
  let clerk: string;
  let clerkSecond: string;
  let naib: string;
  let dm: string;
  beforeAll(async () => {
    server = await startTestServer(LIMIT_ENV);
    clerk = (await signIn(server.url, 'clerk.vikasnagar', clerkTablet)).body.token;
    clerkSecond = (await signIn(server.url, 'clerk.vikasnagar', clerkSecondTablet)).body.token;
    naib = (await signIn(server.url, 'naib.vikasnagar', naibTablet)).body.token;
    dm = (await signIn(server.url, 'dm.dehradun', dmTablet)).body.token;
  });
  afterAll(async () => {
    await server.stop();
  });

  const noise = mulberry32(5);
  /** A well-formed request carrying two 120 KB updates of junk (refused, but received). */
  const junkFrame = (deviceId: string) =>
    encodeFrame({
      type: 'syncRequest',
      protocol: PROTOCOL_VERSION,
      deviceId: asDeviceId(deviceId),
      cursor: 0,
      updates: [1, 2].map((ref) => ({
        ref,
        recordId: newFile('clerk.vikasnagar', 'vikasnagar').id,
        update: Uint8Array.from({ length: 120_000 }, noise),
      })),
    });

  it('refuses a person past a day’s bytes by name until the office’s midnight, storing nothing, for that person only', async () => {
    // The harness's clock reads 10:00 UTC, 15:30 in India: the day ends at 18:30 UTC.
    // Five of these pass a megabyte: the one crossing the line is still taken.
    for (let i = 0; i < 5; i++) {
      const res = await postFrame(server.url, clerk, junkFrame(clerkTablet));
      expect(res.status).toBe(200);
    }
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const push = [{ ref: 1, recordId: file.id, update: file.update }];
    const pushFrame = (deviceId: string) =>
      encodeFrame({
        type: 'syncRequest',
        protocol: PROTOCOL_VERSION,
        deviceId: asDeviceId(deviceId),
        cursor: 0,
        updates: push,
      });
    // Then nothing more today, from the person's other tablet either.
    const refused = await postFrame(server.url, clerkSecond, pushFrame(clerkSecondTablet));
    expect(refused.status).toBe(429);
    expect(refused.frame).toMatchObject({ type: 'error', code: 'dailyLimit' });
    const raw = await fetch(`${server.url}/api/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...bearer(clerk) },
      body: new Uint8Array(pushFrame(clerkTablet)),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe(String((8 * HOUR + HOUR / 2) / 1000));

    // Others sync as usual; the refused file is stored nowhere.
    await sync(server.url, naib, naibTablet, 0);
    expect((await pullAll(server.url, dm, dmTablet)).byRecord.has(file.id)).toBe(false);

    // A minute before the office's midnight still refused; at midnight the day is new.
    server.clock.now += 8 * HOUR + 29 * 60 * 1000;
    expect((await postFrame(server.url, clerk, pushFrame(clerkTablet))).status).toBe(429);
    server.clock.now += 60 * 1000;
    const later = await sync(server.url, clerk, clerkTablet, 0, push);
    expect(later.response.acks).toEqual([1]);
    expect((await pullAll(server.url, dm, dmTablet)).byRecord.has(file.id)).toBe(true);
  });

  it('counts a scan upload’s declared size when it is created', async () => {
    const tusPost = (token: string, size: number) => createUpload(server.url, token, size);
    expect((await tusPost(naib, 600_000)).status).toBe(201);
    expect((await tusPost(naib, 600_000)).status).toBe(201); // crosses the megabyte
    const next = await tusPost(naib, 10_000);
    expect(next.status).toBe(429);
    expect(await next.text()).toBe('dailyLimit');
  });
});

describe('a tablet past its day’s bytes', () => {
  let own: OwnServer | null = null;
  afterEach(async () => {
    await own?.close();
    own = null;
  });

  it('keeps the scan waiting (not refused) and uploads it the next day', async () => {
    const clock = createClock(); // 04:30 UTC, 10:00 in India
    const random = mulberry32(2911);
    own = await startServer(clock, random, LIMIT_ENV);
    const clerk = await createDevice(own, 'clerk.vikasnagar', clock, random);
    // Another of the clerk's uploads used up today's megabyte.
    const earlier = await createUpload(own.origin(), clerk.token, 1_100_000);
    expect(earlier.status).toBe(201);
    const { sha256 } = await newReceiptWithScan(clerk, fakeJpeg(600_000, random));
    const today = await uploaderFor(clerk, own.origin(), random).runOnce();
    expect(today.get(sha256)).toBe('failed');
    expect((await clerk.db.scanUploads.get(sha256))?.state).toBe('waiting');

    clock.advance(14 * HOUR); // 18:30 UTC: midnight in India
    const tomorrow = await uploaderFor(clerk, own.origin(), random).runOnce();
    expect(tomorrow.get(sha256)).toBe('done');
  });
});
