import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { SEARCH_VERSION, keyText } from '@domain/search-words.ts';
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
