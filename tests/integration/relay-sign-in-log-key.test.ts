import { ed25519 } from '@noble/curves/ed25519.js';
import { afterEach, describe, expect, it } from 'vitest';
import { findPerson } from '@domain/directory.ts';
import { asDeviceId } from '@domain/ids.ts';
import { encodeB64url } from '@doc/signature.ts';
import { API } from '@protocol/api.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import { openDistrictLog } from '../../sync-server/relay/district-log.ts';
import { relayAccountsWith, VKN_CLERK } from './relay-accounts-harness.ts';
import { deviceUuid, tempDir } from './server-harness.ts';

/**
 * A tablet's sign-in at an office relay and the district's log key the relay
 * kept (decision 0010, amendment 2), in the test's process, the district a fetch
 * that counts the sign-ins forwarded to it. The tablet is given the kept key as
 * the district's, never the one the district's answer names; an answer naming
 * another is the alarm keyChanged, and while it stands no sign-in (no password)
 * goes to that server: the relay checks it itself, as with the WAN down.
 */

const KEY = encodeB64url(ed25519.getPublicKey(new Uint8Array(32).fill(5)));
const OTHER_KEY = encodeB64url(ed25519.getPublicKey(new Uint8Array(32).fill(6)));

describe("a relay's sign-ins and the district's kept log key", () => {
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
  });

  it('gives the kept key, and forwards no sign-in once the district names another', async () => {
    const logDir = await tempDir('patravali-relay-log-key-');
    closing.push(logDir.remove);
    const districtLog = openDistrictLog(logDir.path, () => {});
    await districtLog.takeKey(KEY, 1);
    const forwarded: string[] = [];
    const district = (async (input: RequestInfo | URL) => {
      const path = new URL(String(input)).pathname;
      if (path !== API.session) throw new Error(`not served here: ${path}`);
      forwarded.push(path);
      return Response.json(
        {
          token: 'district-token',
          expiresAt: Date.now() + 60_000,
          person: findPerson(DEMO_DIRECTORY, VKN_CLERK),
          directory: DEMO_DIRECTORY,
          deviceNumber: 3,
          serverTime: Date.now(),
          logKey: OTHER_KEY,
        },
        { status: 201 },
      );
    }) as typeof fetch;
    const relay = await relayAccountsWith({ fetch: district, districtLog });
    closing.push(relay.close);
    const req = { username: VKN_CLERK, password: 'demo1234', deviceId: asDeviceId(deviceUuid(7)) };

    const first = await relay.accounts.signIn(req);
    expect(forwarded).toHaveLength(1);
    expect(first).toMatchObject({ ok: true, session: { districtLogKey: KEY } });
    expect(districtLog.trouble()?.alarm).toBe('keyChanged');

    // The alarm standing: checked at the relay (it holds no verifier here: refused), not sent.
    const second = await relay.accounts.signIn({ ...req, deviceId: asDeviceId(deviceUuid(8)) });
    expect(forwarded).toHaveLength(1);
    expect(second).toMatchObject({ ok: false, status: 503 });
    expect(JSON.stringify(second)).toContain('its log does not check (keyChanged)');
  });
});
