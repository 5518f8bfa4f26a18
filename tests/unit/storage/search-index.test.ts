import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { SEARCH_VERSION, keyText, keyTextMatches, queryTerms } from '@domain/search-words.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import { openDeviceDb } from '@storage/db/device-db.ts';
import { PART_SPAN } from '@storage/db/search-layout.ts';
import { resetRecord } from '@storage/db/record-store.ts';
import { rebuildSearchIndex } from '@storage/db/search-rebuild.ts';
import {
  createFile,
  diariseReceipt,
  finaliseDraft,
  saveDraft,
  searchRecords,
} from '@storage/services.ts';
import { clerk, fakeClock, must, testDevice, type FakeClock, type TestDevice } from './helpers.ts';

type Kind = 'demarcation' | 'pension' | 'letter';

const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

async function office(): Promise<{
  dev: TestDevice;
  ids: Record<Kind, RecordId>;
  clock: FakeClock;
}> {
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
  clock.advance(1000);
  return {
    dev,
    ids: { demarcation: demarcation.id, pension: pension.id, letter: letter.id },
    clock,
  };
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
      await dev.db.searchParts
        .where('n')
        .between(first, first + PART_SPAN)
        .count(),
    ).toBe(2);
    await resetRecord(dev.db, ids.pension, new Uint8Array(0));
    expect(await dev.db.searchHeads.get(ids.pension)).toBeUndefined();
    expect(
      await dev.db.searchParts
        .where('n')
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
    await dev.db.searchParts.clear();
    await dev.db.searchHeads.put({
      id: ids.pension,
      n: 1,
      version: SEARCH_VERSION - 1,
      parts: 1,
      words: keyText(['वरासत']),
    });
    await dev.db.searchParts.put({ n: PART_SPAN, keys: ['वरासत'] });
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

describe('broad words', () => {
  it('are checked on the newest records and give what an index lookup gives', async () => {
    const { dev } = await office();
    const queries = ['2026', 'vkn 2026', 'सीमांकन 2026', 'pension vkn', 'फसल 45/रा', 'वरासत vkn'];
    for (const q of queries) {
      // narrow = 0: every word is broad; 1: words with more than one entry are.
      const looked = (await searchRecords(dev.db, q)).map((r) => r.id);
      for (const narrow of [0, 1]) {
        expect(
          (await searchRecords(dev.db, q, 50, narrow)).map((r) => r.id),
          q,
        ).toEqual(looked);
      }
    }
    expect((await searchRecords(dev.db, '2026', 2, 0)).length).toBe(2);
  });
});

/** What searchRecords must give, from the stored key texts and latest activity alone. */
async function expected(db: PatravaliDb, text: string, limit = 50): Promise<string[]> {
  const terms = queryTerms(text);
  const heads = await db.searchHeads.toArray();
  const recent = new Map((await db.searchRecent.toArray()).map((r) => [r.id, r.at]));
  return heads
    .filter((h) => terms.length > 0 && keyTextMatches(h.words, terms))
    .sort((a, b) => (recent.get(b.id) ?? 0) - (recent.get(a.id) ?? 0))
    .slice(0, limit)
    .map((h) => h.id);
}

/** Each prefix of `text` from two characters on, as the inbox searches while it is typed. */
const typing = (text: string) =>
  [...text].slice(1).map((_, i) => [...text].slice(0, i + 2).join(''));

describe('the next keystroke', () => {
  async function boundaries(dev: TestDevice, clock: FakeClock) {
    const c = dev.as(clerk);
    const border = must(
      await createFile(c, { subject: 'ग्राम सीमा का विवाद', category: 'revenue' }),
    );
    clock.advance(1000);
    const budget = must(await createFile(c, { subject: 'सीमित बजट', category: 'establishment' }));
    clock.advance(1000);
    return { border: border.id, budget: budget.id };
  }

  it('narrowing a word is answered from what the keystroke before read', async () => {
    const { dev, ids, clock } = await office();
    const more = await boundaries(dev, clock);
    // The index reads' limits.
    const limits: number[] = [];
    dev.db.use({
      stack: 'dbcore',
      name: 'index-reads',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (name !== 'searchParts') return table;
          return {
            ...table,
            query: (req) => (limits.push(req.limit ?? Infinity), table.query(req)),
          };
        },
      }),
    });
    dev.db.close();
    await dev.db.open();
    expect(await found(dev, 'सीम')).toEqual([more.budget, more.border, ids.demarcation]);
    // The prefix's few keys were found in one read of the index's unique keys.
    expect(limits.filter((l) => l === 1)).toEqual([]);
    limits.length = 0;
    expect(await found(dev, 'सीमा')).toEqual([more.border, ids.demarcation]);
    expect(await found(dev, 'सीमांकन')).toEqual([ids.demarcation]);
    expect(await found(dev, 'सीमित')).toEqual([more.budget]);
    // Nothing read from the index: a live query runs again on kv searchWrites instead.
    expect(limits).toEqual([]);
    // Not a narrowing: सी is a whole word, सीम* starts words.
    expect(await found(dev, 'सी')).toEqual([]);
    expect(limits.length).toBeGreaterThan(0);
    // More words than KEEP_MATCHES (a Roman word has up to three matches): all of the
    // search's own are kept, and the last word typed on reads nothing.
    const long = must(
      await createFile(dev.as(clerk), {
        subject: 'अलफ बलफ गमन घटक चमन छतर जलद झलक टमटर ठहरन',
        category: 'revenue',
      }),
    );
    const words = 'अलफ बलफ गमन घटक चमन छतर जलद झलक ठहर';
    expect(await found(dev, words)).toEqual([long.id]);
    limits.length = 0;
    expect(await found(dev, `${words}न`)).toEqual([long.id]);
    expect(limits).toEqual([]);
  });

  it('sees a record changed since the keystroke before', async () => {
    const { dev, ids, clock } = await office();
    const more = await boundaries(dev, clock);
    const c = dev.as(clerk);
    expect(await found(dev, 'सीम')).toEqual([more.budget, more.border, ids.demarcation]);
    // The pension file gets सीमा in a noting; the boundary file goes from the tablet.
    must(await saveDraft(c, ids.pension, 'भूमि की सीमा की जाँच करें'));
    must(await finaliseDraft(c, ids.pension));
    await resetRecord(dev.db, more.border, new Uint8Array(0));
    expect(await found(dev, 'सीमा')).toEqual([ids.pension, ids.demarcation]);
    expect(await found(dev, 'सीमा')).toEqual(await expected(dev.db, 'सीमा'));
  });

  it('keeps a live search live when it was answered from the keystroke before', async () => {
    const { dev, ids, clock } = await office();
    const more = await boundaries(dev, clock);
    expect(await found(dev, 'सीम')).toEqual([more.budget, more.border, ids.demarcation]);
    const seen: string[][] = [];
    const live = liveQuery(() => searchRecords(dev.db, 'सीमा'));
    const sub = live.subscribe((rows) => seen.push(rows.map((r) => r.id)));
    try {
      await vi.waitFor(() => expect(seen).toEqual([[more.border, ids.demarcation]]));
      // Another record gets सीमा: not one whose rows the search read.
      must(await saveDraft(dev.as(clerk), ids.pension, 'सीमा की जाँच'));
      must(await finaliseDraft(dev.as(clerk), ids.pension));
      const want = await expected(dev.db, 'सीमा');
      await vi.waitFor(() => expect(seen.at(-1)).toEqual(want), { timeout: 5000 });
      expect(seen.at(-1)).toContain(ids.pension);
    } finally {
      sub.unsubscribe();
    }
  });

  it('gives what the stored keys say, keystroke by keystroke, however broad the words', async () => {
    const { dev, clock } = await office();
    await boundaries(dev, clock);
    const c = dev.as(clerk);
    // Twenty numbers: more keys start with "vkn" than are read key by key.
    for (let i = 0; i < 20; i++) {
      must(await createFile(c, { subject: `भूमि सीमा ${i}`, category: 'revenue' }));
      clock.advance(1000);
    }
    const queries = [
      ...typing('सीमांकन'),
      ...typing('seemankan'),
      ...typing('seema vivad'),
      ...typing('VKN/LR/2026/1-'),
      ...typing('vkn सीमा'),
      ...typing('2026 simit'),
    ];
    for (const narrow of [3000, 12, 1, 0]) {
      for (const q of queries) {
        const got = (await searchRecords(dev.db, q, 5, narrow)).map((r) => r.id);
        expect(got, `${q} (narrow ${narrow})`).toEqual(await expected(dev.db, q, 5));
      }
    }
  });
});
