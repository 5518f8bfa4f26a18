import { mkdir, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../scripts/precompress.ts';
import { startTestServer, tempDir } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';

/** A script large enough to gain from compression, as the build's chunks are. */
const BIG_SCRIPT = Array.from({ length: 300 }, (_, i) => `export const m${i} = '${i}';`).join('\n');

interface RawResponse {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** GET with exactly this Accept-Encoding; the body as it crossed the wire, not decoded. */
function rawGet(url: string, acceptEncoding: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('static hosting of the built PWA', () => {
  let server: TestServer;
  let dist: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    dist = await tempDir('patravali-dist-');
    await mkdir(join(dist.path, 'assets'));
    await writeFile(join(dist.path, 'index.html'), '<!doctype html><title>पत्रावली</title>');
    await writeFile(join(dist.path, 'assets', 'app-B1x9Qz7a.js'), 'console.log(1)');
    await writeFile(join(dist.path, 'assets', 'inbox-C2y8Rw6b.js'), BIG_SCRIPT);
    await writeFile(join(dist.path, 'assets', 'font-D3z7Sv5c.woff2'), 'wOF2 not text');
    precompressDir(dist.path);
    server = await startTestServer({ PATRAVALI_STATIC_DIR: dist.path });
  });
  afterAll(async () => {
    await server.stop();
    await dist.remove();
  });

  it('serves files, and index.html for app routes, uncached', async () => {
    const asset = await fetch(`${server.url}/assets/app-B1x9Qz7a.js`);
    expect(await asset.text()).toBe('console.log(1)');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    for (const path of ['/', '/files/42', '/inbox?lang=en']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('पत्रावली');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it("sends the build's brotli or gzip copy to a browser that accepts it, cached and typed as the file", async () => {
    const url = `${server.url}/assets/inbox-C2y8Rw6b.js`;
    const br = await rawGet(url, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(BIG_SCRIPT);
    expect(br.body.length).toBeLessThan(BIG_SCRIPT.length / 4);
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers['cache-control']).toContain('immutable');
    expect(br.headers['vary']).toContain('Accept-Encoding');

    const gz = await rawGet(url, 'gzip, deflate');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(BIG_SCRIPT);
    expect(gz.headers['cache-control']).toContain('immutable');

    const plain = await rawGet(url, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(BIG_SCRIPT);

    // Fonts are compressed already: no copies, sent as they are.
    const font = await rawGet(`${server.url}/assets/font-D3z7Sv5c.woff2`, 'gzip, br');
    expect(font.headers['content-encoding']).toBeUndefined();
    expect(font.body.toString()).toBe('wOF2 not text');
  });

  it("answers 404 for a file the build does not have, never with the app's page", async () => {
    for (const path of [
      '/assets/pdf-OLDHASH1.js',
      '/assets/x',
      '/later-assets.json',
      '/sw.js.map',
    ]) {
      const res = await fetch(`${server.url}${path}`);
      expect([path, res.status]).toEqual([path, 404]);
      expect(await res.text()).not.toContain('पत्रावली');
    }
  });

  it('does not answer API paths with the app', async () => {
    const res = await fetch(`${server.url}/api/unknown`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
  });
});
