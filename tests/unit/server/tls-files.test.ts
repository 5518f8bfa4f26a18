import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  describePair,
  expiryWarning,
  readTlsPair,
  tlsRenewal,
  type TlsFiles,
  type TlsPair,
} from '../../../sync-server/tls/tls-files.ts';
import { testCa, testLeaf, type Pem } from '../../fixtures/test-certificates.ts';

/**
 * The deployment's own certificate (PATRAVALI_TLS_CERT / PATRAVALI_TLS_KEY):
 * read and checked at start, each problem naming its file, and read again for a
 * renewed pair, which is taken only when it checks out.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
let dir: string | null = null;
let ca: Pem;
let leaf: Pem;
let other: Pem;

beforeAll(async () => {
  ca = await testCa();
  leaf = await testLeaf(ca, 'patravali.test');
  other = await testLeaf(ca, 'patravali.test');
});

afterEach(async () => {
  if (dir !== null) await rm(dir, { recursive: true, force: true });
  dir = null;
});

async function filesWith(cert: string, key: string): Promise<TlsFiles> {
  dir ??= await mkdtemp(join(tmpdir(), 'patravali-tls-files-'));
  const files = { cert: join(dir, 'fullchain.pem'), key: join(dir, 'privkey.pem') };
  await writeFile(files.cert, cert);
  await writeFile(files.key, key);
  return files;
}

async function problemOf(files: TlsFiles, now = new Date()): Promise<string> {
  const read = await readTlsPair(files, now);
  return read.ok ? 'taken' : read.problem;
}

async function pairOf(files: TlsFiles): Promise<TlsPair> {
  const read = await readTlsPair(files, new Date());
  if (!read.ok) throw new Error(read.problem);
  return read.pair;
}

describe('reading the TLS files', () => {
  it('takes a certificate with its chain and its key, and says which names it covers', async () => {
    const files = await filesWith(leaf.cert + ca.cert, leaf.key);
    const pair = await pairOf(files);
    expect(pair.names).toEqual(['patravali.test']);
    expect(pair.validTo.getTime()).toBe(Date.parse(new X509Certificate(leaf.cert).validTo));
    // The chain goes with the certificate, the server's first.
    expect(pair.cert.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(new X509Certificate(pair.cert).fingerprint256).toBe(
      new X509Certificate(leaf.cert).fingerprint256,
    );
    expect(describePair(pair, new Date())).toMatch(
      /^for patravali\.test, expires \d{4}-\d\d-\d\dT.*Z \(in (89|90) days\)$/,
    );
  });

  it('names the file it cannot read', async () => {
    const files = await filesWith(leaf.cert, leaf.key);
    expect(await problemOf({ ...files, cert: `${files.cert}.missing` })).toBe(
      `${files.cert}.missing: cannot be read (ENOENT)`,
    );
    expect(await problemOf({ ...files, key: `${files.key}.missing` })).toBe(
      `${files.key}.missing: cannot be read (ENOENT)`,
    );
  });

  it('names the file that is not PEM', async () => {
    const notPem = await filesWith('hello', leaf.key);
    expect(await problemOf(notPem)).toBe(
      `${notPem.cert}: no PEM certificate in it (-----BEGIN CERTIFICATE-----)`,
    );
    const keyNotPem = await filesWith(leaf.cert, 'hello');
    expect(await problemOf(keyNotPem)).toBe(
      `${keyNotPem.key}: no PEM private key in it (-----BEGIN PRIVATE KEY-----)`,
    );
    const broken = await filesWith(
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
      leaf.key,
    );
    expect(await problemOf(broken)).toBe(
      `${broken.cert}: certificate 1 in it is not a valid certificate`,
    );
    // Half written: the end line has not come yet.
    const half = await filesWith(leaf.cert.slice(0, leaf.cert.length / 2), leaf.key);
    expect(await problemOf(half)).toContain(`${half.cert}: no PEM certificate`);
  });

  it('refuses the key of another certificate, and an encrypted key', async () => {
    const files = await filesWith(leaf.cert, other.key);
    expect(await problemOf(files)).toBe(
      `${files.key} is not the private key of the certificate in ${files.cert}`,
    );
    const encrypted = createPrivateKey(leaf.key).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'secret',
    });
    const locked = await filesWith(leaf.cert, String(encrypted));
    expect(await problemOf(locked)).toBe(
      `${locked.key}: the private key is encrypted; give it without a passphrase`,
    );
  });

  it('refuses an expired certificate, and one not valid yet', async () => {
    const expired = await testLeaf(ca, 'patravali.test', {
      from: new Date(Date.now() - 100 * DAY_MS),
      to: new Date(Date.now() - DAY_MS),
    });
    const files = await filesWith(expired.cert, expired.key);
    expect(await problemOf(files)).toMatch(
      new RegExp(`^${files.cert}: the certificate expired on \\d{4}-`),
    );
    const early = await testLeaf(ca, 'patravali.test', {
      from: new Date(Date.now() + DAY_MS),
      to: new Date(Date.now() + 90 * DAY_MS),
    });
    const soon = await filesWith(early.cert, early.key);
    expect(await problemOf(soon)).toContain('is valid only from');
  });

  it('warns when the certificate expires within 14 days', async () => {
    const pair = await pairOf(await filesWith(leaf.cert, leaf.key));
    const end = pair.validTo.getTime();
    expect(expiryWarning(pair, new Date(end - 15 * DAY_MS))).toBeNull();
    expect(expiryWarning(pair, new Date(end - 13 * DAY_MS))).toMatch(
      /^Warning: the TLS certificate expires within 14 days/,
    );
  });
});

describe('renewing from the TLS files', () => {
  function renewalOf(files: TlsFiles, current: TlsPair, clock: { now: number }) {
    const applied: TlsPair[] = [];
    const lines: string[] = [];
    const renewal = tlsRenewal({
      files,
      current,
      apply: (pair) => applied.push(pair),
      now: () => new Date(clock.now),
      log: (line) => lines.push(line),
    });
    return { renewal, applied, lines };
  }

  it('takes a renewed pair once both files are written, keeping the old one until then', async () => {
    const files = await filesWith(leaf.cert, leaf.key);
    const { renewal, applied, lines } = renewalOf(files, await pairOf(files), { now: Date.now() });
    await renewal.check();
    expect({ applied, lines }).toEqual({ applied: [], lines: [] });

    // certbot wrote the new certificate; its key has not come yet.
    await writeFile(files.cert, other.cert);
    await renewal.check();
    expect(applied).toEqual([]);
    expect(lines).toEqual([
      expect.stringMatching(
        /^TLS files changed but not taken \(.* is not the private key of the certificate in .*\); still serving the certificate for patravali\.test/,
      ),
    ]);
    // Said once, not at every check.
    await renewal.check();
    expect(lines).toHaveLength(1);

    await writeFile(files.key, other.key);
    await renewal.check();
    expect(applied.map((p) => new X509Certificate(p.cert).fingerprint256)).toEqual([
      new X509Certificate(other.cert).fingerprint256,
    ]);
    expect(lines[1]).toMatch(
      /^TLS certificate renewed: for patravali\.test, expires .*; taken for new connections\.$/,
    );
    await renewal.check();
    expect(applied).toHaveLength(1);
  });

  it('keeps the pair in use when a file goes missing', async () => {
    const files = await filesWith(leaf.cert, leaf.key);
    const { renewal, applied, lines } = renewalOf(files, await pairOf(files), { now: Date.now() });
    await rm(files.key);
    await renewal.check();
    expect(applied).toEqual([]);
    expect(lines).toEqual([expect.stringContaining(`(${files.key}: cannot be read (ENOENT))`)]);
  });

  it('warns of the coming expiry at most once a day', async () => {
    const files = await filesWith(leaf.cert, leaf.key);
    const pair = await pairOf(files);
    const clock = { now: pair.validTo.getTime() - 10 * DAY_MS };
    const { renewal, lines } = renewalOf(files, pair, clock);
    // Said at start (https-deps.ts); the next after a day.
    await renewal.check();
    clock.now += DAY_MS - 1;
    await renewal.check();
    expect(lines).toEqual([]);
    clock.now += 1;
    await renewal.check();
    await renewal.check();
    expect(lines).toEqual([
      expect.stringMatching(/^Warning: the TLS certificate expires within 14 days/),
    ]);
  });
});
