import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { PROTOCOL_VERSION } from '@protocol/messages.ts';
import { bearer, deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { newFile, postFrame, pullAll, sync } from './server-sync-client.ts';

/**
 * Issue 15, item 5, against a real server: one person's requests per minute.
 * The limits are lowered for the test; the server's clock is the harness's
 * (it stands still unless the test moves it), so nothing here depends on timing.
 */

const SYNC_PER_MINUTE = 5;
const REPORTS_PER_MINUTE = 2;

describe('per-person request rates', () => {
  let server: TestServer;
  const clerkTablet = deviceUuid(1);
  const clerkSecondTablet = deviceUuid(2);
  const naibTablet = deviceUuid(3);
  let clerk: string;
  let clerkSecond: string;
  let naib: string;
  let dm: string;
  const dmTablet = deviceUuid(6);
  beforeAll(async () => {
    server = await startTestServer({
      PATRAVALI_SYNC_PER_MINUTE: String(SYNC_PER_MINUTE),
      PATRAVALI_REPORTS_PER_MINUTE: String(REPORTS_PER_MINUTE),
    });
    clerk = (await signIn(server.url, 'clerk.vikasnagar', clerkTablet)).body.token;
    clerkSecond = (await signIn(server.url, 'clerk.vikasnagar', clerkSecondTablet)).body.token;
    naib = (await signIn(server.url, 'naib.vikasnagar', naibTablet)).body.token;
    dm = (await signIn(server.url, 'dm.dehradun', dmTablet)).body.token;
  });
  afterAll(async () => {
    await server.stop();
  });

  const pushFrame = (deviceId: string, update: { recordId: string; update: Uint8Array }) =>
    encodeFrame({
      type: 'syncRequest',
      protocol: PROTOCOL_VERSION,
      deviceId: asDeviceId(deviceId),
      cursor: 0,
      updates: [{ ref: 1, recordId: update.recordId as never, update: update.update }],
    });

  it('refuses syncs past the allowance by name with Retry-After, storing nothing, for that person only', async () => {
    for (let i = 0; i < SYNC_PER_MINUTE; i++) await sync(server.url, clerk, clerkTablet, 0);

    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const push = { recordId: file.id, update: file.update };
    const res = await fetch(`${server.url}/api/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...bearer(clerk) },
      body: new Uint8Array(pushFrame(clerkTablet, push)),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe(String(60 / SYNC_PER_MINUTE));
    // The same person's other tablet shares the allowance.
    const second = await postFrame(server.url, clerkSecond, pushFrame(clerkSecondTablet, push));
    expect(second.status).toBe(429);
    expect(second.frame).toMatchObject({ type: 'error', code: 'tooManyRequests' });

    // Others (the same office, the same address) sync as usual; the refused file is stored nowhere.
    await sync(server.url, naib, naibTablet, 0);
    expect((await pullAll(server.url, dm, dmTablet)).byRecord.has(file.id)).toBe(false);

    // One interval later, one more request is free; the file is stored then.
    server.clock.now += 60_000 / SYNC_PER_MINUTE;
    const later = await sync(server.url, clerk, clerkTablet, 0, [
      { ref: 1, recordId: file.id, update: file.update },
    ]);
    expect(later.response.acks).toEqual([1]);
    expect((await pullAll(server.url, dm, dmTablet)).byRecord.has(file.id)).toBe(true);
    expect((await postFrame(server.url, clerk, pushFrame(clerkTablet, push))).status).toBe(429);
  });

  it('refuses pendency reports past the allowance with Retry-After, for that person only', async () => {
    const report = (token: string) =>
      fetch(`${server.url}/api/reports/pendency`, { headers: bearer(token) });
    const sdm = (await signIn(server.url, 'sdm.vikasnagar', deviceUuid(5))).body.token;
    for (let i = 0; i < REPORTS_PER_MINUTE; i++) expect((await report(dm)).status).toBe(200);
    const refused = await report(dm);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(60 / REPORTS_PER_MINUTE));
    expect(await refused.json()).toMatchObject({ error: 'tooManyRequests' });
    expect((await report(sdm)).status).toBe(200);
    server.clock.now += 60_000 / REPORTS_PER_MINUTE;
    expect((await report(dm)).status).toBe(200);
  });
});
