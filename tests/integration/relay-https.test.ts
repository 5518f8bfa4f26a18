import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDistrict, startRelay, runAdminProcess, type Child } from './relay-processes.ts';
import { tempDir } from './server-harness.ts';

/**
 * `npm run relay -- --https` (PATRAVALI_HTTPS=1) serves the office's tablets over
 * HTTPS as `npm start -- --https` does: a certificate made in the relay's data
 * directory by its own certificate authority (docs/RELAY.md).
 */

function post(url: string, path: string, body: unknown, ca: string) {
  const { hostname, port } = new URL(url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        path,
        method: 'POST',
        ca,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('an office relay over HTTPS', () => {
  const dirs: { remove: () => Promise<void> }[] = [];
  const children: Child[] = [];
  afterAll(async () => {
    for (const c of children.reverse()) await c.stop();
    for (const d of dirs) await d.remove();
  });

  it('serves sign-in over HTTPS with the certificate its authority made', async () => {
    const districtDir = await tempDir('patravali-district-');
    const relayDir = await tempDir('patravali-relay-');
    dirs.push(districtDir, relayDir);
    const district = await startDistrict(districtDir.path);
    children.push(district);
    const key = /relay key .*: (\S+)/.exec(
      await runAdminProcess(districtDir.path, ['add-relay', 'VKN']),
    )?.[1];
    const relay = await startRelay(relayDir.path, district.url, 'VKN', key ?? '', {
      PATRAVALI_HTTPS: '1',
    });
    children.push(relay);
    expect(relay.url).toMatch(/^https:\/\//);
    const ca = await readFile(join(relayDir.path, 'tls', 'ca.crt'), 'utf8');
    const signIn = {
      username: 'clerk.vikasnagar',
      password: 'demo1234',
      deviceId: '00000000-0000-4000-8000-0000000000a1',
    };
    const res = await post(relay.url, '/api/session', signIn, ca);
    expect(res.status).toBe(201);
    expect((JSON.parse(res.body) as { person: { id: string } }).person.id).toBe('clerk.vikasnagar');
  }, 120_000);
});
