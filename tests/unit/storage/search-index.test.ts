import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import {
  SEARCH_VERSION,
  keyText,
  keyTextMatches,
  queryTerms,
  searchKeys,
} from '@domain/search-words.ts';
import type { PatravaliDb, RecordSummary } from '@storage/db/db.ts';
import { openDeviceDb } from '@storage/db/device-db.ts';
import { PART_SPAN } from '@storage/db/search-layout.ts';
import { resetRecord } from '@storage/db/record-store.ts';
import { SEARCH_TUNING, type SearchTuning } from '@storage/db/search-index.ts';
import { rebuildSearchIndex } from '@storage/db/search-rebuild.ts';
import { putSearchKeys, searchTables } from '@storage/db/search-rows.ts';
import {
  createFile,
  diariseReceipt,
  finaliseDraft,
  saveDraft,
  searchRecords,
} from '@storage/services.ts';
import { clerk, fakeClock, must, testDevice, type TestDevice } from './helpers.ts';

type Kind = 'demarcation' | 'pension' | 'letter';

const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

async function office(): Promise<{ dev: TestDevice; ids: Record<Kind, RecordId> }> {
  const clock = fakeClock();
  const dev = testDevice('search-index', clock);
  devices.push(dev);
  const c = dev.as(clerk);
  const demarcation = must(
    await createFile(c, { subject: 'खसरा संख्या 112 का सीमांकन', category: 'landRecords' }),
  );
  clock.advance(1000);
  const pension = must(
    await createFile(c, { subject: 'Pension of Shri Ram Lal', category: 'pensions' }),
  );
  must(await saveDraft(c, pension.id, 'प्रार्थी की पेन्शन हेतु अवैध कब्ज़े की जाँच आवश्यक नहीं।'));
  must(await finaliseDraft(c, pension.id));
  clock.advance(1000);
  const letter = must(
    await diariseReceipt(c, {
      from: 'उप जिलाधिकारी विकासनगर',
      letterNumber: '45/रा.',
      letterDate: '2026-03-01',
      subject: 'फ़सल क्षति का आकलन',
      category: 'revenue',
      mode: 'hand',
    }),
  );
  return { dev, ids: { demarcation: demarcation.id, pension: pension.id, letter: letter.id } };
}

async function found(dev: TestDevice, text: string): Promise<string[]> {
  return (await searchRecords(dev.db, text)).map((r) => r.id);
}

describe('the device search index', () => {
  it('finds subject, number, sender, letter number and noting text through the index', async () => {
    const { dev, ids } = await office();
    const number = (await dev.db.records.get(ids.demarcation))?.number ?? '';
    expect(await found(dev, 'सिमांकन')).toEqual([ids.demarcation]);
    expect(await found(dev, number)).toEqual([ids.demarcation]);
    expect(await found(dev, 'जिलाधिकारी')).toEqual([ids.letter]);
    expect(await found(dev, '45/रा')).toEqual([ids.letter]);
    expect(await found(dev, 'पेंशन कब्जे')).toEqual([ids.pension]); // a noting, as typed पेन्शन, कब्ज़े
    expect(await found(dev, 'फसल')).toEqual([ids.letter]);
    expect(await found(dev, 'seemankan')).toEqual([ids.demarcation]);
    expect(await found(dev, 'pension')).toEqual([ids.pension]);
    expect(await found(dev, 'वरासत')).toEqual([]);
  });

  it('orders matches by latest activity and stops at the limit', async () => {
    const { dev, ids } = await office();
    // "2026" is in every number.
    expect(await found(dev, '2026')).toEqual([ids.letter, ids.pension, ids.demarcation]);
    expect((await searchRecords(dev.db, '2026', 2)).map((r) => r.id)).toEqual([
      ids.letter,
      ids.pension,
    ]);
  });

  it('drops a record from the index with its projection row', async () => {
    const { dev, ids } = await office();
    const head = await dev.db.searchHeads.get(ids.pension);
    const first = (head?.n ?? NaN) * PART_SPAN;
    expect(
      await dev.db.searchWords
        .where('p')
        .between(first, first + PART_SPAN)
        .count(),
    ).toBe(2);
    await resetRecord(dev.db, ids.pension, new Uint8Array(0));
    expect(await dev.db.searchHeads.get(ids.pension)).toBeUndefined();
    expect(
      await dev.db.searchWords
        .where('p')
        .between(first, first + PART_SPAN)
        .count(),
    ).toBe(0);
    expect(await found(dev, 'pension')).toEqual([]);
  });

  it('is built for records already on the tablet when the app opens the database', async () => {
    const { dev, ids } = await office();
    const words = async (db: PatravaliDb) =>
      (await db.searchHeads.orderBy('id').toArray()).map((h) => [h.id, h.version, h.words]);
    const kept = await words(dev.db);
    // Rows lost, and an older build's folding (an older version) with other words.
    await dev.db.searchHeads.clear();
    await dev.db.searchWords.clear();
    await dev.db.searchHeads.put({
      id: ids.pension,
      n: 1,
      version: SEARCH_VERSION - 1,
      parts: 1,
      words: keyText(['वरासत']),
    });
    await dev.db.searchWords.put({ at: 0, p: PART_SPAN, keys: ['वरासत'] });
    const name = dev.db.name;
    dev.db.close();
    const reopened = openDeviceDb(name);
    try {
      // The first query already waits for the index.
      expect(await words(reopened)).toEqual(kept);
      expect(await rebuildSearchIndex(reopened)).toBe(0);
      expect((await searchRecords(reopened, 'वरासत')).length).toBe(0);
      expect((await searchRecords(reopened, 'पेंशन')).map((r) => r.id)).toEqual([ids.pension]);
    } finally {
      reopened.close();
      await dev.db.open();
    }
  });
});

/** Ways of taking words that force each path: broad, read whole, newest first a page at a time. */
const TUNINGS: readonly SearchTuning[] = [
  SEARCH_TUNING,
  { few: 0, distinct: 0, narrow: 0, page: 1, walk: 0 }, // every word broad
  { few: 0, distinct: 0, narrow: 1, page: 1, walk: 1 }, // words of one entry read whole, the rest broad
  { few: 0, distinct: 64, narrow: 0, page: 1, walk: 0 }, // every word newest first, one entry a page
  { few: 1, distinct: 2, narrow: 3000, page: 2, walk: 3 },
  { few: 0, distinct: 0, narrow: 0, page: 1, walk: 1000 }, // a word that is a key and starts others common
];

describe('broad words', () => {
  it('give what an index lookup gives, however a word is taken', async () => {
    const { dev } = await office();
    const queries = ['2026', 'vkn 2026', 'सीमांकन 2026', 'pension vkn', 'फसल 45/रा', 'वरासत vkn'];
    for (const q of queries) {
      const looked = (await searchRecords(dev.db, q)).map((r) => r.id);
      for (const tuning of TUNINGS) {
        expect(
          (await searchRecords(dev.db, q, 50, tuning)).map((r) => r.id),
          `${q} ${JSON.stringify(tuning)}`,
        ).toEqual(looked);
      }
    }
    for (const tuning of TUNINGS)
      expect((await searchRecords(dev.db, '2026', 2, tuning)).length).toBe(2);
  });
});

/** Words records are made of: a few in most records, some in many, one in each. */
const WORDS = ['सीमांकन', 'सीमा', 'सीमित', 'पेंशन', 'खसरा', 'नायब', 'आख्या', 'जाँच'];

describe('the newest records of a word', () => {
  it('are the newest by latest activity, whatever order they were indexed in and however taken', async () => {
    const dev = testDevice('search-newest', fakeClock());
    devices.push(dev);
    const db = dev.db;
    // A seeded shuffle: records indexed in another order than their activity, times shared.
    let seed = 7;
    const next = (m: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % m;
    };
    const made: { id: RecordId; at: number; keys: string[] }[] = [];
    for (let i = 0; i < 120; i++) {
      const words = WORDS.filter((_, w) => next(w + 2) === 0);
      const keys = searchKeys({ particulars: [...words, `r${i}`, '2026'], notes: [] });
      made.push({ id: `rec-${i}` as RecordId, at: 1000 + next(40) * 10, keys });
    }
    await db.transaction('rw', [db.records, ...searchTables(db)], async () => {
      for (const r of made) {
        await db.records.put({ id: r.id, lastActivity: r.at } as unknown as RecordSummary);
        // Indexed at another time first (the reverse order): its rows move when its latest
        // activity does, or a word's entries read backwards would come oldest first.
        await putSearchKeys(db, r.id, 5000 - r.at, r.keys);
        await putSearchKeys(db, r.id, r.at, r.keys);
      }
    });
    const heads = await db.searchHeads.toArray();
    const numberOf = new Map(heads.map((h) => [h.id, h.n]));
    const expected = (q: string, limit: number) =>
      made
        .filter((r) => keyTextMatches(keyText(r.keys), queryTerms(q)))
        .sort((a, b) => b.at - a.at || (numberOf.get(b.id) ?? 0) - (numberOf.get(a.id) ?? 0))
        .slice(0, limit)
        .map((r) => r.id);
    const queries = ['सीमांकन', 'सीम', 'seem', 'सी', 'सीमा नायब', 'पेंशन जाँच 2026', 'r1', 'खसरा r11'];
    for (const q of queries) {
      for (const limit of [1, 5, 50]) {
        for (const tuning of TUNINGS) {
          expect(
            (await searchRecords(db, q, limit, tuning)).map((r) => r.id),
            `${q} ${limit} ${JSON.stringify(tuning)}`,
          ).toEqual(expected(q, limit));
        }
      }
    }
    // The word's newest records from the newest pages of its keys: not every entry.
    expect(expected('सीमांकन', 50).length).toBeGreaterThan(5);
    expect(await db.searchWords.count()).toBe(made.length);
  });
});

describe('a word that starts a dozen longer keys', () => {
  it('reads them key by key, newest first, without walking the newest records', async () => {
    const dev = testDevice('search-dozen', fakeClock());
    devices.push(dev);
    const db = dev.db;
    // 12 keys seema … seeml in 12 records each, each key's records older than the one before;
    // 70 of the records also have the key seem itself (more than a page of it).
    const longer = [...'abcdefghijkl'].map((c) => `seem${c}`);
    const made = longer.flatMap((key, k) =>
      Array.from({ length: 12 }, (_, i) => ({
        id: `rec-${k}-${i}` as RecordId,
        at: 100_000 - k * 1000 + i,
        keys: k * 12 + i < 70 ? [key, 'seem'] : [key],
      })),
    );
    await db.transaction('rw', [db.records, ...searchTables(db)], async () => {
      for (const r of made) {
        await db.records.put({ id: r.id, lastActivity: r.at } as unknown as RecordSummary);
        await putSearchKeys(db, r.id, r.at, r.keys);
      }
    });
    const walk = vi.spyOn(db.searchRecent, 'orderBy');
    try {
      // Probes of 101 entries from each end of 144 would overlap, counting key changes twice.
      const tuning = { ...SEARCH_TUNING, few: 100 };
      const got = (await searchRecords(db, 'seem', 51, tuning)).map((r) => r.id);
      const newest = [...made].sort((a, b) => b.at - a.at).slice(0, 51);
      expect(got).toEqual(newest.map((r) => r.id));
      expect(walk).not.toHaveBeenCalled();
    } finally {
      walk.mockRestore();
    }
  });
});
