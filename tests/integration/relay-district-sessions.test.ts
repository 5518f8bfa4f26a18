import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import { PROTOCOL_VERSION } from '@protocol/messages.ts';
import { exchange } from '@protocol/transport.ts';
import { ASKS_PER_ADDRESS, ASKS_PER_MINUTE } from '../../sync-server/relay/relay-sign-in.ts';
import { readRelayState } from '../../sync-server/relay/relay-state.ts';
import {
  runAdminProcess,
  startRelayWorld,
  type Child,
  type RelayWorld,
} from './relay-processes.ts';
import { bearer, deviceUuid, signIn } from './server-harness.ts';
import { pullAll } from './server-sync-client.ts';
import { eventually } from './sync-harness.ts';
import type { WanProxy } from './wan-proxy.ts';

/**
 * A tablet that signed in at the district's own address while its office relay
 * was off (decision 0015) is back at the relay: the relay asks the district
 * about the token it does not know (with the token's hash only) and keeps the
 * session of one of its office's people, so nobody signs in again. Real
 * processes: the district, Vikasnagar's relay, and a WAN between them the test
 * cuts. Another office's person's session, an unknown token, or a token shown
 * while the WAN is down get 401 and leave nothing stored at the relay.
 */

const RELAY_ENV = { PATRAVALI_RELAY_TIMEOUT_MS: '5000', PATRAVALI_RELAY_BACKOFF_MS: '400' };
const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

describe("sessions made at the district's own address, shown at the relay", () => {
  let world: RelayWorld;
  let district: Child;
  let relay: Child;
  let wan: WanProxy;
  let relayDir = '';
  let districtDir = '';

  function relaySessionRows(): number {
    const db = new Database(join(relayDir, 'patravali.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  /** The relay's answer to GET /api/directory with `token`, sent from the LAN address `source`. */
  const directoryFrom = (source: string, token: string) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${relay.url}/api/directory`,
        { localAddress: source, agent: false, headers: bearer(token) },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.once('error', reject);
      req.end();
    });

  // Each call from an address of its own, as from a tablet of its own: the relay's budget
  // of questions per address (tested below) does not hold one test back for another's.
  let tablets = 0;
  const directoryAtRelay = (token: string) => directoryFrom(`127.0.1.${++tablets}`, token);

  function relaySessionsOf(token: string): number {
    const db = new Database(join(relayDir, 'patravali.sqlite'), { readonly: true });
    try {
      const row = db
        .prepare('SELECT COUNT(*) AS n FROM sessions WHERE token_hash = ?')
        .get(hashOf(token)) as { n: number };
      return row.n;
    } finally {
      db.close();
    }
  }

  async function atDistrict(username: string, device: number): Promise<string> {
    const answer = await signIn(district.url, username, deviceUuid(device));
    expect(answer.status).toBe(201);
    return answer.body.token;
  }

  /** A tablet's sync at `url` with `token`, as the tablet's transport classifies the answer. */
  const syncAt = async (url: string, token: string, device: number) =>
    (
      await exchange({ baseUrl: url, fetch, now: Date.now }, token, {
        type: 'syncRequest',
        protocol: PROTOCOL_VERSION,
        deviceId: asDeviceId(deviceUuid(device)),
        cursor: 0,
        generation: 0,
        updates: [],
      })
    ).kind;

  async function askDistrict(token: string | null, body: unknown): Promise<number> {
    const res = await fetch(`${district.url}/api/relay/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : bearer(token)) },
      body: JSON.stringify(body),
    });
    return res.status;
  }

  beforeAll(async () => {
    world = await startRelayWorld(RELAY_ENV);
    ({ district, relay, wan, relayDir, districtDir } = world);
  }, 120_000);
  // A failed test leaves the WAN as the next one expects it.
  afterEach(() => wan.restore());
  afterAll(() => world?.close());

  it('takes a session of its office made at the district, and the tablet syncs with it', async () => {
    const token = await atDistrict('clerk.vikasnagar', 1);
    expect(relaySessionsOf(token)).toBe(0);

    expect(await directoryAtRelay(token)).toBe(200);
    expect(relaySessionsOf(token)).toBe(1);
    // The same token syncs at the relay, and goes on working with the WAN cut.
    const pulled = await pullAll(relay.url, token, deviceUuid(1));
    expect(pulled.pages).toBeGreaterThan(0);
    wan.cut();
    expect(await directoryAtRelay(token)).toBe(200);
  });

  it('refuses, storing nothing, another office’s session, an unknown token, and any while the WAN is down', async () => {
    const chakrata = await atDistrict('clerk.chakrata', 2);
    expect(await directoryAtRelay(chakrata)).toBe(401);
    expect(relaySessionsOf(chakrata)).toBe(0);

    const forged = randomBytes(32).toString('base64url');
    expect(await directoryAtRelay(forged)).toBe(401);
    expect(relaySessionsOf(forged)).toBe(0);

    const signedOut = await atDistrict('kanungo.vikasnagar', 3);
    const out = await fetch(`${district.url}/api/session`, {
      method: 'DELETE',
      headers: bearer(signedOut),
    });
    expect(out.status).toBe(204);
    expect(await directoryAtRelay(signedOut)).toBe(401);
    expect(relaySessionsOf(signedOut)).toBe(0);

    // Made at the district while the relay could not reach it: refused until the WAN is back,
    // then taken (an unreachable district is not remembered as an unknown token).
    const tehsildar = await atDistrict('tehsildar.vikasnagar', 4);
    wan.cut();
    expect(await directoryAtRelay(tehsildar)).toBe(401);
    expect(relaySessionsOf(tehsildar)).toBe(0);
    wan.restore();
    expect(await directoryAtRelay(tehsildar)).toBe(200);
    expect(relaySessionsOf(tehsildar)).toBe(1);
  });

  it('tells a tablet whose access the district revoked accessRevoked, as the district does', async () => {
    const token = await atDistrict('kanungo.vikasnagar', 7);
    await runAdminProcess(districtDir, ['revoke-device', 'kanungo.vikasnagar', deviceUuid(7)]);
    expect(await syncAt(district.url, token, 7)).toBe('accessRevoked');
    // The relay never held this session: it asks the district, which says why it ended.
    expect(await syncAt(relay.url, token, 7)).toBe('accessRevoked');
    expect(relaySessionsOf(token)).toBe(0);
    // Asked again, it answers the same without the WAN (it remembers the district's word).
    wan.cut();
    expect(await syncAt(relay.url, token, 7)).toBe('accessRevoked');
    wan.restore();
    const relayToken = readRelayState(relayDir)?.token ?? '';
    expect(await askDistrict(relayToken, { tokenHash: hashOf(token) })).toBe(410);
  });

  it('asks the district about at most a budget of unknown tokens, per address and in all', async () => {
    const recorded = wan.record();
    /** The questions the relay sent over the WAN since recording began. */
    const asked = () => {
      const byConnection = new Map<number, string>();
      for (const c of recorded())
        byConnection.set(
          c.connection,
          (byConnection.get(c.connection) ?? '') + c.bytes.toString('latin1'),
        );
      let n = 0;
      for (const text of byConnection.values())
        n += text.split('POST /api/relay/sessions HTTP/1.1').length - 1;
      return n;
    };
    const started = Date.now();
    // What the buckets can have gained since (one every 60 s / n), rounded up.
    const refill = (perMinute: number) => Math.ceil(((Date.now() - started) * perMinute) / 60_000);
    const rowsBefore = relaySessionRows();
    const random = () => randomBytes(32).toString('base64url');

    // One address of the LAN shows twenty random tokens.
    for (let i = 0; i < 20; i++) expect(await directoryFrom('127.0.0.2', random())).toBe(401);
    expect(asked()).toBeGreaterThan(0);
    expect(asked()).toBeLessThanOrEqual(ASKS_PER_ADDRESS + refill(ASKS_PER_ADDRESS));
    // Ten more addresses, ten each: at most the overall budget, all of it counted.
    for (let a = 3; a < 13; a++)
      for (let i = 0; i < 10; i++) expect(await directoryFrom(`127.0.0.${a}`, random())).toBe(401);
    expect(asked()).toBeLessThanOrEqual(ASKS_PER_MINUTE + refill(ASKS_PER_MINUTE));
    expect(relaySessionRows()).toBe(rowsBefore);

    // A real session of the district gets through once the budget allows: from a new
    // address when the overall bucket has one again, from the flooded one when its own has.
    const tehsildar = await atDistrict('tehsildar.vikasnagar', 9);
    await eventually(async () => (await directoryFrom('127.0.0.20', tehsildar)) === 200, 60_000);
    const clerk = await atDistrict('clerk.vikasnagar', 10);
    await eventually(async () => (await directoryFrom('127.0.0.2', clerk)) === 200, 60_000);
    expect(relaySessionsOf(tehsildar)).toBe(1);
    expect(relaySessionsOf(clerk)).toBe(1);
  }, 150_000);

  it('answers only an office relay, only about a token hash, and only its own office', async () => {
    const relayToken = readRelayState(relayDir)?.token ?? '';
    expect(relayToken).not.toBe('');
    const clerk = await atDistrict('clerk.vikasnagar', 5);
    const chakrata = await atDistrict('clerk.chakrata', 6);

    expect(await askDistrict(relayToken, { tokenHash: hashOf(clerk) })).toBe(200);
    expect(await askDistrict(relayToken, { tokenHash: hashOf(chakrata) })).toBe(404);
    expect(await askDistrict(relayToken, { tokenHash: hashOf('not a token') })).toBe(404);
    expect(await askDistrict(null, { tokenHash: hashOf(clerk) })).toBe(401);
    // A tablet's session may not ask about others' tokens.
    expect(await askDistrict(chakrata, { tokenHash: hashOf(clerk) })).toBe(403);
    expect(await askDistrict(relayToken, { token: clerk })).toBe(400);
    expect(await askDistrict(relayToken, { tokenHash: 'ABC' })).toBe(400);
  });
});
