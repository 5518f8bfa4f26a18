import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyBytes } from '@doc/verify-bytes.ts';
import { decodeB64url } from '@doc/signature.ts';
import { treeHeadBytes, verifyTreeHead, type SignedTreeHead } from '@doc/tree-head.ts';
import { LOG_KEY_FILE, openLogSigner } from '../../../sync-server/auth/log-key.ts';

/**
 * The server's log key: made on first start in the data directory (mode 0600),
 * the same at every later start; the heads it signs verify with the public key
 * devices receive, and no changed byte, other field or other key does.
 */

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patravali-logkey-'));
  dirs.push(dir);
  return join(dir, 'data');
}

const keyOf = (text: string): Uint8Array => decodeB64url(text, 43) ?? new Uint8Array(0);
const head = { size: 42, root: new Uint8Array(32).fill(3), time: 1_780_000_000_000 };

describe('server log key and signed tree heads', () => {
  it('is made once, readable only by the server, and kept across starts', async () => {
    const dir = await dataDir();
    const first = openLogSigner(dir);
    const file = join(dir, LOG_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const pem = await readFile(file, 'utf8');
    expect(pem).toContain('PRIVATE KEY');
    expect(pem).not.toContain(first.publicKey);
    const again = openLogSigner(dir);
    expect(again.publicKey).toBe(first.publicKey);
    expect(await readFile(file, 'utf8')).toBe(pem);
    expect(keyOf(first.publicKey)).toHaveLength(32);
  });

  it('signs heads that verify with its public key, and only those', async () => {
    const signer = openLogSigner(await dataDir());
    const other = openLogSigner(await dataDir());
    const key = keyOf(signer.publicKey);
    const signed = signer.sign(head);
    expect(verifyTreeHead(signed, key, verifyBytes)).toBe(true);
    expect(verifyTreeHead(signed, keyOf(other.publicKey), verifyBytes)).toBe(false);
    expect(verifyTreeHead(other.sign(head), key, verifyBytes)).toBe(false);
    const changed: SignedTreeHead[] = [
      { ...signed, size: 41 },
      { ...signed, time: signed.time + 1 },
      { ...signed, root: new Uint8Array(32).fill(4) },
      { ...signed, root: signed.root.subarray(1) },
      { ...signed, sig: signed.sig.subarray(1) },
    ];
    for (const h of changed) expect(verifyTreeHead(h, key, verifyBytes)).toBe(false);
    for (let i = 0; i < signed.sig.length; i++) {
      const sig = Uint8Array.from(signed.sig);
      sig[i] = (sig[i] as number) ^ 0x01;
      expect(verifyTreeHead({ ...signed, sig }, key, verifyBytes)).toBe(false);
    }
  });

  it('signs exactly the documented bytes', () => {
    const text = new TextDecoder().decode(treeHeadBytes(head));
    expect(text).toBe(
      `patravali/tree-head/v1\n42\n${Buffer.from(head.root).toString('base64url')}\n1780000000000`,
    );
  });
});
