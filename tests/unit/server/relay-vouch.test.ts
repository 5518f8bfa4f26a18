import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeB64url } from '@doc/signature.ts';
import { verifyBytes } from '@doc/verify-bytes.ts';
import { ed25519 } from '@noble/curves/ed25519.js';
import { openLogSigner, type LogSigner } from '../../../sync-server/auth/log-key.ts';
import { openRelayVouch, VOUCH_FILE } from '../../../sync-server/relay/relay-vouch.ts';

/**
 * The relay asks the district for its word on the relay's log key (decision 0017),
 * keeps only a vouch for its own key and office signed by the district key it was
 * given, asks again later while it has none, and serves a kept one after a restart.
 */

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const temp = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'patravali-relay-vouch-'));
  dirs.push(dir);
  return dir;
};

const ownKey = encodeB64url(ed25519.getPublicKey(new Uint8Array(32).fill(3)));

/** A relay whose district (`district`) answers each question with the next of `answers`. */
function relayAsking(
  district: LogSigner,
  dataDir: string,
  answers: (() => unknown)[],
  key = ownKey,
) {
  const timers: (() => Promise<void>)[] = [];
  /** What the relay's district log holds (district-log.ts). */
  const kept = { key: district.publicKey as string | undefined, distrusted: false };
  const asked: unknown[] = [];
  const lines: string[] = [];
  const vouch = openRelayVouch({
    url: 'http://district.test',
    fetch: (async (_url: string, init?: RequestInit) => {
      asked.push(JSON.parse(String(init?.body)));
      const body = answers.shift()?.() ?? null;
      if (body instanceof Error) throw body;
      if (body instanceof Response) return body;
      return new Response(JSON.stringify(body), { status: body === null ? 503 : 200 });
    }) as typeof fetch,
    dataDir,
    office: 'vikasnagar',
    ownKey: key,
    districtKey: () => kept.key,
    distrusted: () => kept.distrusted,
    token: () => 'relay-token',
    verify: verifyBytes,
    log: (line) => lines.push(line),
    setTimeout: (fn) => timers.push(fn),
    clearTimeout: () => undefined,
  });
  /** Runs the retry the relay set, as its timer would, until it ends. */
  const retry = async () => {
    const fn = timers.shift();
    if (fn === undefined) throw new Error('no retry was set');
    await fn();
  };
  return { vouch, timers, asked, lines, retry, kept };
}

describe('the relay keeping the district’s word for its log key', () => {
  it('keeps a vouch for its key and office, and serves it after a restart without asking', async () => {
    const district = openLogSigner(await temp());
    const dir = await temp();
    const good = district.vouchRelay('vikasnagar', ownKey, 7);
    const first = relayAsking(district, dir, [() => good]);
    await first.vouch.start();
    expect(first.asked).toEqual([{ key: ownKey }]);
    expect(first.vouch.get()).toEqual(good);
    expect(JSON.parse(await readFile(join(dir, VOUCH_FILE), 'utf8'))).toEqual(good);
    expect(first.timers).toEqual([]);

    const restarted = relayAsking(district, dir, []);
    await restarted.vouch.start();
    expect(restarted.asked).toEqual([]);
    expect(restarted.vouch.get()).toEqual(good);
  });

  it("says the district's reason for a refusal in its log, and asks again later", async () => {
    const district = openLogSigner(await temp());
    const detail = "this relay's log key X was vouched for at 2026-12-06T00:00:00.000Z";
    const r = relayAsking(district, await temp(), [
      () => Response.json({ error: 'forbidden', detail }, { status: 403 }),
    ]);
    await r.vouch.start();
    expect(r.vouch.get()).toBeNull();
    expect(r.lines).toEqual([expect.stringContaining(`(HTTP 403: ${detail})`)]);
    expect(r.timers).toHaveLength(1);
  });

  it('keeps nothing that is not the district’s word for it, and asks again later', async () => {
    const district = openLogSigner(await temp());
    const impostor = openLogSigner(await temp());
    const otherKey = encodeB64url(ed25519.getPublicKey(new Uint8Array(32).fill(4)));
    const dir = await temp();
    const r = relayAsking(district, dir, [
      () => new Error('WAN down'),
      () => impostor.vouchRelay('vikasnagar', ownKey, 7),
      () => district.vouchRelay('chakrata', ownKey, 7),
      () => district.vouchRelay('vikasnagar', otherKey, 7),
      () => ({ ...district.vouchRelay('vikasnagar', ownKey, 7), at: 8 }),
      () => district.vouchRelay('vikasnagar', ownKey, 9),
    ]);
    await r.vouch.start();
    for (let i = 0; i < 4; i++) {
      expect(r.vouch.get()).toBeNull();
      await r.retry();
    }
    expect(r.vouch.get()).toBeNull();
    await r.retry();
    expect(r.vouch.get()).toMatchObject({ office: 'vikasnagar', relayKey: ownKey, at: 9 });
    expect(r.asked).toHaveLength(6);
    expect(r.timers).toEqual([]);
    // Logged once while it had none, once when it got it.
    expect(r.lines).toHaveLength(2);
  });

  it('asks again when its own key is not the one vouched for (a fresh log key)', async () => {
    const district = openLogSigner(await temp());
    const dir = await temp();
    const otherKey = encodeB64url(ed25519.getPublicKey(new Uint8Array(32).fill(4)));
    const old = relayAsking(
      district,
      dir,
      [() => district.vouchRelay('vikasnagar', otherKey, 7)],
      otherKey,
    );
    await old.vouch.start();
    expect(old.vouch.get()).toMatchObject({ relayKey: otherKey });
    const r = relayAsking(district, dir, [() => district.vouchRelay('vikasnagar', ownKey, 10)]);
    expect(r.vouch.get()).toBeNull();
    await r.vouch.start();
    expect(r.asked).toEqual([{ key: ownKey }]);
    expect(r.vouch.get()).toMatchObject({ relayKey: ownKey, at: 10 });
  });

  it('asks nothing while it distrusts the district or keeps no key, and serves only what the kept key signed', async () => {
    const district = openLogSigner(await temp());
    const other = openLogSigner(await temp());
    const dir = await temp();
    const r = relayAsking(district, dir, [() => district.vouchRelay('vikasnagar', ownKey, 7)]);
    r.kept.distrusted = true;
    await r.vouch.start();
    r.kept.distrusted = false;
    r.kept.key = undefined;
    await r.retry();
    expect(r.asked).toEqual([]);
    r.kept.key = district.publicKey;
    await r.retry();
    expect(r.asked).toHaveLength(1);
    expect(r.vouch.get()).not.toBeNull();
    // Restarted with another district key kept (its key changed): the old word is not served.
    const later = relayAsking(other, dir, []);
    expect(later.vouch.get()).toBeNull();
  });
});
