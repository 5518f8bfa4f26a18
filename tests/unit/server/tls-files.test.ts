import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
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
import type { ServerConfig } from '../../../sync-server/config.ts';
import { httpsDeps } from '../../../sync-server/tls/https-deps.ts';
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
// As Let's Encrypt: a root the clients trust, an intermediate it issued, which issues the servers'.
let root: Pem;
let intermediate: Pem;
let issued: Pem;

beforeAll(async () => {
  ca = await testCa();
  leaf = await testLeaf(ca, 'patravali.test');
  other = await testLeaf(ca, 'patravali.test');
  root = await testCa('Test root');
  intermediate = await testCa('Test intermediate', root);
  issued = await testLeaf(intermediate, 'patravali.test');
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
    expect(await problemOf(half)).toContain(`${half.cert}: certificate 1 in it is cut off`);
  });

  it('refuses a chain whose last certificate is cut off mid-write, not dropping it', async () => {
    const whole = issued.cert + intermediate.cert;
    for (const n of [40, intermediate.cert.length / 2, intermediate.cert.length - 30]) {
      const cut = await filesWith(issued.cert + intermediate.cert.slice(0, n), issued.key);
      expect(await problemOf(cut)).toBe(
        `${cut.cert}: certificate 2 in it is cut off (no -----END CERTIFICATE----- line after it): still being written?`,
      );
    }
    const files = await filesWith(whole, issued.key);
    expect(await problemOf(files)).toBe('taken');
  });

  it('warns, naming the file, of a certificate given without its chain; refuses a chain out of order', async () => {
    const full = await readTlsPair(
      await filesWith(issued.cert + intermediate.cert, issued.key),
      new Date(),
    );
    expect(full.ok && full.warnings).toEqual([]);
    // cert.pem instead of fullchain.pem: taken (its issuer may be a root the clients trust), loudly.
    const alone = await filesWith(issued.cert, issued.key);
    const read = await readTlsPair(alone, new Date());
    expect(read.ok && read.warnings).toEqual([
      `Warning: ${alone.cert} holds the server's certificate without the certificate of its issuer (CN=Test intermediate): the chain is missing: give fullchain.pem, not cert.pem. Clients that do not trust that issuer itself refuse it (Node, as an office relay's link to its district: UNABLE_TO_VERIFY_LEAF_SIGNATURE).`,
    ]);
    // A self-signed certificate has no chain to give.
    const self = await readTlsPair(await filesWith(root.cert, root.key), new Date());
    expect(self.ok && self.warnings).toEqual([]);

    const chainFirst = await filesWith(intermediate.cert + issued.cert, issued.key);
    expect(await problemOf(chainFirst)).toBe(
      `${chainFirst.cert}: the server's certificate must come first: ${chainFirst.key} is the key of certificate 2 in it`,
    );
    const rootSecond = await filesWith(issued.cert + root.cert + intermediate.cert, issued.key);
    expect(await problemOf(rootSecond)).toBe(
      `${rootSecond.cert}: certificate 2 in it did not issue certificate 1: the chain must be in order, the server's certificate first, then each one's issuer`,
    );
    const withRoot = await filesWith(issued.cert + intermediate.cert + root.cert, issued.key);
    expect(await problemOf(withRoot)).toBe('taken');
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

  it('says an old-style encrypted key (Proc-Type: 4,ENCRYPTED) is encrypted, and why a key is not valid', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const oldStyle = String(
      privateKey.export({
        type: 'pkcs1',
        format: 'pem',
        cipher: 'aes-256-cbc',
        passphrase: 'secret',
      }),
    );
    expect(oldStyle).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED/);
    const locked = await filesWith(leaf.cert, oldStyle);
    expect(await problemOf(locked)).toBe(
      `${locked.key}: the private key is encrypted; give it without a passphrase`,
    );
    const garbage = await filesWith(
      leaf.cert,
      '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
    );
    expect(await problemOf(garbage)).toMatch(
      new RegExp(`^${garbage.key}: not a valid private key \\(.+\\)$`),
    );
  });

  it('takes an expired certificate, and one not valid yet, saying why it is not valid now', async () => {
    const expired = await testLeaf(ca, 'patravali.test', {
      from: new Date(Date.now() - 100 * DAY_MS),
      to: new Date(Date.now() - DAY_MS),
    });
    const files = await filesWith(expired.cert + ca.cert, expired.key);
    const read = await readTlsPair(files, new Date());
    expect(read.ok && read.notValidNow).toMatch(
      new RegExp(`^${files.cert}: the certificate expired on \\d{4}-`),
    );
    const early = await testLeaf(ca, 'patravali.test', {
      from: new Date(Date.now() + DAY_MS),
      to: new Date(Date.now() + 90 * DAY_MS),
    });
    const soon = await readTlsPair(await filesWith(early.cert + ca.cert, early.key), new Date());
    expect(soon.ok && soon.notValidNow).toContain('is valid only from');
    const good = await readTlsPair(await filesWith(leaf.cert + ca.cert, leaf.key), new Date());
    expect(good.ok && good.notValidNow).toBeNull();
  });

  it('starts with an expired certificate, logging it as an error; a key of another certificate stops the start', async () => {
    const expired = await testLeaf(ca, 'patravali.test', {
      from: new Date(Date.now() - 100 * DAY_MS),
      to: new Date(Date.now() - DAY_MS),
    });
    const files = await filesWith(expired.cert + ca.cert, expired.key);
    const config = {
      tlsFiles: files,
      tlsCheckMs: 60_000,
      https: false,
      dataDir: join(dir ?? '', 'data'),
    } as unknown as ServerConfig;
    const lines: string[] = [];
    for (const role of ['district', 'relay'] as const) {
      const https = await httpsDeps(config, [], role, (line) => lines.push(line));
      expect(https?.cert).toContain(expired.cert.trim());
    }
    expect(lines.filter((line) => line.startsWith('ERROR: '))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^ERROR: TLS certificate not valid now: ${files.cert}: the certificate expired on .*; clients refuse it\\. Started with it anyway`,
        ),
      ),
      expect.stringMatching(/^ERROR: TLS certificate not valid now: /),
    ]);
    // A certificate without its chain is served, the warning naming its file in the log.
    const alone = await filesWith(issued.cert, issued.key);
    const said: string[] = [];
    await httpsDeps({ ...config, tlsFiles: alone }, [], 'district', (line) => said.push(line));
    expect(said).toContainEqual(
      expect.stringContaining(`Warning: ${alone.cert} holds the server's certificate without`),
    );
    const mismatched = await filesWith(leaf.cert, other.key);
    await expect(
      httpsDeps({ ...config, tlsFiles: mismatched }, [], 'relay', () => undefined),
    ).rejects.toThrow(`${mismatched.key} is not the private key of the certificate in`);
  });

  it('warns when the certificate expires within 14 days, and when it has expired, naming the file', async () => {
    const files = await filesWith(leaf.cert + ca.cert, leaf.key);
    const pair = await pairOf(files);
    const end = pair.validTo.getTime();
    const at = pair.validTo.toISOString();
    expect(expiryWarning(pair, new Date(end - 15 * DAY_MS), files, 'district')).toBeNull();
    expect(expiryWarning(pair, new Date(end - 13 * DAY_MS + 1), files, 'district')).toBe(
      `Warning: the TLS certificate in ${files.cert} expires on ${at} (in 12 days); renew it (certbot renew): new files are taken without a restart.`,
    );
    expect(expiryWarning(pair, new Date(end + DAY_MS), files, 'district')).toBe(
      `Warning: the TLS certificate in ${files.cert} expired on ${at}: clients refuse it; renew it (certbot renew): new files are taken without a restart.`,
    );
    // A relay is given the district's files; it runs no certbot.
    expect(expiryWarning(pair, new Date(end + DAY_MS), files, 'relay', 'why')).toBe(
      `Warning: the TLS certificate in ${files.cert} expired on ${at}: clients refuse it; copy the district's renewed fullchain.pem and privkey.pem over these files: new files are taken without a restart. A newer pair in ${files.cert} is not taken: why.`,
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
      role: 'district',
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
      expect.stringMatching(/^Warning: the TLS certificate in .* expires on .* \(in 9 days\)/),
    ]);
  });

  it('takes a renewed pair refused as not valid yet once the clock reaches its start, saying so once', async () => {
    const files = await filesWith(leaf.cert + ca.cert, leaf.key);
    const pair = await pairOf(files);
    // An offline relay whose clock is behind: the renewed pair starts an hour from now.
    const clock = { now: Date.now() };
    const early = await testLeaf(ca, 'patravali.test', {
      from: new Date(clock.now + 60 * 60 * 1000),
      to: new Date(clock.now + 90 * DAY_MS),
    });
    const { renewal, applied, lines } = renewalOf(files, pair, clock);
    await writeFile(files.cert, early.cert + ca.cert);
    await writeFile(files.key, early.key);
    await renewal.check();
    clock.now += 30 * 60 * 1000;
    await renewal.check();
    expect(applied).toEqual([]);
    expect(lines).toEqual([
      expect.stringMatching(
        /^TLS files changed but not taken \(.*: the certificate is valid only from .*\); still serving/,
      ),
    ]);
    clock.now += 31 * 60 * 1000;
    await renewal.check();
    expect(applied.map((p) => new X509Certificate(p.cert).fingerprint256)).toEqual([
      new X509Certificate(early.cert).fingerprint256,
    ]);
    expect(lines[1]).toMatch(/^TLS certificate renewed: /);
  });

  it('repeats the refusal of a newer pair in the daily warning, and logs a changed refusal', async () => {
    const files = await filesWith(leaf.cert + ca.cert, leaf.key);
    const pair = await pairOf(files);
    const clock = { now: pair.validTo.getTime() - 5 * DAY_MS };
    const { renewal, applied, lines } = renewalOf(files, pair, clock);
    await writeFile(files.cert, other.cert + ca.cert);
    await renewal.check();
    await renewal.check();
    const mismatch = `${files.key} is not the private key of the certificate in ${files.cert}`;
    expect(lines).toEqual([expect.stringContaining(`(${mismatch})`)]);
    // Another problem in the files is said when it comes.
    await writeFile(files.cert, other.cert.slice(0, 100));
    await renewal.check();
    expect(lines[1]).toContain(`(${files.cert}: certificate 1 in it is cut off`);
    await writeFile(files.cert, other.cert + ca.cert);
    clock.now += DAY_MS;
    await renewal.check();
    expect(lines.slice(2)).toEqual([
      expect.stringContaining(`(${mismatch})`),
      expect.stringMatching(
        new RegExp(
          `^Warning: the TLS certificate in .* expires on .*A newer pair in ${files.cert} is not taken: ${mismatch}\\.$`,
        ),
      ),
    ]);
    expect(applied).toEqual([]);
  });

  it('tries a pair again when the server did not take it', async () => {
    const files = await filesWith(leaf.cert + ca.cert, leaf.key);
    const lines: string[] = [];
    const applied: TlsPair[] = [];
    let fails = true;
    const renewal = tlsRenewal({
      files,
      current: await pairOf(files),
      apply: (pair) => {
        if (fails) throw new Error('setSecureContext failed');
        applied.push(pair);
      },
      now: () => new Date(),
      log: (line) => lines.push(line),
      role: 'relay',
    });
    await writeFile(files.cert, other.cert + ca.cert);
    await writeFile(files.key, other.key);
    await renewal.check();
    await renewal.check();
    expect(lines).toEqual([
      expect.stringContaining(`the server did not take it (setSecureContext failed)`),
    ]);
    fails = false;
    await renewal.check();
    expect(applied).toHaveLength(1);
    expect(lines[1]).toMatch(/^TLS certificate renewed: /);
  });

  it('logs the missing chain of a renewed pair it takes', async () => {
    const files = await filesWith(leaf.cert + ca.cert, leaf.key);
    const { renewal, applied, lines } = renewalOf(files, await pairOf(files), { now: Date.now() });
    await writeFile(files.cert, other.cert);
    await writeFile(files.key, other.key);
    await renewal.check();
    expect(applied).toHaveLength(1);
    expect(lines).toEqual([
      expect.stringMatching(/^TLS certificate renewed: /),
      expect.stringContaining(`Warning: ${files.cert} holds the server's certificate without`),
    ]);
  });
});
