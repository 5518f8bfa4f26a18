import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asDeviceId, asPersonId } from '@domain/ids.ts';
import type { RelaySessionResponse } from '@protocol/api.ts';
import { ATTACHMENT_API, blobPath } from '@protocol/attachments.ts';
import { decodeFrame, encodeFrame } from '@protocol/codec.ts';
import { PROTOCOL_VERSION, type Frame, type SyncRequest } from '@protocol/messages.ts';
import { exchange } from '@protocol/transport.ts';
import {
  ASKS_PER_ADDRESS,
  ASKS_PER_MINUTE,
  OTHER_OFFICE_MS,
} from '../../sync-server/relay/district-sessions.ts';
import { readRelayState } from '../../sync-server/relay/relay-state.ts';
import { relayAccountsWith } from './relay-accounts-harness.ts';
import {
  runAdminProcess,
  startRelayWorld,
  type Child,
  type RelayWorld,
} from './relay-processes.ts';
import { bearer, deviceUuid, signIn } from './server-harness.ts';
import { pullAll } from './server-sync-client.ts';
import { createClock } from './sync-harness.ts';
import type { WanProxy } from './wan-proxy.ts';

/**
 * A tablet that signed in at the district's own address while its office relay
 * was off (decision 0015) is back at the relay: the relay asks the district
 * about the token it does not know (with the token's hash only) and keeps the
 * session of one of its office's people, so nobody signs in again. Real
 * processes: the district, Vikasnagar's relay, and a WAN between them the test
 * cuts. Another office's person's session, an unknown token or a token shown while
 * the WAN is down get 401 (sign in at the relay), a district busy 429 (wait), and
 * leave nothing stored at the relay.
 */

const RELAY_ENV = { PATRAVALI_RELAY_TIMEOUT_MS: '5000', PATRAVALI_RELAY_BACKOFF_MS: '400' };
const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The answer of the server at `url` to `method path` with `token`, sent from the address `source`. */
const answerAt = (
  url: string,
  source: string,
  token: string,
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
) =>
  new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
    const req = httpRequest(
      `${url}${path}`,
      { method, localAddress: source, agent: false, headers: { ...bearer(token), ...headers } },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] });
      },
    );
    req.once('error', reject);
    req.end();
  });

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

  /** The relay's answer to `method path` with `token`, sent from the LAN address `source`. */
  const answerFrom = (
    source: string,
    token: string,
    path: string,
    method = 'GET',
    headers: Record<string, string> = {},
  ) => answerAt(relay.url, source, token, path, method, headers);

  /** The relay's answer to GET /api/directory with `token`, sent from the LAN address `source`. */
  const directoryFrom = async (source: string, token: string) =>
    (await answerFrom(source, token, '/api/directory')).status;

  /** Device `device`'s first sync request. */
  const firstSync = (device: number): SyncRequest => ({
    type: 'syncRequest',
    protocol: PROTOCOL_VERSION,
    deviceId: asDeviceId(deviceUuid(device)),
    cursor: 0,
    generation: 0,
    updates: [],
  });

  /** A tablet's first sync at the relay with `token`, from the LAN address `source`. */
  const syncFrom = (source: string, token: string, device: number) =>
    new Promise<{ status: number; retryAfter: string | undefined; frame: Frame | null }>(
      (resolve, reject) => {
        const req = httpRequest(
          `${relay.url}/api/sync`,
          {
            method: 'POST',
            localAddress: source,
            agent: false,
            headers: { ...bearer(token), 'content-type': 'application/octet-stream' },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const decoded = decodeFrame(new Uint8Array(Buffer.concat(chunks)));
              resolve({
                status: res.statusCode ?? 0,
                retryAfter: res.headers['retry-after'],
                frame: decoded.ok ? decoded.value : null,
              });
            });
          },
        );
        req.once('error', reject);
        req.end(encodeFrame(firstSync(device)));
      },
    );

  /** The relay's answer to a scan upload's creation (tus POST) with `token`, from `source`. */
  const uploadFrom = async (source: string, token: string) =>
    (
      await answerFrom(source, token, ATTACHMENT_API.files, 'POST', {
        'tus-resumable': '1.0.0',
        'upload-length': '10',
      })
    ).status;

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
    (await exchange({ baseUrl: url, fetch, now: Date.now }, token, firstSync(device))).kind;

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

  it('refuses, storing nothing, another office’s session and an unknown token; while the WAN is down, tells to wait', async () => {
    const chakrata = await atDistrict('clerk.chakrata', 2);
    expect(await directoryAtRelay(chakrata)).toBe(401);
    expect(relaySessionsOf(chakrata)).toBe(0);
    // Its sync is refused as another office's person's (decision 0017, amendment 2), the
    // tablet then syncing at the district's own address; any other refusal is plain.
    const refusal = (token: string, device: number) =>
      exchange({ baseUrl: relay.url, fetch, now: Date.now }, token, firstSync(device));
    expect(await refusal(chakrata, 2)).toMatchObject({
      kind: 'unauthenticated',
      otherOffice: true,
    });
    expect(relaySessionsOf(chakrata)).toBe(0);

    const forged = randomBytes(32).toString('base64url');
    expect(await directoryAtRelay(forged)).toBe(401);
    expect(relaySessionsOf(forged)).toBe(0);
    expect(await refusal(forged, 2)).toEqual({ kind: 'unauthenticated', detail: 'HTTP 401' });

    const signedOut = await atDistrict('kanungo.vikasnagar', 3);
    const out = await fetch(`${district.url}/api/session`, {
      method: 'DELETE',
      headers: bearer(signedOut),
    });
    expect(out.status).toBe(204);
    expect(await directoryAtRelay(signedOut)).toBe(401);
    expect(relaySessionsOf(signedOut)).toBe(0);
    expect(await refusal(signedOut, 3)).toEqual({ kind: 'unauthenticated', detail: 'HTTP 401' });

    // Made at the district while the relay could not reach it: asked to sign in (at the relay,
    // which checks it itself, so work goes on on the LAN however long the WAN is down), and
    // taken once the WAN is back (nothing remembered of an unasked question).
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

  it("says otherOffice, naming nobody, for another office's session whose access the district revoked, as for a live one", async () => {
    const relayToken = readRelayState(relayDir)?.token ?? '';
    const answer = async (token: string) => {
      const res = await fetch(`${district.url}/api/relay/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(relayToken) },
        body: JSON.stringify({ tokenHash: hashOf(token) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const live = await answer(await atDistrict('clerk.chakrata', 20));
    expect(live).toMatchObject({ status: 404, body: { otherOffice: true } });

    // Two sessions on one tablet: one signed out, then the person's access on that tablet
    // revoked (which ends the other). The district answers both `accessRevoked` at its own
    // address, so both go there: the same answer as a live session's, no person, no time.
    const signedOutFirst = await atDistrict('tehsildar.chakrata', 21);
    const revokedLive = await atDistrict('tehsildar.chakrata', 21);
    await fetch(`${district.url}/api/session`, {
      method: 'DELETE',
      headers: bearer(signedOutFirst),
    });
    await runAdminProcess(districtDir, ['revoke-device', 'tehsildar.chakrata', deviceUuid(21)]);
    for (const token of [revokedLive, signedOutFirst]) {
      expect(await syncAt(district.url, token, 21)).toBe('accessRevoked');
      const revoked = await answer(token);
      expect(revoked).toEqual(live);
      expect(JSON.stringify(revoked.body)).not.toContain('tehsildar.chakrata');
      // The relay sends the tablet to the district for it, keeping nothing of the session.
      const refused = await syncFrom(`127.0.1.${++tablets}`, token, 21);
      expect(refused).toMatchObject({ status: 401, frame: { code: 'otherOffice' } });
      expect(relaySessionsOf(token)).toBe(0);
    }
    // A session signed out, its access not revoked since, is "sign in again" at the district:
    // the plain 404, and the relay's plain 401.
    const ended = await atDistrict('clerk.chakrata', 22);
    await fetch(`${district.url}/api/session`, { method: 'DELETE', headers: bearer(ended) });
    expect(await syncAt(district.url, ended, 22)).toBe('unauthenticated');
    expect((await answer(ended)).body).not.toHaveProperty('otherOffice');
    const plain = await syncFrom(`127.0.1.${++tablets}`, ended, 22);
    expect(plain).toMatchObject({ status: 401, frame: { code: 'unauthenticated' } });
    expect(relaySessionsOf(ended)).toBe(0);
  });

  it('tells a tablet past the budget to wait, not to sign in again', async () => {
    const address = '127.0.3.1';
    for (let i = 0; i < ASKS_PER_ADDRESS; i++)
      expect(await directoryFrom(address, randomBytes(32).toString('base64url'))).toBe(401);
    // The sixth unknown token from that address: a real session of the district.
    const token = await atDistrict('clerk.vikasnagar', 11);
    const refused = await syncFrom(address, token, 11);
    expect(refused.status).toBe(429);
    expect(refused.frame).toMatchObject({ type: 'error', code: 'tooManyRequests' });
    const seconds = Number(refused.retryAfter);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(Math.ceil(60 / ASKS_PER_ADDRESS));
    // The JSON routes say the same, and nothing is stored meanwhile. That the session is
    // taken once the budget allows is shown on the relay's own clock (below), not waited for.
    expect(await directoryFrom(address, token)).toBe(429);
    expect(relaySessionsOf(token)).toBe(0);
  });

  it('counts a scan’s question against its own address, and tells an upload or a download to wait past that', async () => {
    const random = () => randomBytes(32).toString('base64url');
    for (let i = 0; i < ASKS_PER_ADDRESS; i++)
      expect(await uploadFrom('127.0.4.1', random())).toBe(401);
    expect(await uploadFrom('127.0.4.1', random())).toBe(429);
    // A download from there with a real session waits too, as a sync does: never 401.
    const token = await atDistrict('naib.vikasnagar', 12);
    const scan = blobPath('a'.repeat(64), deviceUuid(12));
    const download = await answerFrom('127.0.4.1', token, scan);
    expect(download.status).toBe(429);
    expect(Number(download.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(download.retryAfter)).toBeLessThanOrEqual(Math.ceil(60 / ASKS_PER_ADDRESS));
    expect(relaySessionsOf(token)).toBe(0);
    // Another tablet's upload is not held back by the first address.
    expect([401, 429]).not.toContain(await uploadFrom('127.0.4.2', token));
    expect(relaySessionsOf(token)).toBe(1);
    // Known now: the download is checked, and that scan is simply not there.
    expect((await answerFrom('127.0.4.1', token, scan)).status).toBe(404);
  });

  it('reads no X-Forwarded-For without PATRAVALI_TRUST_PROXY: one connection address, one budget', async () => {
    const random = () => randomBytes(32).toString('base64url');
    const claiming = (i: number) => ({ 'x-forwarded-for': `10.9.0.${i}` });
    for (let i = 0; i < ASKS_PER_ADDRESS; i++)
      expect(
        (await answerFrom('127.0.5.1', random(), '/api/directory', 'GET', claiming(i))).status,
      ).toBe(401);
    const past = await answerFrom('127.0.5.1', random(), '/api/directory', 'GET', claiming(99));
    expect(past.status).toBe(429);
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

    // Refused: 401 once asked (unknown), 429 past the budget (not asked; try later).
    const refusedStatus = async (source: string) => {
      const status = await directoryFrom(source, random());
      expect([401, 429]).toContain(status);
      return status;
    };
    // One address of the LAN shows twenty random tokens.
    let waits = 0;
    for (let i = 0; i < 20; i++) if ((await refusedStatus('127.0.0.2')) === 429) waits++;
    expect(waits).toBeGreaterThan(0);
    expect(asked()).toBeGreaterThan(0);
    expect(asked()).toBeLessThanOrEqual(ASKS_PER_ADDRESS + refill(ASKS_PER_ADDRESS));
    // Ten more addresses, ten each: at most the overall budget, all of it counted.
    for (let a = 3; a < 13; a++) for (let i = 0; i < 10; i++) await refusedStatus(`127.0.0.${a}`);
    expect(asked()).toBeLessThanOrEqual(ASKS_PER_MINUTE + refill(ASKS_PER_MINUTE));
    expect(relaySessionRows()).toBe(rowsBefore);
  }, 150_000);

  it('answers only an office relay, only about a token hash, and only its own office', async () => {
    const relayToken = readRelayState(relayDir)?.token ?? '';
    expect(relayToken).not.toBe('');
    const clerk = await atDistrict('clerk.vikasnagar', 5);
    const chakrata = await atDistrict('clerk.chakrata', 6);

    expect(await askDistrict(relayToken, { tokenHash: hashOf(clerk) })).toBe(200);
    expect(await askDistrict(relayToken, { tokenHash: hashOf(chakrata) })).toBe(404);
    expect(await askDistrict(relayToken, { tokenHash: hashOf('not a token') })).toBe(404);
    // Another office's live session is said to be one, naming nobody (decision 0017,
    // amendment 2); an unknown or ended token is the plain 404.
    const bodyOf = async (token: string) =>
      (await (
        await fetch(`${district.url}/api/relay/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...bearer(relayToken) },
          body: JSON.stringify({ tokenHash: hashOf(token) }),
        })
      ).json()) as Record<string, unknown>;
    const elsewhere = await bodyOf(chakrata);
    expect(elsewhere).toMatchObject({ error: 'notFound', otherOffice: true });
    expect(JSON.stringify(elsewhere)).not.toContain('clerk.chakrata');
    expect(await bodyOf('not a token')).not.toHaveProperty('otherOffice');
    const ended = await atDistrict('tehsildar.chakrata', 7);
    await fetch(`${district.url}/api/session`, { method: 'DELETE', headers: bearer(ended) });
    expect(await bodyOf(ended)).not.toHaveProperty('otherOffice');
    expect(await askDistrict(null, { tokenHash: hashOf(clerk) })).toBe(401);
    // A tablet's session may not ask about others' tokens.
    expect(await askDistrict(chakrata, { tokenHash: hashOf(clerk) })).toBe(403);
    expect(await askDistrict(relayToken, { token: clerk })).toBe(400);
    expect(await askDistrict(relayToken, { tokenHash: 'ABC' })).toBe(400);
  });
});

/**
 * The budget itself on the relay's clock (UpstreamLink.now, which the budget reads
 * for every question): the relay's accounts in the test's process, the district a
 * stand-in, so that "once the budget allows" is a step of the clock, not a wait
 * of up to 12 s.
 */
describe('an office relay’s budget of questions to the district, on the relay’s clock', () => {
  const random = () => randomBytes(32).toString('base64url');

  /** The district as the relay asks it: `sessions` by token hash are live there, nothing else. */
  function district(sessions: ReadonlyMap<string, RelaySessionResponse>) {
    const asked: string[] = [];
    const answer = ((_url: string | URL | Request, init?: RequestInit) => {
      const { tokenHash } = JSON.parse(String(init?.body)) as { tokenHash: string };
      asked.push(tokenHash);
      const session = sessions.get(tokenHash);
      return Promise.resolve(
        session === undefined
          ? Response.json({ error: 'notFound', detail: 'no such session' }, { status: 404 })
          : Response.json(session),
      );
    }) as typeof fetch;
    return { fetch: answer, asked };
  }

  /** Live sessions the district made (the relay never saw them), of these people, by token. */
  const atDistrictOnly = (now: number, people: readonly string[]) => {
    const sessions = new Map<string, RelaySessionResponse>();
    const tokens = people.map((person, i) => {
      const token = random();
      sessions.set(hashOf(token), {
        person: asPersonId(person),
        deviceId: asDeviceId(deviceUuid(21 + i)),
        createdAt: now,
        expiresAt: now + 60 * 60_000,
      });
      return token;
    });
    return { tokens, sessions };
  };
  const signedInAs = (person: string) => ({ person: { id: person } });

  it('tells a real session past the budget to wait in the same answer, never to sign in', async () => {
    const clock = createClock();
    const made = atDistrictOnly(clock.now(), ['tehsildar.vikasnagar']);
    const [tehsildar = ''] = made.tokens;
    const relay = await relayAccountsWith({ fetch: district(made.sessions).fetch, now: clock.now });
    try {
      for (let i = 0; i < ASKS_PER_ADDRESS; i++)
        expect(await relay.accounts.authenticate(random(), '10.0.0.7')).toBeNull();
      // The sixth from that address: not asked, and the answer itself says when it may be.
      const wait = await relay.accounts.authenticate(tehsildar, '10.0.0.7');
      expect(wait).toEqual({ laterMs: 60_000 / ASKS_PER_ADDRESS });
      expect(await relay.storage.findSession(hashOf(tehsildar))).toBeNull();
      // As the tablet does: it waits as told, and is taken with the same session.
      clock.advance(60_000 / ASKS_PER_ADDRESS - 1);
      expect(await relay.accounts.authenticate(tehsildar, '10.0.0.7')).toHaveProperty('laterMs');
      clock.advance(1);
      const taken = await relay.accounts.authenticate(tehsildar, '10.0.0.7');
      expect(taken).toMatchObject(signedInAs('tehsildar.vikasnagar'));
      expect(await relay.storage.findSession(hashOf(tehsildar))).not.toBeNull();
    } finally {
      await relay.close();
    }
  });

  it('tells a real session to wait while the district is busy, to sign in here while it cannot be asked', async () => {
    const clock = createClock();
    // What the district answered, and what the tablet is told: wait, or sign in (null: 401).
    const unanswered: readonly [string, () => Promise<Response>, { laterMs: number } | null][] = [
      ['503', () => Promise.resolve(new Response('busy', { status: 503 })), { laterMs: 10_000 }],
      ['502', () => Promise.resolve(new Response('gateway', { status: 502 })), { laterMs: 10_000 }],
      [
        '500',
        () => Promise.resolve(Response.json({ error: 'internal' }, { status: 500 })),
        { laterMs: 10_000 },
      ],
      [
        '429',
        () => Promise.resolve(Response.json({ error: 'slow' }, { status: 429 })),
        { laterMs: 10_000 },
      ],
      // The relay's own session at the district ended: it cannot ask until it signs in again.
      [
        '401',
        () => Promise.resolve(Response.json({ error: 'unauthenticated' }, { status: 401 })),
        null,
      ],
      ['unreachable', () => Promise.reject(new TypeError('fetch failed')), null],
    ];
    const people = unanswered.map(() => 'tehsildar.vikasnagar');
    const made = atDistrictOnly(clock.now(), [...people, 'clerk.vikasnagar']);
    const answers = district(made.sessions);
    // Each failure once, for the next question only; the district answers after it.
    let once: (() => Promise<Response>) | null = null;
    let relayToken = 'the relay’s session';
    const relay = await relayAccountsWith({
      fetch: ((url: string | URL | Request, init?: RequestInit) => {
        const failing = once;
        once = null;
        return failing === null ? answers.fetch(url, init) : failing();
      }) as typeof fetch,
      now: clock.now,
      relayToken: () => relayToken,
    });
    try {
      for (const [i, [what, failing, told]] of unanswered.entries()) {
        const token = made.tokens[i] ?? '';
        once = failing;
        const address = `10.0.3.${i}`;
        expect(await relay.accounts.authenticate(token, address), what).toEqual(told);
        expect(await relay.storage.findSession(hashOf(token)), what).toBeNull();
        // Not remembered as unknown: the next sync, with the same session, is taken.
        const taken = await relay.accounts.authenticate(token, address);
        expect(taken, what).toMatchObject(signedInAs('tehsildar.vikasnagar'));
      }
      // With no session of its own at the district yet, the relay cannot ask: sign in here.
      const clerk = made.tokens[unanswered.length] ?? '';
      relayToken = '';
      expect(await relay.accounts.authenticate(clerk, '10.0.4.1')).toBeNull();
      relayToken = 'the relay’s session';
      expect(await relay.accounts.authenticate(clerk, '10.0.4.1')).toMatchObject(
        signedInAs('clerk.vikasnagar'),
      );
      // The district's 404 alone is "unknown": refused, and not asked about again for a minute.
      const forged = random();
      expect(await relay.accounts.authenticate(forged, '10.0.4.2')).toBeNull();
      const asked = answers.asked.length;
      expect(await relay.accounts.authenticate(forged, '10.0.4.2')).toBeNull();
      expect(answers.asked).toHaveLength(asked);
    } finally {
      await relay.close();
    }
  });

  it("keeps a visitor's session another office's while the district cannot be asked, until it answers otherwise", async () => {
    const clock = createClock();
    // The district's answer about the visitor's token (decision 0017, amendment 2).
    let answer: 'otherOffice' | 'unreachable' | 'unknown' = 'otherOffice';
    let asked = 0;
    const relay = await relayAccountsWith({
      fetch: (() => {
        asked++;
        if (answer === 'unreachable') return Promise.reject(new TypeError('fetch failed'));
        const otherOffice = answer === 'otherOffice' ? { otherOffice: true } : {};
        return Promise.resolve(
          Response.json({ error: 'notFound', detail: 'not here', ...otherOffice }, { status: 404 }),
        );
      }) as typeof fetch,
      now: clock.now,
    });
    const visitor = random();
    const otherOffice = () => relay.accounts.otherOffice?.(visitor);
    try {
      expect(await relay.accounts.authenticate(visitor, '10.0.6.1')).toBeNull();
      expect(await otherOffice()).toBe(true);
      // Past the time it keeps that, the WAN down: still another office's (the district,
      // which her tablet goes to, decides), not "sign in again", which she could not do here.
      clock.advance(OTHER_OFFICE_MS);
      answer = 'unreachable';
      expect(await relay.accounts.authenticate(visitor, '10.0.6.1')).toBeNull();
      expect(asked).toBe(2);
      expect(await otherOffice()).toBe(true);
      // The district answers again: the plain 404 ends it.
      answer = 'unknown';
      expect(await relay.accounts.authenticate(visitor, '10.0.6.1')).toBeNull();
      expect(asked).toBe(3);
      expect(await otherOffice()).toBe(false);
    } finally {
      await relay.close();
    }
  });

  it('past the overall budget, a new address waits for it and a flooded one for its own too', async () => {
    const clock = createClock();
    const made = atDistrictOnly(clock.now(), ['tehsildar.vikasnagar', 'clerk.vikasnagar']);
    const [tehsildar = '', clerk = ''] = made.tokens;
    const asking = district(made.sessions);
    const relay = await relayAccountsWith({ fetch: asking.fetch, now: clock.now });
    try {
      // Six addresses of five questions each spend the thirty of the minute.
      for (let a = 0; a < ASKS_PER_MINUTE / ASKS_PER_ADDRESS; a++)
        for (let i = 0; i < ASKS_PER_ADDRESS; i++)
          expect(await relay.accounts.authenticate(random(), `10.0.1.${a}`)).toBeNull();
      expect(asking.asked).toHaveLength(ASKS_PER_MINUTE);
      // A new address has its own, but the overall bucket refills one every 60 s / 30.
      const wait = await relay.accounts.authenticate(tehsildar, '10.0.2.1');
      expect(wait).toEqual({ laterMs: 60_000 / ASKS_PER_MINUTE });
      clock.advance(60_000 / ASKS_PER_MINUTE);
      const taken = await relay.accounts.authenticate(tehsildar, '10.0.2.1');
      expect(taken).toMatchObject(signedInAs('tehsildar.vikasnagar'));
      // A flooded address waits for its own bucket as well, then gets through.
      const later = await relay.accounts.authenticate(clerk, '10.0.1.0');
      expect(later).toHaveProperty('laterMs');
      clock.advance((later as { laterMs: number }).laterMs);
      expect(await relay.accounts.authenticate(clerk, '10.0.1.0')).toMatchObject(
        signedInAs('clerk.vikasnagar'),
      );
      expect(asking.asked).toHaveLength(ASKS_PER_MINUTE + 2);
    } finally {
      await relay.close();
    }
  });
});

/**
 * A relay behind a TLS proxy it trusts (PATRAVALI_TRUST_PROXY, docs/RELAY.md
 * section 6): each tablet's address is the one the proxy writes into
 * X-Forwarded-For, so each has its own budget of questions to the district; a
 * connection from any other address is counted by that address, its header unread.
 */
describe('an office relay behind a TLS proxy listed in PATRAVALI_TRUST_PROXY', () => {
  let world: RelayWorld;
  const random = () => randomBytes(32).toString('base64url');

  beforeAll(async () => {
    world = await startRelayWorld({ ...RELAY_ENV, PATRAVALI_TRUST_PROXY: '127.0.0.1' });
  }, 120_000);
  afterAll(() => world?.close());

  /** The relay's answer to `method path` with a random token, from `source`, for the tablet `client`. */
  const statusFor = async (
    source: string,
    client: string,
    path = '/api/directory',
    method = 'GET',
    headers: Record<string, string> = {},
  ) =>
    (
      await answerAt(world.relay.url, source, random(), path, method, {
        'x-forwarded-for': client,
        ...headers,
      })
    ).status;

  it('gives each tablet behind the proxy its own budget, and reads no other address’s header', async () => {
    for (let i = 0; i < ASKS_PER_ADDRESS; i++)
      expect(await statusFor('127.0.0.1', '10.9.1.1')).toBe(401);
    expect(await statusFor('127.0.0.1', '10.9.1.1')).toBe(429);
    // Another tablet through the same proxy: its own budget, for a sync and a scan upload too.
    expect(await statusFor('127.0.0.1', '10.9.1.2')).toBe(401);
    const upload = { 'tus-resumable': '1.0.0', 'upload-length': '10' };
    expect(await statusFor('127.0.0.1', '10.9.1.2', ATTACHMENT_API.files, 'POST', upload)).toBe(
      401,
    );
    // A client writing its own header cannot escape its tablet's budget: the proxy's entry counts.
    expect(await statusFor('127.0.0.1', '10.9.1.3, 10.9.1.1')).toBe(429);
    // Not from the proxy: counted by the connection's address, whatever the header says.
    for (let i = 0; i < ASKS_PER_ADDRESS; i++)
      expect(await statusFor('127.0.0.2', `10.9.2.${i}`)).toBe(401);
    expect(await statusFor('127.0.0.2', '10.9.2.99')).toBe(429);
  });
});
