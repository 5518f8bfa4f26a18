import 'fake-indexeddb/auto';
import { cmp, Dexie, liveQuery, type IntervalTree, type ObservabilitySet } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import type { RecordSummary } from '@storage/db/db.ts';
import { BULK_ROWS } from '@storage/db/coarse-observation.ts';
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

/** One range over every key there is. */
function whole(dev: TestDevice, tree: IntervalTree): boolean {
  const { MIN_KEY, MAX_KEY } = dev.db.core;
  const [only, ...more] = ranges(tree);
  return (
    more.length === 0 &&
    only !== undefined &&
    cmp(only.from, MIN_KEY) <= 0 &&
    cmp(only.to, MAX_KEY) >= 0
  );
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
    expect(words.every((tree) => whole(dev, tree))).toBe(true);
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

describe('observing a transaction that writes many rows', () => {
  it('is told key by key up to its 50th row, and as whole tables from then on', async () => {
    const dev = device();
    await dev.db.open(); // its own first writes are not this test's
    const seen = mutations();
    const put = (n: number) =>
      dev.db.transaction('rw', dev.db.kv, async () => {
        for (let i = 0; i < n; i++) await dev.db.kv.put({ key: `k${i}`, value: i });
      });
    await put(BULK_ROWS - 1);
    const few = seen.get(`idb://${dev.db.name}/kv/`) ?? [];
    expect(few).toHaveLength(1);
    expect(whole(dev, few[0] as IntervalTree)).toBe(false);
    expect(ranges(few[0] as IntervalTree)).toContainEqual({ from: 'k7', to: 'k7' });
    seen.clear();
    await put(BULK_ROWS + 10);
    const many = seen.get(`idb://${dev.db.name}/kv/`) ?? [];
    expect(many).toHaveLength(1);
    expect(whole(dev, many[0] as IntervalTree)).toBe(true);
  });

  it("still tells which records changed, which the review's kept rows follow", async () => {
    const dev = device();
    await dev.db.open();
    const seen = mutations();
    await dev.db.transaction('rw', dev.db.records, async () => {
      for (let i = 0; i < BULK_ROWS + 10; i++)
        await dev.db.records.put({ id: `r${i}`, office: 'VKN' } as unknown as RecordSummary);
    });
    const [ids, ...more] = seen.get(`idb://${dev.db.name}/records/`) ?? [];
    expect(more).toEqual([]);
    expect(ranges(ids as IntervalTree)).toContainEqual({ from: 'r55', to: 'r55' });
    const [offices] = seen.get(`idb://${dev.db.name}/records/office`) ?? [];
    expect(whole(dev, offices as IntervalTree)).toBe(true);
  });

  it('a live query sees what such a transaction wrote', async () => {
    const dev = device();
    const answers: unknown[] = [];
    const sub = liveQuery(() => dev.db.kv.get('k3')).subscribe({
      next: (row) => answers.push(row?.value),
    });
    try {
      await expect.poll(() => answers.length).toBeGreaterThan(0);
      await dev.db.transaction('rw', dev.db.kv, async () => {
        for (let i = 0; i < BULK_ROWS + 10; i++) await dev.db.kv.put({ key: `x${i}`, value: i });
        await dev.db.kv.put({ key: 'k3', value: 'written last' });
      });
      await expect.poll(() => answers.at(-1)).toBe('written last');
    } finally {
      sub.unsubscribe();
    }
  });
});
