import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './server-harness.ts';
import { nodeArgs } from '../server-bundle.ts';

/**
 * `npm start -- --https` for the classroom: the real main.ts in a child process
 * makes its certificate in the data directory and answers over TLS that a
 * client trusting only that certificate's CA accepts.
 */

const LISTENING = /Patravali listening on https:\/\/127\.0\.0\.1:(\d+)\//;

let child: ChildProcess | null = null;
let removeDir: (() => Promise<void>) | null = null;
afterEach(async () => {
  if (child !== null && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  child = null;
  await removeDir?.();
  removeDir = null;
});

async function startHttps(
  dataDir: string,
  onListening?: (proc: ChildProcess) => void,
): Promise<{ port: number; output: () => string }> {
  const proc = spawn(process.execPath, nodeArgs('main', ['--https']), {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      PATRAVALI_DATA_DIR: dataDir,
      PATRAVALI_STATIC_DIR: join(dataDir, 'no-dist'),
      PATRAVALI_SCRYPT_LOG_N: '10',
      PATRAVALI_DEMO_CONTENT: '0',
    },
  });
  child = proc;
  let out = '';
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = LISTENING.exec(out);
      if (m?.[1] === undefined) return;
      onListening?.(proc);
      resolve(Number(m[1]));
    });
    proc.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { port, output: () => out };
}

function get(
  port: number,
  path: string,
  ca?: string,
): Promise<{ status: number; body: string; type: string; hsts: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'GET', ...(ca === undefined ? {} : { ca }) },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            type: String(res.headers['content-type']),
            hsts: res.headers['strict-transport-security'],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS for the classroom', () => {
  it('makes a certificate in the data directory and answers /healthz over TLS with it', async () => {
    const dir = await tempDir('patravali-https-');
    removeDir = dir.remove;
    const { port, output } = await startHttps(dir.path);
    const ca = await readFile(join(dir.path, 'tls', 'ca.crt'), 'utf8');

    const health = await get(port, '/healthz', ca);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ ok: true });
    // Served over HTTPS, the browser is told to stay on it.
    expect(health.hsts).toMatch(/^max-age=\d+/);

    const cert = await get(port, '/cert.crt', ca);
    expect(cert.status).toBe(200);
    expect(cert.type).toContain('application/x-x509-ca-cert');
    expect(cert.body).toBe(ca);

    // Without the classroom CA the connection is refused: it really is TLS with our certificate.
    await expect(get(port, '/healthz')).rejects.toThrow();

    // The terminal shows where to go, as text and as a QR code.
    await expect.poll(() => output()).toContain('/cert.crt');
    expect(output()).toMatch(/[▀▄█]{10}/);
  });

  it('closes its database when stopped as soon as it says it listens', async () => {
    // systemd, or a test, may stop it the moment the line appears; the stop handlers were
    // set only after the classroom banner (a QR code, awaited), so such a stop killed the
    // server without closing SQLite.
    const dir = await tempDir('patravali-https-');
    removeDir = dir.remove;
    const proc = await new Promise<ChildProcess>((resolve, reject) => {
      startHttps(dir.path, (p) => {
        p.kill('SIGTERM');
        resolve(p);
      }).catch(reject);
    });
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      proc.once('exit', (c, s) => resolve([c, s])),
    );
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });
});
