import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { API } from '@protocol/api.ts';
import type { SyncResponse } from '@protocol/messages.ts';
import { LOG_KEY_FILE } from '../../sync-server/auth/log-key.ts';
import { DISTRICT_LOG_FILE } from '../../sync-server/relay/district-log.ts';
import { STATE_FILE } from '../../sync-server/relay/relay-state.ts';
import {
  addRelayKey,
  startDistrict,
  startRelay,
  tabletServer,
  type Child,
} from './relay-processes.ts';
import { deviceUuid, signIn, tempDir } from './server-harness.ts';
import { pullAll, stateOf } from './server-sync-client.ts';
import { createClock, eventually } from './sync-harness.ts';
import { fileSentTo, seeded, tablet, TEHSILDAR, type Tablet } from './tablet-harness.ts';
import { startRewritingProxy, type RewritingProxy } from './rewriting-proxy.ts';

/**
 * An office relay checks its district's tree heads as a tablet does (decision
 * 0010, amendment 2), on real processes: the district, Vikasnagar's relay, and
 * between them a proxy that rewrites the district's sync answers. A head with a
 * changed byte (its signature no longer holds) or a consistency proof with a
 * changed byte makes the relay apply nothing of the answer: the district's new
 * file does not reach it, its cursor and push position and kept head stay, it
 * says so once in its log and in /healthz, and it keeps trying. Honest answers
 * back, it takes the file, and what its tablets did meanwhile (kept at the relay
 * while the alarm stood) reaches the district. Fails without the check: the relay
 * takes the tampered answers. A district restarted without its key file signs
 * with another key: the relay refuses its answers, and at its own restart does
 * not take the key its sign-in names (`keyChanged`, kept across the restart) nor
 * forward a tablet's sign-in to it, until the district's key is back.
 */

const RELAY_ENV = { PATRAVALI_RELAY_TIMEOUT_MS: '5000', PATRAVALI_RELAY_BACKOFF_MS: '400' };

interface KeptLog {
  key: string;
  head: { size: number; root: string } | null;
}

const flipped = (bytes: Uint8Array): Uint8Array => {
  const out = Uint8Array.from(bytes);
  out[0] = (out[0] as number) ^ 1;
  return out;
};

describe("an office relay refuses a district's answers whose log does not check", () => {
  const clock = createClock(Date.now());
  const random = seeded(3110);
  const dirs: { remove: () => Promise<void> }[] = [];
  let district: Child;
  let relay: Child;
  let proxy: RewritingProxy;
  let relayDir = '';
  let districtDir = '';
  let relayKey = '';
  let districtLogKey = '';
  /** The naib tehsildar at the district; the clerk at the relay. */
  let naib: Tablet;
  let clerk: Tablet;
  const reader = deviceUuid(95);
  let readerToken = '';
  let relayReaderToken = '';

  const keptLog = () =>
    JSON.parse(readFileSync(join(relayDir, DISTRICT_LOG_FILE), 'utf8')) as KeptLog;
  const relayState = () => {
    const s = JSON.parse(readFileSync(join(relayDir, STATE_FILE), 'utf8')) as {
      cursor: number;
      pushed: number;
    };
    return { cursor: s.cursor, pushed: s.pushed };
  };
  const health = async () =>
    (await (await fetch(relay.url + API.health)).json()) as {
      ok: boolean;
      districtLog?: { alarm: string; since: number };
    };
  const atRelay = async (id: RecordId) =>
    (await pullAll(relay.url, relayReaderToken, reader)).byRecord.has(id);
  const holderAtDistrict = async (id: RecordId) =>
    stateOf((await pullAll(district.url, readerToken, reader)).byRecord.get(id) ?? [])?.holder;
  /** How many times the relay logged this alarm. */
  const alarms = (name: string) =>
    relay.output().split(`ALARM the district's log did not only grow (${name}:`).length - 1;

  beforeAll(async () => {
    const districtData = await tempDir('patravali-district-');
    const relayData = await tempDir('patravali-relay-');
    dirs.push(districtData, relayData);
    relayDir = relayData.path;
    districtDir = districtData.path;
    district = await startDistrict(districtDir);
    relayKey = await addRelayKey(districtDir, 'VKN');
    proxy = await startRewritingProxy(district.url);
    relay = await startRelay(relayDir, proxy.origin, 'VKN', relayKey, RELAY_ENV);
    const dm = await signIn(district.url, 'dm.dehradun', reader);
    readerToken = dm.body.token;
    districtLogKey = dm.body.logKey ?? '';
    relayReaderToken = (await signIn(relay.url, 'sdm.vikasnagar', reader)).body.token;
    naib = tablet(
      tabletServer(() => district, districtDir),
      clock,
      random,
    );
    clerk = tablet(
      tabletServer(() => relay, relayDir),
      clock,
      random,
    );
    expect(await naib.signIn('naib.vikasnagar')).toMatchObject({ ok: true });
    expect(await clerk.signIn('clerk.vikasnagar')).toMatchObject({ ok: true });
  }, 120_000);
  afterAll(async () => {
    await relay?.stop();
    await district?.stop();
    await proxy?.close();
    for (const d of dirs) await d.remove();
  });

  it("keeps the district's log key from its sign-in and the heads it verified", async () => {
    const first = await fileSentTo(naib, 'खसरा 41 सीमांकन', TEHSILDAR);
    expect(await naib.sync()).toBe('synced');
    await eventually(() => atRelay(first), 30_000);
    expect(districtLogKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await eventually(async () => (keptLog().head?.size ?? 0) > 0);
    expect(keptLog().key).toBe(districtLogKey);
    expect(relay.output()).toContain(`keeping the district's log key ${districtLogKey}`);
    expect(await health()).toEqual({ ok: true });
  }, 60_000);

  it('applies nothing of an answer whose head or proof was changed, and resumes with honest ones', async () => {
    // A changed byte of the head's root: its signature no longer holds.
    proxy.rewrite((res) =>
      res.treeHead === undefined
        ? res
        : { ...res, treeHead: { ...res.treeHead, root: flipped(res.treeHead.root) } },
    );
    const tampered = proxy.rewritten();
    await eventually(async () => proxy.rewritten() > tampered, 30_000);
    const state = relayState();
    const head = keptLog().head;
    const second = await fileSentTo(naib, 'खसरा 42 सीमांकन', TEHSILDAR);
    expect(await naib.sync()).toBe('synced');
    // Work done at the relay meanwhile: not pushed while the alarm stands, kept for later.
    const fromRelay = await fileSentTo(clerk, 'खसरा 43 नामांतरण', TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');
    await eventually(async () => proxy.rewritten() >= tampered + 4, 30_000);
    await eventually(async () => (await health()).districtLog?.alarm === 'headSignature');
    const since = (await health()).districtLog?.since;
    expect(await atRelay(second)).toBe(false);
    expect(relayState()).toEqual(state);
    expect(keptLog().head).toEqual(head);
    expect(alarms('headSignature')).toBe(1);

    // A changed byte of the consistency proof: the head is the district's, the proof does not hold.
    let proofs = 0;
    proxy.rewrite((res: SyncResponse) => {
      const proof = res.consistency ?? [];
      if (proof.length === 0) return res;
      proofs += 1;
      return { ...res, consistency: [flipped(proof[0] as Uint8Array), ...proof.slice(1)] };
    });
    await eventually(async () => proofs >= 3, 30_000);
    await eventually(async () => (await health()).districtLog?.alarm === 'logInconsistent');
    expect((await health()).districtLog?.since).toBe(since);
    expect(await atRelay(second)).toBe(false);
    expect(relayState()).toEqual(state);
    expect(keptLog().head).toEqual(head);
    expect(alarms('logInconsistent')).toBe(1);

    // Honest answers again: the relay takes the district's file, and its own work reaches it.
    proxy.rewrite(null);
    await eventually(() => atRelay(second), 30_000);
    await eventually(async () => (await holderAtDistrict(fromRelay)) === TEHSILDAR, 30_000);
    await eventually(async () => (await health()).districtLog === undefined);
    expect(keptLog().head?.size ?? 0).toBeGreaterThan(head?.size ?? 0);
    expect(relay.output()).toContain(
      "relay: the district's log checks again (logInconsistent ended",
    );
  }, 150_000);

  it('takes no other log key: a district that lost its own is an alarm until its key is back', async () => {
    // The district restarted on its port without its key file: it makes another.
    const port = new URL(district.url).port;
    const moveKey = (from: string, to: string) =>
      rename(join(districtDir, from), join(districtDir, to));
    await district.stop();
    await moveKey(LOG_KEY_FILE, 'log-signing-key.kept');
    district = await startDistrict(districtDir, { PORT: port });
    const state = relayState();
    const head = keptLog().head;
    // The relay's session goes on; the heads under the new key fail the check.
    await eventually(async () => (await health()).districtLog?.alarm === 'headSignature', 30_000);
    const since = (await health()).districtLog?.since;
    // Its sign-in, at the relay's restart, names the new key: not taken.
    await relay.kill();
    relay = await startRelay(relayDir, proxy.origin, 'VKN', relayKey, RELAY_ENV);
    await eventually(async () => relay.output().includes('(keyChanged:'), 30_000);
    expect(relay.output()).toContain('relay: ALARM standing since ');
    expect(await health()).toEqual({ ok: true, districtLog: { alarm: 'keyChanged', since } });
    expect(keptLog()).toMatchObject({ key: districtLogKey, head });
    // A tablet new to the relay signs in meanwhile: checked at the relay (provisional), its
    // password not sent to that server, and given the district's key the relay kept.
    const fresh = await signIn(relay.url, 'clerk.vikasnagar', deviceUuid(96));
    expect(fresh.status).toBe(201);
    expect(fresh.body).toMatchObject({ provisional: true, districtLogKey });
    const fromRelay = await fileSentTo(clerk, 'खसरा 44 नामांतरण', TEHSILDAR);
    expect(await clerk.sync()).toBe('synced');
    const tries = proxy.rewritten();
    proxy.rewrite((res) => res);
    await eventually(async () => proxy.rewritten() >= tries + 3, 30_000);
    expect(relayState()).toEqual(state);

    // The district's own key back: its answers check again, and the clerk's file goes.
    proxy.rewrite(null);
    await district.stop();
    await moveKey('log-signing-key.kept', LOG_KEY_FILE);
    district = await startDistrict(districtDir, { PORT: port });
    await eventually(async () => (await health()).districtLog === undefined, 30_000);
    await eventually(async () => (await holderAtDistrict(fromRelay)) === TEHSILDAR, 30_000);
    expect(keptLog().key).toBe(districtLogKey);
  }, 150_000);
});
