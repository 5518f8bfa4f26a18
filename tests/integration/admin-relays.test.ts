import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keyFingerprint, RELAY_VOUCHES_FILE } from '../../sync-server/auth/relay-vouches.ts';
import { adminProcess } from './relay-processes.ts';
import { tempDir } from './server-harness.ts';

/**
 * `npm run admin -- relays` (the real admin process) on a district's data directory:
 * the relays whose keys it vouched for (relay-vouches.json, decision 0017), nothing
 * when there is no record, and a clear refusal, changing nothing, for a record it
 * cannot read. A real vouch, given by a running district to a running relay, is
 * listed in relay-tiers.test.ts.
 */

const dirs: { remove: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await d.remove();
});

async function dataDir(): Promise<string> {
  const dir = await tempDir('patravali-admin-relays-');
  dirs.push(dir);
  return dir.path;
}

const KEY_A = Buffer.alloc(32, 1).toString('base64url');
const KEY_B = Buffer.alloc(32, 2).toString('base64url');
/** An entry as the district writes it. */
const GIVEN = { office: 'vikasnagar', key: KEY_A, at: Date.UTC(2026, 11, 6), account: 'a' };

describe('admin relays', () => {
  it('says no relays were vouched for when there is no record, and writes none', async () => {
    const dir = await dataDir();
    expect(await adminProcess(dir, ['relays'])).toEqual({
      code: 0,
      out: 'no relays vouched for\n',
    });
    expect(existsSync(join(dir, RELAY_VOUCHES_FILE))).toBe(false);
  });

  it('lists each relay account with its office, key fingerprint and when, sorted', async () => {
    const dir = await dataDir();
    const at = Date.UTC(2026, 11, 6, 9, 30);
    await writeFile(
      join(dir, RELAY_VOUCHES_FILE),
      JSON.stringify({
        'relay:vikasnagar': { office: 'vikasnagar', key: KEY_B, at: at + 60_000, account: 'b' },
        'relay:chakrata': { office: 'chakrata', key: KEY_A, at, account: 'a' },
      }),
    );
    const { code, out } = await adminProcess(dir, ['relays']);
    expect(code).toBe(0);
    // No account keys in this data directory: each account is said to be revoked.
    expect(out.trimEnd().split('\n')).toEqual([
      `relay:chakrata\toffice chakrata\tkey ${keyFingerprint(KEY_A)}\tvouched 2026-12-06T09:30:00.000Z\taccount revoked`,
      `relay:vikasnagar\toffice vikasnagar\tkey ${keyFingerprint(KEY_B)}\tvouched 2026-12-06T09:31:00.000Z\taccount revoked`,
      '2 relay(s) vouched for',
    ]);
    expect(keyFingerprint(KEY_A)).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
    expect(keyFingerprint(KEY_A)).not.toBe(keyFingerprint(KEY_B));
  });

  it('says an empty record has no relays', async () => {
    const dir = await dataDir();
    await writeFile(join(dir, RELAY_VOUCHES_FILE), '{}');
    expect(await adminProcess(dir, ['relays'])).toEqual({
      code: 0,
      out: 'no relays vouched for\n',
    });
  });

  it('refuses a record it cannot read, with exit code 1, changing nothing', async () => {
    const dir = await dataDir();
    const file = join(dir, RELAY_VOUCHES_FILE);
    for (const body of [
      '{"relay:vikasnagar":',
      'null',
      '[]',
      JSON.stringify({ 'relay:vikasnagar': { office: 'vikasnagar', key: KEY_A } }),
      // A key cut short (a hand edit) has no fingerprint to show; nor a time past any date.
      JSON.stringify({ 'relay:vikasnagar': { ...GIVEN, key: KEY_A.slice(0, 20) } }),
      JSON.stringify({ 'relay:vikasnagar': { ...GIVEN, at: 1e20 } }),
    ]) {
      await writeFile(file, body);
      const { code, out } = await adminProcess(dir, ['relays']);
      expect(code).toBe(1);
      expect(out).toContain(`cannot read ${RELAY_VOUCHES_FILE} in the data directory`);
      expect(out).toContain('Nothing was changed');
      expect(out).not.toContain('vouched for\n');
      expect(await readFile(file, 'utf8')).toBe(body);
    }
  });
});
