import { afterEach, describe, expect, it } from 'vitest';
import { deviceUuid, signIn, startTestServer } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { newFile, pullAll, sync } from './server-sync-client.ts';

/**
 * Issue 15, item 2, against a real server: checking a pushed update runs in a
 * worker thread with a time budget, so one record's slow check delays no other
 * record and is refused, storing nothing, once over the budget. The slow check
 * is the server's own task held open by a gate (fixtures/gated-judge-worker.ts):
 * as slow as the test wants, with no clock in the test.
 */

const MARKER = 'जाँच रुकी / held in check';
const GATED = new URL('../fixtures/gated-judge-worker.ts', import.meta.url);

function gate() {
  const cells = new Int32Array(new SharedArrayBuffer(8));
  return {
    buffer: cells.buffer as SharedArrayBuffer,
    /** Settles once `n` checks are held at the gate. */
    async held(n: number): Promise<void> {
      for (let seen = Atomics.load(cells, 1); seen < n; seen = Atomics.load(cells, 1))
        await Atomics.waitAsync(cells, 1, seen).value;
    },
    open(): void {
      Atomics.store(cells, 0, 1);
      Atomics.notify(cells, 0);
    },
  };
}

describe('a slow check', () => {
  let server: TestServer | undefined;
  let opened: (() => void) | undefined;
  afterEach(async () => {
    opened?.();
    await server?.stop();
  });

  async function start(budgetMs: number) {
    const g = gate();
    opened = () => g.open();
    server = await startTestServer({ PATRAVALI_CHECK_MS: String(budgetMs) }, undefined, {
      threads: 2,
      worker: { module: GATED, data: { gate: g.buffer, marker: MARKER } },
    });
    const login = async (username: string, n: number) => {
      const deviceId = deviceUuid(n);
      const token = (await signIn(server!.url, username, deviceId)).body.token;
      return { token, deviceId };
    };
    const url = server.url;
    /** One file pushed from a tablet, as its first sync. */
    const push = (
      who: { token: string; deviceId: string },
      f: ReturnType<typeof newFile>,
      ref = 1,
    ) => sync(url, who.token, who.deviceId, 0, [{ ref, recordId: f.id, update: f.update }]);
    return { g, url, login, push };
  }

  it('delays no other record while it runs', async () => {
    const { g, login, push } = await start(600_000);
    const clerk = await login('clerk.vikasnagar', 1);
    const chakrata = await login('clerk.chakrata', 2);
    const slow = newFile('clerk.vikasnagar', 'vikasnagar', MARKER);
    const pending = push(clerk, slow);
    await g.held(1);
    // With one queue for every exchange this would wait for the gate, and never settle.
    const other = newFile('clerk.chakrata', 'chakrata', 'भूमि सीमांकन / land demarcation', 'CKR/1');
    const quick = await push(chakrata, other);
    expect(quick.response.acks).toEqual([1]);
    g.open();
    expect((await pending).response.acks).toEqual([1]);
  });

  it('is refused as too complex once over its budget, storing nothing, and the next check runs', async () => {
    const { g, url, login, push } = await start(2000);
    const clerk = await login('clerk.vikasnagar', 1);
    const dm = await login('dm.dehradun', 3);
    const slow = newFile('clerk.vikasnagar', 'vikasnagar', MARKER);
    const honest = newFile('clerk.vikasnagar', 'vikasnagar', 'साथ में / alongside', 'VKN/2');
    const answer = await sync(url, clerk.token, clerk.deviceId, 0, [
      { ref: 1, recordId: slow.id, update: slow.update },
      { ref: 2, recordId: honest.id, update: honest.update },
    ]);
    await g.held(1);
    expect(answer.response.refusals.map((r) => [r.ref, r.reason, r.detail])).toEqual([
      [1, 'updateTooComplex', 'checking this update took longer than 2000 ms'],
    ]);
    expect(answer.response.acks).toEqual([2]);
    const stored = await pullAll(url, dm.token, dm.deviceId);
    expect([...stored.byRecord.keys()]).toEqual([honest.id]);
    // The stopped worker was replaced: the next push is checked as usual.
    const next = newFile('clerk.vikasnagar', 'vikasnagar', 'अगली / next', 'VKN/3');
    const again = await push(clerk, next, 3);
    expect(again.response.acks).toEqual([3]);
  });

  it('cannot give a new record a number another took while it was checked', async () => {
    const { g, login, push } = await start(600_000);
    const first = await login('clerk.vikasnagar', 1);
    const second = await login('clerk.vikasnagar', 4);
    const held = newFile('clerk.vikasnagar', 'vikasnagar', MARKER, 'VKN/REV/2026/9-1');
    const pending = push(first, held);
    await g.held(1);
    const same = newFile('clerk.vikasnagar', 'vikasnagar', 'दूसरी / other', 'VKN/REV/2026/9-1');
    const quick = await push(second, same);
    expect(quick.response.acks).toEqual([1]);
    g.open();
    const late = (await pending).response;
    expect(late.acks).toEqual([]);
    expect(late.refusals.map((r) => [r.recordId, r.reason])).toEqual([[held.id, 'numberTaken']]);
  });
});
