import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RelaySessionEndsResponse } from '@protocol/api.ts';
import { hashToken } from '../../sync-server/auth/tokens.ts';
import { readRelayState } from '../../sync-server/relay/relay-state.ts';
import { openSignOuts, SIGN_OUTS_FILE } from '../../sync-server/relay/sign-outs.ts';
import { tellSessions } from '../../sync-server/relay/upstream-calls.ts';
import { relayAccountsWith } from './relay-accounts-harness.ts';
import {
  runAdminProcess,
  startRelayWorld,
  type Child,
  type RelayWorld,
} from './relay-processes.ts';
import { bearer, deviceUuid, signIn } from './server-harness.ts';
import { eventually } from './sync-harness.ts';
import type { WanProxy } from './wan-proxy.ts';

/**
 * Signing out at one tier ends the session at the other (decision 0015,
 * amendment 2). Real processes: the district, Vikasnagar's relay, and a WAN
 * between them the test cuts. A sign-out at the relay reaches the district at
 * the relay's next upstream run, or once the WAN is back, a relay killed
 * meanwhile included; a sign-out at the district ends the relay's copy at the
 * relay's next check (every PATRAVALI_RELAY_SESSION_CHECK_MS, here 200 ms) while
 * the district answers, and not while the WAN is down. A session made at the
 * relay alone (provisional) stays.
 */

const RELAY_ENV = {
  PATRAVALI_RELAY_TIMEOUT_MS: '5000',
  PATRAVALI_RELAY_BACKOFF_MS: '400',
  PATRAVALI_RELAY_SESSION_CHECK_MS: '200',
};
const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

describe('signing out at one tier ends the session at the other', () => {
  let world: RelayWorld;
  let district: Child;
  let relay: Child;
  let wan: WanProxy;
  let relayDir = '';

  const directoryAt = async (url: string, token: string) =>
    (await fetch(`${url}/api/directory`, { headers: bearer(token) })).status;
  const signOutAt = async (url: string, token: string) =>
    (await fetch(`${url}/api/session`, { method: 'DELETE', headers: bearer(token) })).status;

  async function atRelay(username: string, device: number): Promise<string> {
    const answer = await signIn(relay.url, username, deviceUuid(device));
    expect(answer.status).toBe(201);
    return answer.body.token;
  }

  const signOutsKept = (): string[] => {
    const path = join(relayDir, SIGN_OUTS_FILE);
    if (!existsSync(path)) return [];
    return (JSON.parse(readFileSync(path, 'utf8')) as { tokenHash: string }[]).map(
      (s) => s.tokenHash,
    );
  };
  const outages = () => relay.output().split('the district cannot be reached').length - 1;

  async function endsAtDistrict(token: string | null, body: unknown) {
    const res = await fetch(`${district.url}/api/relay/session-ends`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : bearer(token)) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Partial<RelaySessionEndsResponse> };
  }

  beforeAll(async () => {
    world = await startRelayWorld(RELAY_ENV);
    ({ district, relay, wan, relayDir } = world);
  }, 120_000);
  // A failed test leaves the WAN as the next one expects it.
  afterEach(() => wan.restore());
  afterAll(() => world?.close());

  it('a sign-out at the relay ends the session at the district', async () => {
    const token = await atRelay('clerk.vikasnagar', 1);
    expect(await directoryAt(district.url, token)).toBe(200);
    expect(await signOutAt(relay.url, token)).toBe(204);
    expect(await directoryAt(relay.url, token)).toBe(401);
    await eventually(async () => (await directoryAt(district.url, token)) === 401, 30_000);
    await eventually(async () => signOutsKept().length === 0, 30_000);
  });

  it('a sign-out at the relay with the WAN down reaches the district once it is back, the relay killed meanwhile', async () => {
    const token = await atRelay('tehsildar.vikasnagar', 2);
    wan.cut();
    expect(await signOutAt(relay.url, token)).toBe(204);
    expect(signOutsKept()).toEqual([hashOf(token)]);
    // The district cannot have heard of it: its copy still works there.
    expect(await directoryAt(district.url, token)).toBe(200);
    await world.restartRelay();
    relay = world.relay;
    expect(await directoryAt(relay.url, token)).toBe(401);
    expect(await directoryAt(district.url, token)).toBe(200);
    wan.restore();
    await eventually(async () => (await directoryAt(district.url, token)) === 401, 30_000);
    await eventually(async () => signOutsKept().length === 0, 30_000);
  });

  it('a sign-out at the district ends the relay’s copy while the WAN is up, not while it is down; a provisional session stays', async () => {
    const kanungo = await atRelay('kanungo.vikasnagar', 3);
    expect(await directoryAt(relay.url, kanungo)).toBe(200);
    const before = outages();
    wan.cut();
    // Made at the relay alone: the district never knew it.
    const provisional = await atRelay('naib.vikasnagar', 4);
    expect(await signOutAt(district.url, kanungo)).toBe(204);
    // While the relay cannot reach the district, the session goes on working there.
    await eventually(async () => outages() > before, 30_000);
    expect(await directoryAt(relay.url, kanungo)).toBe(200);
    wan.restore();
    await eventually(async () => (await directoryAt(relay.url, kanungo)) === 401, 30_000);
    // The check that ended it named the provisional session too, which stays.
    expect(await directoryAt(relay.url, provisional)).toBe(200);
  });

  it('names the sessions it ended by revoking the person’s access, with when', async () => {
    const relayToken = readRelayState(relayDir)?.token ?? '';
    const naib = await atRelay('naib.vikasnagar', 8);
    const clerk = await atRelay('clerk.vikasnagar', 9);
    await runAdminProcess(world.districtDir, ['revoke-device', 'naib.vikasnagar', deviceUuid(8)]);
    expect(await signOutAt(district.url, clerk)).toBe(204);
    const answer = await endsAtDistrict(relayToken, {
      signedOut: [],
      check: [hashOf(naib), hashOf(clerk)],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.ended).toEqual([hashOf(naib), hashOf(clerk)]);
    // Only the naib's ended for a revocation: the clerk signed out.
    expect(answer.body.revoked).toEqual([{ tokenHash: hashOf(naib), at: expect.any(Number) }]);
  });

  it('takes only an office relay’s word, only for its own office, and changes nothing for bad input', async () => {
    const relayToken = readRelayState(relayDir)?.token ?? '';
    expect(relayToken).not.toBe('');
    const chakrata = await signIn(district.url, 'clerk.chakrata', deviceUuid(5));
    const other = chakrata.body.token;
    const clerk = await atRelay('clerk.vikasnagar', 6);

    // Another office's session is neither ended nor named.
    const answer = await endsAtDistrict(relayToken, {
      signedOut: [hashOf(other)],
      check: [hashOf(other), hashOf('not a token')],
    });
    expect(answer).toEqual({ status: 200, body: { ended: [] } });
    expect(await directoryAt(district.url, other)).toBe(200);

    expect((await endsAtDistrict(null, { signedOut: [hashOf(clerk)], check: [] })).status).toBe(
      401,
    );
    // A tablet's session may not end others'.
    expect((await endsAtDistrict(other, { signedOut: [hashOf(clerk)], check: [] })).status).toBe(
      403,
    );
    for (const bad of [
      { signedOut: [clerk], check: [] },
      { signedOut: [hashOf(clerk).toUpperCase()], check: [] },
      { signedOut: [hashOf(clerk)] },
      { signedOut: Array.from({ length: 501 }, () => hashOf(clerk)), check: [] },
    ])
      expect((await endsAtDistrict(relayToken, bad)).status).toBe(400);
    expect(await directoryAt(district.url, clerk)).toBe(200);
    expect(await directoryAt(relay.url, clerk)).toBe(200);
  });
});

describe('a sign-out at the relay is kept to tell the district before the session ends', () => {
  it('keeps it while the session is live, and ends nothing when it cannot be kept', async () => {
    /** Whether the session was still live here when each sign-out was kept. */
    const liveWhenKept: boolean[] = [];
    let full = true;
    const relay = await relayAccountsWith({
      signOuts: () => ({
        list: () => [],
        told: () => Promise.resolve(),
        async add(out) {
          liveWhenKept.push((await relay.storage.findSession(out.tokenHash))?.revokedAt === null);
          if (full) throw new Error('no space left on device');
        },
      }),
    });
    const { accounts, local, token } = relay;
    try {
      // Not kept (the disk is full): the session has not ended either; the tablet tries again.
      await expect(accounts.signOut(token)).rejects.toThrow('no space left on device');
      expect(await local.authenticate(token)).not.toBeNull();
      full = false;
      expect(await accounts.signOut(token)).toBe(true);
      expect(liveWhenKept).toEqual([true, true]);
      expect(await local.authenticate(token)).toBeNull();
      // Signed out already: nothing more to keep.
      expect(await accounts.signOut(token)).toBe(false);
      expect(liveWhenKept).toHaveLength(2);
    } finally {
      await relay.close();
    }
  });

  it('one whose write failed is not told the district either', async () => {
    const relay = await relayAccountsWith({
      signOuts: (dir) => openSignOuts(dir, () => undefined),
    });
    const { accounts, local, token, signOuts, now } = relay;
    // The file cannot be written: where its temporary copy goes is a directory.
    const blocker = join(relay.dir, `${SIGN_OUTS_FILE}.tmp`);
    mkdirSync(blocker);
    try {
      await expect(accounts.signOut(token)).rejects.toThrow();
      // Refused to the tablet, live here, and nothing for the upstream link to tell.
      expect(await local.authenticate(token)).not.toBeNull();
      expect(signOuts.list(now)).toEqual([]);
      expect(existsSync(join(relay.dir, SIGN_OUTS_FILE))).toBe(false);
      rmdirSync(blocker);
      expect(await accounts.signOut(token)).toBe(true);
      expect(signOuts.list(now).map((o) => o.tokenHash)).toEqual([hashToken(token)]);
      expect(openSignOuts(relay.dir, () => undefined).list(now)).toEqual(signOuts.list(now));
    } finally {
      await relay.close();
    }
  });

  it('a session the district ended by revoking access is told accessRevoked at the relay, not sign in again', async () => {
    /** When the district revoked the clerk's access: after the session began. */
    let at = 0;
    // The district's answer to the check: the clerk's session ended by a revocation it
    // made after this run's device keys, and entries about nothing the relay asked.
    const district = ((_url: string | URL | Request, init?: RequestInit) => {
      const { check } = JSON.parse(String(init?.body)) as { check: string[] };
      const revoked = [
        ...check.map((tokenHash) => ({ tokenHash, at })),
        { tokenHash: 'f'.repeat(64), at },
        { tokenHash: check[0], at: -1 },
      ];
      return Promise.resolve(Response.json({ ended: check, revoked }));
    }) as typeof fetch;
    const relay = await relayAccountsWith({ fetch: district });
    const { accounts, storage, token, signOuts, now } = relay;
    at = now + 1000;
    try {
      const closed: string[] = [];
      const up = { url: 'http://district.invalid', fetch: district };
      const told = await tellSessions(up, 'relay', storage, signOuts, true, now, (h) =>
        closed.push(h),
      );
      expect(told).toEqual({ status: 200 });
      expect(closed).toEqual([hashToken(token)]);
      expect(await accounts.authenticate(token)).toBeNull();
      expect(await accounts.accessRevoked(token)).toMatchObject({
        person: { id: 'clerk.vikasnagar' },
        at,
      });
      expect(await storage.accessRevocationsAfter(0)).toHaveLength(1);
    } finally {
      await relay.close();
    }
  });
});
