import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../sync-server/storage/data-dir-lock.ts';
import { deviceUuid, signIn, startTestServer, tempDir } from './server-harness.ts';
import { newFile, pullAll, sync } from './server-sync-client.ts';

/** Issue 15, item 6: a second server on the same data directory refuses to start. */

describe('one server per data directory', () => {
  const dirs: { remove: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const d of dirs) await d.remove();
  });

  it('refuses a second server while the first runs, and starts once it stopped', async () => {
    const dir = await tempDir('patravali-lock-');
    dirs.push(dir);
    const first = await startTestServer({}, dir.path);
    await expect(startTestServer({}, dir.path)).rejects.toThrow(/another Patravali server/);
    // The first one keeps serving and storing.
    const clerk = await signIn(first.url, 'clerk.vikasnagar', deviceUuid(1));
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const r = await sync(first.url, clerk.body.token, deviceUuid(1), 0, [
      { ref: 1, recordId: file.id, update: file.update },
    ]);
    expect(r.response.acks).toEqual([1]);
    await first.stop();
    expect(existsSync(join(dir.path, LOCK_FILE))).toBe(false);

    const second = await startTestServer({}, dir.path);
    const dm = await signIn(second.url, 'dm.dehradun', deviceUuid(2));
    const all = await pullAll(second.url, dm.body.token, deviceUuid(2));
    expect([...all.byRecord.keys()]).toEqual([file.id]);
    await second.stop();
  });

  it('takes over a lock left by a server that died', async () => {
    const dir = await tempDir('patravali-lock-');
    dirs.push(dir);
    // No process has this pid (above the kernel's pid_max).
    await writeFile(join(dir.path, LOCK_FILE), '4194305\n');
    const server = await startTestServer({}, dir.path);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await server.stop();
  });
});
