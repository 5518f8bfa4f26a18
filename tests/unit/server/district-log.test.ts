import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consistencyProof, leafHash, memoryLookup, treeRoot, type Hash } from '@doc/merkle.ts';
import { encodeB64url } from '@doc/signature.ts';
import { treeHeadBytes, type SignedTreeHead } from '@doc/tree-head.ts';
import {
  DISTRICT_LOG_FILE,
  openDistrictLog,
  type DistrictLog,
} from '../../../sync-server/relay/district-log.ts';

/**
 * An office relay's check of its district's tree heads (decision 0010, amendment 2):
 * the district's log key kept from the first sign-in that names one, never
 * replaced; each sync answer's head verified under it and against the last kept
 * head with the tablets' own check; a forged head, another key, a rewritten log
 * refused with nothing kept, the alarm logged once and kept across a restart (and
 * logged once at it); a log that only grew taken, and ending the alarm; with a key
 * kept, no head is headMissing from the first answer; no key kept said once.
 */

const secret = new Uint8Array(32).fill(5);
const otherSecret = new Uint8Array(32).fill(6);
const KEY = encodeB64url(ed25519.getPublicKey(secret));
const OTHER_KEY = encodeB64url(ed25519.getPublicKey(otherSecret));

const leaves = (n: number, salt = ''): Hash[] =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`${salt}${i}`)));

function headOf(log: readonly Hash[], size = log.length, by = secret): SignedTreeHead {
  const unsigned = { size, root: treeRoot(memoryLookup(log), size), time: 1000 + size };
  return { ...unsigned, sig: ed25519.sign(treeHeadBytes(unsigned), by) };
}

const answer = (treeHead: SignedTreeHead, consistency: readonly Hash[] = []) => ({
  treeHead,
  consistency,
});

const log = leaves(20);
const proof = (from: number, to: number, of: readonly Hash[] = log) =>
  consistencyProof(memoryLookup(of), from, to);

describe("an office relay's check of its district's log", () => {
  let dir = '';
  let lines: string[] = [];
  let relay: DistrictLog;
  const open = () => openDistrictLog(dir, (line) => lines.push(line));
  const onDisk = () => readFileSync(join(dir, DISTRICT_LOG_FILE), 'utf8');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'patravali-district-log-'));
    lines = [];
    relay = open();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** Signed in, and a first head of 13 entries verified. */
  async function verifiedAt13(): Promise<void> {
    await relay.takeKey(KEY, 1);
    expect(await relay.check(answer(headOf(log, 13)), 2)).toBe(true);
    lines = [];
  }

  it('keeps the first key a sign-in names, across a restart, and no malformed one', async () => {
    await relay.takeKey(undefined, 1);
    expect(relay.hasKey()).toBe(false);
    expect(existsSync(join(dir, DISTRICT_LOG_FILE))).toBe(false);
    await relay.takeKey('not-a-key', 1);
    expect(relay.hasKey()).toBe(false);
    expect(lines).toEqual([
      "relay: the district's sign-in names a log key that is not one (not-a-key); not kept",
    ]);
    await relay.takeKey(KEY, 1);
    expect(relay.hasKey()).toBe(true);
    expect(lines[1]).toContain(`keeping the district's log key ${KEY}`);
    expect(open().hasKey()).toBe(true);
    expect(open().trouble()).toBeNull();
  });

  it('takes a log that only grows, and keeps its last head across a restart', async () => {
    await verifiedAt13();
    expect(relay.logSize()).toBe(13);
    expect(await relay.check(answer(headOf(log, 13)), 3)).toBe(true);
    expect(await relay.check(answer(headOf(log, 20), proof(13, 20)), 4)).toBe(true);
    expect(relay.logSize()).toBe(20);
    expect(open().logSize()).toBe(20);
    expect(lines).toEqual([]);
    expect(relay.trouble()).toBeNull();
  });

  it('refuses a forged head, keeping nothing of it, and logs it once', async () => {
    await verifiedAt13();
    const before = onDisk();
    const grown = headOf(log, 20);
    const root = Uint8Array.from(grown.root);
    root[0] = (root[0] as number) ^ 1;
    const forged = { ...grown, root };
    expect(await relay.check(answer(forged, proof(13, 20)), 50)).toBe(false);
    expect(await relay.check(answer({ ...grown, size: 21 }, proof(13, 20)), 60)).toBe(false);
    expect(relay.logSize()).toBe(13);
    expect(relay.trouble()).toEqual({ alarm: 'headSignature', since: 50 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^relay: ALARM the district's log did not only grow \(headSignature/);
    expect(lines[0]).toContain('nothing the district answers is applied');
    // Only the alarm was written: the kept key and head are as before.
    const kept = JSON.parse(onDisk()) as Record<string, unknown>;
    expect({ ...kept, alarm: null }).toEqual(JSON.parse(before));
    expect(open().trouble()).toEqual({ alarm: 'headSignature', since: 50 });
  });

  it('refuses a head signed by another key', async () => {
    await verifiedAt13();
    const other = headOf(log, 20, otherSecret);
    expect(await relay.check(answer(other, proof(13, 20)), 5)).toBe(false);
    expect(relay.trouble()?.alarm).toBe('headSignature');
    expect(relay.logSize()).toBe(13);
  });

  it('refuses a rewritten log: same size another root, or a proof that does not hold', async () => {
    await verifiedAt13();
    const rewritten = leaves(20);
    rewritten[4] = leafHash(new Uint8Array([1]));
    expect(await relay.check(answer(headOf(rewritten, 13)), 5)).toBe(false);
    expect(relay.trouble()).toEqual({ alarm: 'logRootChanged', since: 5 });
    expect(await relay.check(answer(headOf(rewritten, 20), proof(13, 20, rewritten)), 6)).toBe(
      false,
    );
    expect(relay.trouble()).toEqual({ alarm: 'logInconsistent', since: 5 });
    const flipped = proof(13, 20).map((h) => Uint8Array.from(h));
    const first = flipped[0] as Uint8Array;
    first[3] = (first[3] as number) ^ 0x80;
    expect(await relay.check(answer(headOf(log, 20), flipped), 7)).toBe(false);
    expect(await relay.check(answer(headOf(log, 12)), 8)).toBe(false);
    expect(relay.trouble()).toEqual({ alarm: 'logShrank', since: 5 });
    expect(await relay.check({}, 9)).toBe(false);
    expect(relay.trouble()?.alarm).toBe('headMissing');
    expect(relay.logSize()).toBe(13);
    // One line for each alarm as it changed, none for the same again.
    expect(lines.map((l) => /\((\w+):/.exec(l)?.[1])).toEqual([
      'logRootChanged',
      'logInconsistent',
      'logShrank',
      'headMissing',
    ]);
  });

  it('takes the honest log again once it is back, and says so', async () => {
    await verifiedAt13();
    const rewritten = leaves(20, 'x');
    expect(await relay.check(answer(headOf(rewritten, 20)), 5)).toBe(false);
    expect(await relay.check(answer(headOf(log, 20), proof(13, 20)), 6)).toBe(true);
    expect(relay.trouble()).toBeNull();
    expect(relay.logSize()).toBe(20);
    expect(lines[1]).toBe(
      "relay: the district's log checks again (logInconsistent ended; its head has 20 entries); its answers are applied",
    );
    expect(open().trouble()).toBeNull();
  });

  it('never takes another key a sign-in names: an alarm until the kept key signs again', async () => {
    await verifiedAt13();
    await relay.takeKey(OTHER_KEY, 40);
    expect(relay.trouble()).toEqual({ alarm: 'keyChanged', since: 40 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('keyChanged');
    // The new key's heads fail the check; the alarm stays the key's, not logged again.
    const theirs = headOf(leaves(3, 'new'), 3, otherSecret);
    expect(await relay.check(answer(theirs), 41)).toBe(false);
    const restarted = openDistrictLog(dir, (line) => lines.push(line));
    await restarted.takeKey(OTHER_KEY, 42);
    expect(restarted.trouble()).toEqual({ alarm: 'keyChanged', since: 40 });
    // Said again once at the restart (the alarm standing), not at its sign-in.
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('ALARM standing since');
    expect(JSON.parse(onDisk())).toMatchObject({ key: KEY });
    expect(await restarted.check(answer(headOf(log, 20), proof(13, 20)), 43)).toBe(true);
    expect(restarted.trouble()).toBeNull();
  });

  it('refuses an answer with no head once a key is kept, before any head was', async () => {
    await relay.takeKey(KEY, 1);
    expect(relay.keptKey()).toBe(KEY);
    expect(await relay.check({}, 2)).toBe(false);
    expect(relay.trouble()).toEqual({ alarm: 'headMissing', since: 2 });
    expect(relay.logSize()).toBe(0);
    // It does not end a standing alarm either.
    await relay.takeKey(OTHER_KEY, 3);
    expect(await relay.check({}, 4)).toBe(false);
    expect(relay.trouble()?.alarm).toBe('headMissing');
    // With no key kept nothing can be checked: taken, as before.
    const keyless = await mkdtemp(join(tmpdir(), 'patravali-district-log-'));
    const none = openDistrictLog(keyless, (line) => lines.push(line));
    expect(await none.check({}, 5)).toBe(true);
    expect(none.trouble()).toBeNull();
    await rm(keyless, { recursive: true, force: true });
  });

  it('says once that no key is kept, in its log and report, until one is', async () => {
    expect(relay.keptKey()).toBeUndefined();
    expect(relay.report()).toBeNull();
    relay.missingKey(10);
    relay.missingKey(11);
    expect(relay.report()).toEqual({ alarm: 'noKey', since: 10 });
    expect(relay.trouble()).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('no log key of the district is kept');
    await relay.takeKey(KEY, 12);
    expect(relay.report()).toBeNull();
    relay.missingKey(13);
    expect(lines).toHaveLength(2);
  });

  it('logs an alarm standing at a restart once, at once', async () => {
    await verifiedAt13();
    await relay.takeKey(OTHER_KEY, 40);
    lines = [];
    const restarted = open();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^relay: ALARM standing since 1970-01-01T00:00:00\.040Z \(keyChanged: /,
    );
    expect(restarted.report()).toEqual({ alarm: 'keyChanged', since: 40 });
    lines = [];
    await verifiedAt13();
    open();
    expect(lines).toEqual([]);
  });
});
