import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb } from '@storage/db/db.ts';
import { createScanTransfer } from '@sync/scan-transfer.ts';
import type { ScanUploader, UploadResult } from '@sync/scan-upload.ts';
import { until } from './fakes.ts';

/** An uploader that answers from a script and counts its passes. */
function scriptedUploader(script: UploadResult[]): ScanUploader & { passes: number } {
  const u = {
    passes: 0,
    runOnce: async () => {
      const result = script[u.passes++] ?? 'done';
      return new Map([['a'.repeat(64), result]]);
    },
    pause: async () => undefined,
    resume: async () => undefined,
  };
  return u;
}

function setup(script: UploadResult[]) {
  const uploader = scriptedUploader(script);
  const timers: { fn: () => void; ms: number }[] = [];
  const transfer = createScanTransfer({
    uploader,
    download: {
      db: openDb(`transfer-${Math.random()}`),
      baseUrl: 'http://server.test',
      fetch: () => Promise.reject(new TypeError('offline')),
      getToken: () => 'token',
      now: () => 0,
    },
    random: () => 0.5,
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
    clearTimeout: () => undefined,
  });
  return { uploader, timers, transfer };
}

describe('scan transfer', () => {
  it('retries a failed pass on a backoff timer, and stops retrying once clean', async () => {
    const { uploader, timers, transfer } = setup(['failed', 'failed', 'done']);
    transfer.kick();
    await until(() => timers.length === 1);
    timers[0]!.fn();
    await until(() => timers.length === 2);
    expect(timers[1]!.ms).toBeGreaterThan(timers[0]!.ms);
    timers[1]!.fn();
    await until(() => uploader.passes === 3);
    await new Promise((r) => setImmediate(r));
    expect(timers).toHaveLength(2);
  });

  it('a kick during a pass runs one more pass after it, not one per kick', async () => {
    const { uploader, transfer } = setup([]);
    transfer.kick();
    transfer.kick();
    transfer.kick();
    await until(() => uploader.passes === 2);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(uploader.passes).toBe(2);
  });

  it('does nothing once stopped', async () => {
    const { uploader, transfer } = setup([]);
    transfer.stop();
    transfer.kick();
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(uploader.passes).toBe(0);
  });
});
