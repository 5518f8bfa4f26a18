import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asDeviceId, asPersonId } from '@domain/ids.ts';
import type { Refusal } from '@protocol/messages.ts';
import { DEMO_DIRECTORY } from '../../../sync-server/directory/demo-directory.ts';
import { keepLaterRefusal, refusedWhole } from '../../../sync-server/relay/keep-refusal.ts';
import {
  openLaterRefusals,
  type LaterRefusal,
  type LaterRefusals,
} from '../../../sync-server/relay/later-refusals.ts';
import type { ServerStorage } from '../../../sync-server/storage/types.ts';
import { createKeyedLocks } from '../../../sync-server/sync/keyed-locks.ts';
import { newFile } from '../../integration/server-sync-client.ts';

/**
 * Which refusals from the district the relay keeps as "refused whole" (decision 0013):
 * its tablets then keep nothing of the record. Only when the district holds nothing of
 * it; a record of another office it holds (outOfScope) also comes with no state.
 */
describe('a refusal refused whole', () => {
  const none = new Uint8Array(0);
  const some = new Uint8Array([1, 2, 3]);

  it('is one the district sent no state with', () => {
    expect(refusedWhole({ reason: 'keyRevoked', serverState: none })).toBe(true);
    expect(refusedWhole({ reason: 'keyRevoked', serverState: some })).toBe(false);
  });

  it('is never a record of another office, which the district holds', () => {
    expect(refusedWhole({ reason: 'outOfScope', serverState: none })).toBe(false);
  });
});

const TEHSILDAR_TABLET = '00000000-0000-4000-8000-0000000000t1';
const CHAKRATA_TABLET = '00000000-0000-4000-8000-0000000000c1';

describe('keeping a refusal that came with no state', () => {
  let dir = '';
  let refusals: LaterRefusals;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'patravali-keep-'));
    refusals = openLaterRefusals(dir);
  });
  afterEach(async () => {
    refusals.close();
    await rm(dir, { recursive: true, force: true });
  });

  const CLERK_TABLET = '00000000-0000-4000-8000-0000000000k1';

  /** Keeps a refusal of a Vikasnagar file of this grade and access list; what came of it. */
  async function keep(
    reason: Refusal['reason'],
    grade: 'normal' | 'confidential' = 'normal',
    access: readonly string[] = [],
  ) {
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    // Only what keepLaterRefusal uses of the storage when the district sent no state.
    const removed: string[] = [];
    const session = (person: string, deviceId: string) => ({ person, deviceId });
    const storage = {
      recordState: async () => file.update,
      deviceKeys: async () => [],
      removeRecord: async (id: string) => (removed.push(id), 1),
      recordOffice: async () => 'vikasnagar',
      recordAccess: async () => access,
      recordGrade: async () => grade,
      // A dispatch of the file the relay numbered in Vikasnagar's running register.
      recordLog: async () => [{ eventId: 'dispatched', register: { year: 2026, serial: 2 } }],
      // Tablets signed in at the relay: the tehsildar's and the clerk's may have pulled the
      // file, Chakrata's not.
      listLiveSessions: async () => [
        session('tehsildar.vikasnagar', TEHSILDAR_TABLET),
        session('clerk.vikasnagar', CLERK_TABLET),
        session('clerk.chakrata', CHAKRATA_TABLET),
      ],
    } as unknown as ServerStorage;
    const lines: string[] = [];
    const kept: Omit<LaterRefusal, 'id'>[] = [];
    const store: LaterRefusals = {
      ...refusals,
      add: (r, devices) => {
        kept.push(r);
        return refusals.add(r, devices);
      },
    };
    const refusal: Refusal = {
      ref: 1,
      recordId: file.id,
      reason,
      detail: 'refused',
      serverState: new Uint8Array(0),
      entries: [],
    };
    await keepLaterRefusal(
      {
        ctx: {
          storage,
          rules: undefined as never,
          locks: createKeyedLocks(),
          directory: DEMO_DIRECTORY,
        },
        refusals: store,
        now: () => 5,
        log: (line) => lines.push(line),
        relay: asPersonId('relay.vikasnagar'),
        state: { deviceId: asDeviceId('00000000-0000-4000-8000-0000000000r1') },
      },
      refusal,
    );
    const told = (device: string) => refusals.pending(asDeviceId(device), 1e6, 10).refusals;
    return { file, removed, lines, kept, told };
  }

  it.each(['outOfScope', 'keyRevoked'] as const)(
    'keeps the relay’s whole copy as the change, for every tablet that may hold it if refused whole (%s)',
    async (reason) => {
      const { file, removed, lines, kept, told } = await keep(reason);
      expect(lines).toHaveLength(1);
      // Its register number stays taken, and the log names it (amendment 6).
      expect(lines[0]?.endsWith('; its register numbers stay taken: VKN/DR/2026/2')).toBe(
        reason !== 'outOfScope',
      );
      expect(kept.map((r) => ({ whole: r.whole, change: r.change }))).toEqual([
        { whole: reason !== 'outOfScope', change: file.update },
      ]);
      // Refused whole, the relay takes its copy back; another office's record it leaves.
      expect(removed).toEqual(reason === 'outOfScope' ? [] : [file.id]);
      // Taken back whole, it tells every tablet whose person may see the file (amendment 5).
      const whole = reason === 'outOfScope' ? 0 : 1;
      expect(told(TEHSILDAR_TABLET)).toHaveLength(whole);
      expect(told(CLERK_TABLET)).toHaveLength(whole);
      expect(told(CHAKRATA_TABLET)).toEqual([]);
    },
  );

  it('tells of a confidential file refused whole only the tablets of people on its access list', async () => {
    const { told } = await keep('keyRevoked', 'confidential', ['clerk.vikasnagar']);
    // The whole file is the change told: the tehsildar, of the office but not on the list,
    // must not receive it.
    expect(told(CLERK_TABLET)).toHaveLength(1);
    expect(told(TEHSILDAR_TABLET)).toEqual([]);
    expect(told(CHAKRATA_TABLET)).toEqual([]);
  });
});
