import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testCa, testLeaf } from '../fixtures/test-certificates.ts';
import { startDistrict, type Child } from './relay-processes.ts';
import { tempDir } from './server-harness.ts';

/**
 * PATRAVALI_TLS_CERT and PATRAVALI_TLS_KEY: the real server process serves HTTPS
 * with the deployment's own certificate for the tablets' one host name
 * (`patravali.test` here, issued by a test CA), takes a renewed pair written
 * over the files without a restart, and an office relay given a pair that does
 * not match stops at start, before asking the district anything.
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

describe("the deployment's own certificate", () => {
  it('serves HTTPS for the host name with it, and takes a renewed pair for new connections', async () => {
    const dir = await tempDir('patravali-tls-files-');
    cleanups.push(dir.remove);
    const ca = await testCa();
    const first = await testLeaf(ca, HOST);
    const renewed = await testLeaf(ca, HOST);
    const files = { cert: join(dir.path, 'fullchain.pem'), key: join(dir.path, 'privkey.pem') };
    await writeFile(files.cert, first.cert + ca.cert);
    await writeFile(files.key, first.key);

    const district: Child = await startDistrict(join(dir.path, 'data'), {
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
    const dir = await tempDir('patravali-tls-files-');
    cleanups.push(dir.remove);
    const ca = await testCa();
    const one = await testLeaf(ca, HOST);
    const another = await testLeaf(ca, HOST);
    const files = { cert: join(dir.path, 'fullchain.pem'), key: join(dir.path, 'privkey.pem') };
    await writeFile(files.cert, one.cert);
    await writeFile(files.key, another.key);
    // A district that counts what it is asked.
    let asked = 0;
    const district = createServer((_req, res) => {
      asked += 1;
      res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => district.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => district.close(() => resolve())));
    const { port } = district.address() as AddressInfo;

    const proc = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'sync-server/relay/main.ts',
        '--upstream',
        `http://127.0.0.1:${port}`,
        '--office',
        'VKN',
      ],
      {
        cwd: process.cwd(),
        env: {
          ...process.env,
          PORT: '0',
          HOST: '127.0.0.1',
          PATRAVALI_DATA_DIR: join(dir.path, 'data'),
          PATRAVALI_RELAY_KEY: 'some-key',
          PATRAVALI_TLS_CERT: files.cert,
          PATRAVALI_TLS_KEY: files.key,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(out).toContain(
      `Patravali relay: TLS certificate not usable: ${files.key} is not the private key of the certificate in ${files.cert}`,
    );
    expect(out).not.toContain('listening');
    expect(asked).toBe(0);
  }, 60_000);
});
