import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFile } from '@storage/services.ts';
import { PROTOCOL_VERSION } from '@protocol/messages.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { asDeviceId } from '@domain/ids.ts';
import { MAX_JUDGE_ROUNDS } from '../../sync-server/sync/judge-push.ts';
import { RecordConflictError, type ServerStorage } from '../../sync-server/storage/types.ts';
import { deviceUuid, signIn, startTestServer, tempDir } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { newFile, postFrame } from './server-sync-client.ts';
import { createDevice, syncUntilClean, type Clock } from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';
import { openTestStorage } from './test-engine.ts';

/**
 * A commit that meets a moved record in every re-judging round (other instances keep
 * committing to it) is answered 503 with Retry-After, storing nothing, and the
 * tablet comes back after it: its sync engine reads the wait and its next sync goes
 * through. Here the store's commit conflicts as often as the test says.
 */

function conflictingCommits(storage: ServerStorage) {
  const state = { conflicts: 0, attempts: 0 };
  const store = new Proxy(storage, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (key !== 'commit') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: Parameters<ServerStorage['commit']>) => {
        state.attempts++;
        if (state.conflicts > 0) {
          state.conflicts--;
          throw new RecordConflictError(args[0].map((i) => i.recordId));
        }
        return target.commit(...args);
      };
    },
  });
  return { store, state };
}

describe('a commit that keeps conflicting', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let server: TestServer;
  let commits: ReturnType<typeof conflictingCommits>['state'];
  beforeAll(async () => {
    dir = await tempDir('patravali-busy-');
    const held = conflictingCommits(await openTestStorage(dir.path));
    commits = held.state;
    server = await startTestServer({}, dir.path, undefined, held.store);
  });
  afterAll(async () => {
    await server.stop();
    await dir.remove();
  });

  it('is answered 503 busy with Retry-After after every round, storing nothing', async () => {
    const clerk = await signIn(server.url, 'clerk.vikasnagar', deviceUuid(1));
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    commits.conflicts = MAX_JUDGE_ROUNDS;
    commits.attempts = 0;
    const res = await fetch(`${server.url}/api/sync`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        authorization: `Bearer ${clerk.body.token}`,
      },
      body: encodeFrame({
        type: 'syncRequest',
        protocol: PROTOCOL_VERSION,
        deviceId: asDeviceId(deviceUuid(1)),
        cursor: 0,
        updates: [{ ref: 1, recordId: file.id, update: file.update }],
      }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(commits.attempts).toBe(MAX_JUDGE_ROUNDS);
    const dm = await signIn(server.url, 'dm.dehradun', deviceUuid(2));
    const pulled = await postFrame(
      server.url,
      dm.body.token,
      encodeFrame({
        type: 'syncRequest',
        protocol: PROTOCOL_VERSION,
        deviceId: asDeviceId(deviceUuid(2)),
        cursor: 0,
        updates: [],
      }),
    );
    expect(pulled.frame.type === 'syncResponse' && pulled.frame.updates).toEqual([]);
  });

  it('a tablet told so waits as asked and then syncs', async () => {
    // The server's clock, so the tablet's claimed times are the server's.
    const clock: Clock = {
      now: () => server.clock.now,
      advance: (ms) => void (server.clock.now += ms),
    };
    const random = mulberry32(5);
    const tablet = await createDevice(
      {
        origin: () => server.url,
        dataDir: dir.path,
        restart: async () => {},
        close: async () => {},
      },
      'clerk.vikasnagar',
      clock,
      random,
    );
    const made = await createFile(tablet.ctx, { subject: 'Busy server', category: 'others' });
    expect(made.ok).toBe(true);
    commits.conflicts = MAX_JUDGE_ROUNDS;
    const first = await tablet.engine.syncNow();
    expect(first).toMatchObject({ kind: 'failed', error: 'busy', retryAfterMs: 1000 });
    expect(tablet.engine.status.getSnapshot().pending).toBeGreaterThan(0);
    await syncUntilClean(tablet);
    expect(tablet.engine.status.getSnapshot().pending).toBe(0);
  });
});
