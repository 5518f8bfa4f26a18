import 'fake-indexeddb/auto';
import { cmp, Dexie, liveQuery, type IntervalTree, type ObservabilitySet } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { createFile, searchRecords } from '@storage/services.ts';
import { clerk, fakeClock, must, testDevice, type TestDevice } from './helpers.ts';

/**
 * The search index's word rows are observed as a whole table
 * (src/storage/db/coarse-observation.ts): what a write tells liveQuery, and that
 * a live search still sees what is indexed after it started.
 */

const devices: TestDevice[] = [];
const listeners: ((parts: ObservabilitySet) => void)[] = [];
afterEach(async () => {
  for (const l of listeners.splice(0)) Dexie.on('storagemutated').unsubscribe(l);
  for (const d of devices.splice(0)) await d.db.delete();
});

function device(): TestDevice {
  const dev = testDevice('coarse-observation', fakeClock());
  devices.push(dev);
  return dev;
}

/** Every part a committed write told liveQuery about, by name. */
function mutations(): Map<string, IntervalTree[]> {
  const seen = new Map<string, IntervalTree[]>();
  const listener = (parts: ObservabilitySet) => {
    for (const [part, tree] of Object.entries(parts))
      seen.set(part, [...(seen.get(part) ?? []), tree]);
  };
  Dexie.on('storagemutated', listener);
  listeners.push(listener);
  return seen;
}

/** The ranges of an interval tree, in order. */
function ranges(tree: IntervalTree): { from: unknown; to: unknown }[] {
  if (!('from' in tree)) return [];
  return [
    ...(tree.l ? ranges(tree.l) : []),
    { from: tree.from, to: tree.to },
    ...(tree.r ? ranges(tree.r) : []),
  ];
}

describe('observing the search index', () => {
  it("a record's words are told as the whole index, not word by word", async () => {
    const dev = device();
    const seen = mutations();
    const file = must(
      await createFile(dev.as(clerk), { subject: 'खसरा 112 का सीमांकन', category: 'revenue' }),
    );
    const words = seen.get(`idb://${dev.db.name}/searchWords/keys`) ?? [];
    expect(words.length).toBeGreaterThan(0);
    const { MIN_KEY, MAX_KEY } = dev.db.core;
    // One range over every key there is.
    const whole = (tree: IntervalTree) => {
      const [only, ...more] = ranges(tree);
      return (
        more.length === 0 &&
        only !== undefined &&
        cmp(only.from, MIN_KEY) <= 0 &&
        cmp(only.to, MAX_KEY) >= 0
      );
    };
    expect(words.every(whole)).toBe(true);
    // Other tables keep Dexie's own keys: the record's row is told by its id.
    const records = seen.get(`idb://${dev.db.name}/records/`) ?? [];
    expect(records.flatMap(ranges)).toContainEqual({ from: file.id, to: file.id });
  });

  it('a live search sees a file indexed after it started', async () => {
    const dev = device();
    const answers: RecordId[][] = [];
    const sub = liveQuery(async () =>
      (await searchRecords(dev.db, 'सीमांकन')).map((r) => r.id),
    ).subscribe({ next: (ids) => answers.push(ids) });
    try {
      await expect.poll(() => answers.length).toBeGreaterThan(0);
      expect(answers.at(-1)).toEqual([]);
      const file = must(
        await createFile(dev.as(clerk), { subject: 'खसरा 112 का सीमांकन', category: 'revenue' }),
      );
      await expect.poll(() => answers.at(-1)).toEqual([file.id]);
    } finally {
      sub.unsubscribe();
    }
  });
});
