import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { parseRelayVouch, vouchSignedBy } from '@doc/relay-vouch.ts';
import { decodeB64url, encodeB64url } from '@doc/signature.ts';
import { verifyBytes } from '@doc/verify-bytes.ts';
import { asPersonId } from '@domain/ids.ts';
import { openLogSigner } from '../../../sync-server/auth/log-key.ts';
import {
  keyFingerprint,
  openRelayVouches,
  readRelayVouches,
  RELAY_VOUCHES_FILE,
} from '../../../sync-server/auth/relay-vouches.ts';
import { listRelays, type RelayAdminIo } from '../../../sync-server/relay/relay-admin.ts';

/**
 * The district records the vouches it gives its relays (decision 0017, amendment 1):
 * which account, which key, when, in its log too; a second key for the same account
 * is refused (a warning) until the administrator issues the account a new key.
 */

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const temp = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'patravali-relay-vouches-'));
  dirs.push(dir);
  return dir;
};

const RELAY = asPersonId('relay:vikasnagar');
const keyOf = (n: number) => encodeB64url(ed25519.getPublicKey(new Uint8Array(32).fill(n)));
const FIRST = keyOf(3);
const SECOND = keyOf(4);

async function district(dataDir?: string) {
  const dir = dataDir ?? (await temp());
  const signer = openLogSigner(await temp());
  const credential = { hash: 'scrypt$issued-once' };
  const lines: string[] = [];
  let now = 1_000;
  const vouches = openRelayVouches({
    dataDir: dir,
    signer,
    storage: {
      getCredential: async (person) => ({ person, hash: credential.hash, source: 'admin' }),
    },
    now: () => now,
    log: (line) => lines.push(line),
  });
  const signedByDistrict = (v: unknown) => {
    const vouch = parseRelayVouch(v);
    const key = decodeB64url(signer.publicKey, 43);
    return vouch !== null && key !== null && vouchSignedBy(vouch, key, verifyBytes);
  };
  return {
    dir,
    vouches,
    lines,
    credential,
    signedByDistrict,
    later: (ms: number) => (now += ms),
  };
}

describe('the vouches the district gives', () => {
  it('records and logs the first, and gives the same key again without changing the record', async () => {
    const d = await district();
    const v = await d.vouches.vouch(RELAY, 'vikasnagar', FIRST);
    expect(d.signedByDistrict(v)).toBe(true);
    expect(v).toMatchObject({ office: 'vikasnagar', relayKey: FIRST, at: 1_000 });
    const recorded = readRelayVouches(d.dir);
    expect(recorded[RELAY]).toMatchObject({ office: 'vikasnagar', key: FIRST, at: 1_000 });
    expect(d.lines).toEqual([
      `district: vouched for relay account ${RELAY} (office vikasnagar): log key ${FIRST}`,
    ]);
    d.later(5_000);
    expect(d.signedByDistrict(await d.vouches.vouch(RELAY, 'vikasnagar', FIRST))).toBe(true);
    expect(readRelayVouches(d.dir)).toEqual(recorded);
    expect(d.lines[1]).toContain('vouched again');
  });

  it('refuses a second key for the same account, with a warning, changing nothing stored', async () => {
    const d = await district();
    await d.vouches.vouch(RELAY, 'vikasnagar', FIRST);
    const file = await readFile(join(d.dir, RELAY_VOUCHES_FILE), 'utf8');
    const answer = await d.vouches.vouch(RELAY, 'vikasnagar', SECOND);
    expect(answer).toMatchObject({ refused: expect.stringContaining('add-relay') });
    expect(d.lines.at(-1)).toMatch(
      /^district: WARNING relay account relay:vikasnagar .*second log key/,
    );
    expect(await readFile(join(d.dir, RELAY_VOUCHES_FILE), 'utf8')).toBe(file);
    // Asked at once, two keys: only the first is given.
    const e = await district();
    const both = await Promise.all([
      e.vouches.vouch(RELAY, 'vikasnagar', FIRST),
      e.vouches.vouch(RELAY, 'vikasnagar', SECOND),
    ]);
    expect(both.map((a) => 'refused' in a)).toEqual([false, true]);
    expect(readRelayVouches(e.dir)[RELAY]?.key).toBe(FIRST);
  });

  it('vouches for the new key in place of the old once the account key was issued again', async () => {
    const d = await district();
    await d.vouches.vouch(RELAY, 'vikasnagar', FIRST);
    d.credential.hash = 'scrypt$issued-again';
    d.later(60_000);
    const v = await d.vouches.vouch(RELAY, 'vikasnagar', SECOND);
    expect(d.signedByDistrict(v)).toBe(true);
    expect(readRelayVouches(d.dir)[RELAY]).toMatchObject({ key: SECOND, at: 61_000 });
    expect(d.lines.at(-1)).toMatch(/WARNING .*new log key .* in place of/);
  });

  it('starts with a record it cannot read, and refuses every vouch saying why, leaving the file', async () => {
    for (const broken of ['{"relay:vikas', 'null', '[]']) {
      const dir = await temp();
      await writeFile(join(dir, RELAY_VOUCHES_FILE), broken);
      const d = await district(dir);
      expect(d.lines[0]).toMatch(/^district: ERROR .*relay-vouches\.json/);
      const answer = await d.vouches.vouch(RELAY, 'vikasnagar', FIRST);
      expect(answer).toMatchObject({ refused: expect.stringContaining('restores or removes') });
      expect(d.vouches.given()).toEqual({});
      expect(await readFile(join(dir, RELAY_VOUCHES_FILE), 'utf8')).toBe(broken);
    }
  });

  it('gives no vouch it could not record', async () => {
    const d = await district(join(await temp(), 'missing', 'dir'));
    await expect(d.vouches.vouch(RELAY, 'vikasnagar', FIRST)).rejects.toThrow();
    expect(readRelayVouches(d.dir)).toEqual({});
    expect(d.lines).toEqual([]);
  });
});

describe('the listing of the vouches given (admin relays)', () => {
  /** `admin relays` on `dir`, with the relay account's key hash `hash` (null: revoked). */
  async function listed(dir: string, hash: string | null): Promise<string[]> {
    const out: string[] = [];
    const storage = {
      getCredential: async (person: string) =>
        hash === null ? null : { person, hash, source: 'admin' },
      loadDirectory: async () => null,
    } as unknown as RelayAdminIo['storage'];
    const io: RelayAdminIo = {
      storage,
      now: () => 0,
      randomBytes: (n) => new Uint8Array(n),
      scryptLogN: 10,
      out: (line) => out.push(line),
      dataDir: dir,
    };
    expect(await listRelays(io)).toBe(0);
    return out;
  }

  it("says whether the relay account's key is the one that asked, was issued again, or revoked", async () => {
    const d = await district();
    await d.vouches.vouch(RELAY, 'vikasnagar', FIRST);
    const line = `${RELAY}\toffice vikasnagar\tkey ${keyFingerprint(FIRST)}\tvouched ${new Date(1_000).toISOString()}`;
    expect(await listed(d.dir, d.credential.hash)).toEqual([line, '1 relay(s) vouched for']);
    expect(await listed(d.dir, 'scrypt$issued-again')).toEqual([
      `${line}\taccount key issued again since`,
      '1 relay(s) vouched for',
    ]);
    expect(await listed(d.dir, null)).toEqual([
      `${line}\taccount revoked`,
      '1 relay(s) vouched for',
    ]);
  });

  it("fingerprints the key's 32 bytes: the first 64 bits of their SHA-256, in fours", () => {
    // SHA-256 of 32 zero bytes is 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925.
    expect(keyFingerprint(encodeB64url(new Uint8Array(32)))).toBe('6668 7aad f862 bd77');
  });
});
