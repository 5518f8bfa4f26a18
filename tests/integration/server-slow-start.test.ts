// A server whose start-up work (directory install, demo seed) takes longer than
// Fastify's default plugin limit of 10 s — as it does on a busy 2-core machine —
// still starts, instead of exiting with FST_ERR_PLUGIN_TIMEOUT. The slow step is a
// storage call held open while fake timers pass a minute, so the test takes no time.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildServer } from '../../sync-server/app.ts';
import { configFromEnv } from '../../sync-server/config.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { tempDir } from './server-harness.ts';

describe('server start-up on a slow machine', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for start-up work that outlasts 10 s and then serves', async () => {
    const dir = await tempDir('patravali-slow-start-');
    const config = configFromEnv(
      {
        PATRAVALI_DATA_DIR: dir.path,
        PATRAVALI_SCRYPT_LOG_N: '10',
        PATRAVALI_STATIC_DIR: join(dir.path, 'no-dist'),
        PATRAVALI_DEMO_CONTENT: '0',
      },
      process.cwd(),
    );
    const real = openSqliteStorage(dir.path);
    let reached: () => void = () => undefined;
    const reachedDirectory = new Promise<void>((resolve) => (reached = resolve));
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow: ServerStorage = Object.assign(Object.create(real) as ServerStorage, {
      loadDirectory: async () => {
        reached();
        await released;
        return real.loadDirectory();
      },
    });

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const app = buildServer(config, {
      now: () => Date.now(),
      randomBytes: (n) => new Uint8Array(randomBytes(n)),
      storage: slow,
    });
    const ready = app.ready().then(
      () => 'ready' as const,
      (e: unknown) => (e instanceof Error && 'code' in e ? String(e.code) : String(e)),
    );
    await reachedDirectory;
    await vi.advanceTimersByTimeAsync(60_000);
    release();
    vi.useRealTimers();

    try {
      expect(await ready).toBe('ready');
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
    } finally {
      await app.close();
      await dir.remove();
    }
  });
});
