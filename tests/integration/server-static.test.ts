import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, tempDir } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';

describe('static hosting of the built PWA', () => {
  let server: TestServer;
  let dist: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    dist = await tempDir('patravali-dist-');
    await mkdir(join(dist.path, 'assets'));
    await writeFile(join(dist.path, 'index.html'), '<!doctype html><title>पत्रावली</title>');
    await writeFile(join(dist.path, 'assets', 'app-B1x9Qz7a.js'), 'console.log(1)');
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

  it('does not answer API paths with the app', async () => {
    const res = await fetch(`${server.url}/api/unknown`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
  });
});
