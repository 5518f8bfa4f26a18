import { X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testCa, testLeaf, type Pem } from '../fixtures/test-certificates.ts';
import { runAdminProcess, startDistrict, startRelay, type Child } from './relay-processes.ts';
import { tempDir } from './server-harness.ts';

/**
 * PATRAVALI_TLS_CERT and PATRAVALI_TLS_KEY: the real server process serves HTTPS
 * with the deployment's own certificate for the tablets' one host name
 * (`patravali.test` here, issued by a test CA), takes a renewed pair written
 * over the files without a restart, and an office relay given a pair that does
 * not match stops at start, before asking the district anything; one given an
 * expired certificate starts, says so as an error, and takes a renewed pair.
 */

const HOST = 'patravali.test';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

interface Answer {
  readonly status: number;
  readonly body: string;
  /** The certificate the server presented on this (new) connection. */
  readonly fingerprint: string;
}

/** GET over a new connection to 127.0.0.1, asking for `patravali.test` and trusting only `ca`. */
function get(url: string, path: string, ca: string): Promise<Answer> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', servername: HOST, port, path, ca, agent: false },
      (res) => {
        const fingerprint = (res.socket as TLSSocket).getPeerX509Certificate()?.fingerprint256;
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, fingerprint: fingerprint ?? '' }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const fingerprintOf = (pem: string): string => new X509Certificate(pem).fingerprint256;

/**
 * A temporary directory with a test CA, two certificates it issued for
 * patravali.test, and the files PATRAVALI_TLS_CERT / PATRAVALI_TLS_KEY name,
 * holding `cert` and `key`.
 */
async function tlsSetUp(contents: (c: { ca: Pem; first: Pem; second: Pem }) => Pem) {
  const dir = await tempDir('patravali-tls-files-');
  cleanups.push(dir.remove);
  const ca = await testCa();
  const certs = { ca, first: await testLeaf(ca, HOST), second: await testLeaf(ca, HOST) };
  const files = { cert: join(dir.path, 'fullchain.pem'), key: join(dir.path, 'privkey.pem') };
  const written = contents(certs);
  await writeFile(files.cert, written.cert);
  await writeFile(files.key, written.key);
  return { ...certs, files, dataDir: join(dir.path, 'data') };
}

describe("the deployment's own certificate", () => {
  it('serves HTTPS for the host name with it, and takes a renewed pair for new connections', async () => {
    // The certificate with its chain after it, as certbot's fullchain.pem.
    const set = await tlsSetUp(({ ca, first }) => ({ cert: first.cert + ca.cert, key: first.key }));
    const { ca, first, second: renewed, files } = set;

    const district: Child = await startDistrict(set.dataDir, {
      PATRAVALI_TLS_CERT: files.cert,
      PATRAVALI_TLS_KEY: files.key,
      PATRAVALI_TLS_CHECK_MS: '50',
      PATRAVALI_DEMO_CONTENT: '0',
    });
    cleanups.push(() => district.stop());
    expect(district.url).toMatch(/^https:\/\//);
    expect(district.output()).toMatch(
      /TLS certificate for patravali\.test, expires \d{4}-\d\d-\d\dT[\d:.]+Z \(in (89|90) days\)/,
    );

    const health = await get(district.url, '/healthz', ca.cert);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ ok: true });
    expect(health.fingerprint).toBe(fingerprintOf(first.cert));
    // No classroom authority to install: the path says so instead of serving the app's page.
    const certPath = await get(district.url, '/cert.crt', ca.cert);
    expect(certPath.status).toBe(404);
    expect(certPath.body).toContain('there is nothing to install');

    // Renewal writes the certificate first: with the old key it is not taken, the old one kept.
    await writeFile(files.cert, renewed.cert + ca.cert);
    await expect
      .poll(() => district.output(), { timeout: 20_000 })
      .toContain('TLS files changed but not taken');
    expect((await get(district.url, '/healthz', ca.cert)).fingerprint).toBe(
      fingerprintOf(first.cert),
    );

    await writeFile(files.key, renewed.key);
    await expect
      .poll(async () => (await get(district.url, '/healthz', ca.cert)).fingerprint, {
        timeout: 20_000,
      })
      .toBe(fingerprintOf(renewed.cert));
    expect(district.output()).toContain('TLS certificate renewed: for patravali.test');
  }, 120_000);

  it('stops an office relay whose key is not its certificate’s, naming the file, before it asks the district', async () => {
    const { files, dataDir } = await tlsSetUp(({ first, second }) => ({
      cert: first.cert,
      key: second.key,
    }));
    // A district that counts what it is asked.
    let asked = 0;
    const district = createServer((_req, res) => {
      asked += 1;
      res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => district.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => district.close(() => resolve())));
    const { port } = district.address() as AddressInfo;

    const relay = startRelay(dataDir, `http://127.0.0.1:${port}`, 'VKN', 'some-key', {
      PATRAVALI_TLS_CERT: files.cert,
      PATRAVALI_TLS_KEY: files.key,
    });
    const refused = await relay.then(
      (child) => child.stop().then(() => 'listening'),
      (e: unknown) => String(e),
    );
    expect(refused).toMatch(
      /^Error: sync-server\/relay\/main\.ts exited [1-9]\d* before listening/,
    );
    expect(refused).toContain(
      `Patravali relay: TLS certificate not usable: ${files.key} is not the private key of the certificate in ${files.cert}`,
    );
    expect(asked).toBe(0);
  }, 60_000);

  it('starts an office relay whose certificate expired, logging the error, and takes a renewed pair', async () => {
    const DAY_MS = 24 * 60 * 60 * 1000;
    const ca = await testCa();
    const expired = await testLeaf(ca, HOST, {
      from: new Date(Date.now() - 100 * DAY_MS),
      to: new Date(Date.now() - DAY_MS),
    });
    const set = await tlsSetUp(() => ({ cert: expired.cert + ca.cert, key: expired.key }));
    const { files, second: renewed } = set;
    const districtDir = await tempDir('patravali-district-');
    cleanups.push(districtDir.remove);
    const district = await startDistrict(districtDir.path);
    cleanups.push(() => district.stop());
    const key = /relay key .*: (\S+)/.exec(
      await runAdminProcess(districtDir.path, ['add-relay', 'VKN']),
    )?.[1];

    const relay = await startRelay(set.dataDir, district.url, 'VKN', key ?? '', {
      PATRAVALI_TLS_CERT: files.cert,
      PATRAVALI_TLS_KEY: files.key,
      PATRAVALI_TLS_CHECK_MS: '50',
    });
    cleanups.push(() => relay.stop());
    expect(relay.url).toMatch(/^https:\/\//);
    expect(relay.output()).toContain(
      `ERROR: TLS certificate not valid now: ${files.cert}: the certificate expired on`,
    );
    expect(relay.output()).toContain(`Warning: the TLS certificate in ${files.cert} expired on`);
    // It serves the expired certificate, which clients refuse, until the files are renewed.
    await expect(get(relay.url, '/healthz', ca.cert)).rejects.toThrow(/expired/);

    // The district's renewed pair (issued by the set's own authority), copied over the files.
    await writeFile(files.cert, renewed.cert + set.ca.cert);
    await writeFile(files.key, renewed.key);
    await expect
      .poll(
        async () => (await get(relay.url, '/healthz', set.ca.cert).catch(() => null))?.fingerprint,
        { timeout: 20_000 },
      )
      .toBe(fingerprintOf(renewed.cert));
  }, 120_000);
});
