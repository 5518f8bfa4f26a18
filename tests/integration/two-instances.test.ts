import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { deviceUuid, signIn, startTestServer, tempDir } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { append, newFile, notingEvent, pullAll, stateOf, sync } from './server-sync-client.ts';
import type { TestRecord } from './server-sync-client.ts';
import { openTestStorage } from './test-engine.ts';

/**
 * Issue 19: two server instances on one store, each with its own in-process locks.
 * What keeps two exchanges judged against the same state from both committing is the
 * storage's compare-and-commit (docs/decisions/0007-storage-contract.md). Instance two's
 * commit is held until a competing exchange has committed through instance one, so
 * the race is the same on every run.
 */

/** Runs `race` before the store's next commit, and logs how each commit ended. */
function heldCommits(storage: ServerStorage) {
  const state = { race: null as (() => Promise<void>) | null, log: [] as string[] };
  const held = new Proxy(storage, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (key !== 'commit') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: Parameters<ServerStorage['commit']>) => {
        const race = state.race;
        state.race = null;
        if (race !== null) await race();
        try {
          const seqs = await target.commit(...args);
          state.log.push('committed');
          return seqs;
        } catch (e) {
          state.log.push(e instanceof Error ? e.name : String(e));
          throw e;
        }
      };
    },
  });
  return { held, state };
}

describe('two server instances on one store', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let one: TestServer;
  let two: TestServer;
  let commits: ReturnType<typeof heldCommits>['state'];
  const tabletA = deviceUuid(31);
  const tabletB = deviceUuid(32);
  let onOne: string;
  let onTwo: string;
  /** The district's reader, on a third tablet: what every device pulls. */
  let dm: string;
  const dmTablet = deviceUuid(33);
  beforeAll(async () => {
    dir = await tempDir('patravali-two-instances-');
    one = await startTestServer({}, dir.path, undefined, await openTestStorage(dir.path));
    const second = heldCommits(await openTestStorage(dir.path));
    commits = second.state;
    two = await startTestServer({}, dir.path, undefined, second.held);
    onOne = (await signIn(one.url, 'clerk.vikasnagar', tabletA)).body.token;
    onTwo = (await signIn(two.url, 'clerk.vikasnagar', tabletB)).body.token;
    dm = (await signIn(one.url, 'dm.dehradun', dmTablet)).body.token;
  });
  afterAll(async () => {
    await one.stop();
    await two.stop();
    await dir.remove();
  });

  const push = (recordId: TestRecord['id'], update: Uint8Array) => [{ ref: 1, recordId, update }];

  it('gives a number to one new file when two instances take it at once; the other is refused numberTaken', async () => {
    const first = newFile('clerk.vikasnagar', 'vikasnagar', 'पहली / first', 'VKN/REV/2026/8-1');
    const second = newFile('clerk.vikasnagar', 'vikasnagar', 'दूसरी / second', 'VKN/REV/2026/8-1');
    commits.log.length = 0;
    commits.race = async () => {
      const { response } = await sync(one.url, onOne, tabletA, 0, push(first.id, first.update));
      expect(response.acks).toEqual([1]);
    };
    const { response } = await sync(two.url, onTwo, tabletB, 0, push(second.id, second.update));
    expect(response.acks).toEqual([]);
    expect(response.refusals).toMatchObject([{ recordId: second.id, reason: 'numberTaken' }]);
    // Judged against a store without the number, its commit conflicted, and the second
    // judging refused it before committing anything.
    expect(commits.log).toEqual(['RecordConflictError']);
    const seen = (await pullAll(one.url, dm, dmTablet)).byRecord;
    expect(seen.has(first.id)).toBe(true);
    expect(seen.has(second.id)).toBe(false);
  });

  it('judges a change again on top of one committed meanwhile through the other instance', async () => {
    const file = newFile('clerk.vikasnagar', 'vikasnagar', 'सीमांकन / demarcation');
    expect(
      (await sync(one.url, onOne, tabletA, 0, push(file.id, file.update))).response.acks,
    ).toEqual([1]);
    const copy: TestRecord = { id: file.id, doc: new Y.Doc() };
    Y.applyUpdate(copy.doc, Y.encodeStateAsUpdate(file.doc));
    const fromA = append(file, [notingEvent('clerk.vikasnagar', 'टैबलेट ए / tablet A')]);
    const fromB = append(copy, [notingEvent('clerk.vikasnagar', 'टैबलेट बी / tablet B')]);
    commits.log.length = 0;
    commits.race = async () => {
      expect((await sync(one.url, onOne, tabletA, 0, push(file.id, fromA))).response.acks).toEqual([
        1,
      ]);
    };
    const { response } = await sync(two.url, onTwo, tabletB, 0, push(file.id, fromB));
    expect(response.acks).toEqual([1]);
    expect(commits.log).toEqual(['RecordConflictError', 'committed']);
    const pulled = (await pullAll(two.url, dm, dmTablet)).byRecord.get(file.id) ?? [];
    const notings = stateOf(pulled)?.notes.map((n) => n.text);
    expect(notings?.sort()).toEqual(['टैबलेट ए / tablet A', 'टैबलेट बी / tablet B'].sort());
  });
});
