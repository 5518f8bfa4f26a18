import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { skeleton } from '@domain/search-fold.ts';
import { SEARCH_VERSION, SKELETON_MARK, foldWord, keysOfText } from '@domain/search-words.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import { openDeviceDb } from '@storage/db/device-db.ts';
import { PART_SPAN } from '@storage/db/search-layout.ts';
import { putSearchKeys, searchTables } from '@storage/db/search-rows.ts';
import { createFile, finaliseDraft, park, saveDraft, searchRecords } from '@storage/services.ts';
import { clerk, fakeClock, must, testDevice, type TestDevice } from './helpers.ts';

const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

function device(): TestDevice {
  const dev = testDevice('search-rows', fakeClock());
  devices.push(dev);
  return dev;
}

/** A record's part rows, in order. */
async function partsOf(db: PatravaliDb, id: RecordId) {
  const head = await db.searchHeads.get(id);
  if (head === undefined) return [];
  const first = head.n * PART_SPAN;
  return db.searchWords
    .where('p')
    .between(first, first + PART_SPAN)
    .toArray();
}

const found = async (db: PatravaliDb, text: string) =>
  (await searchRecords(db, text)).map((r) => r.id);

describe('search rows', () => {
  it('a noting adds a row with only its new words; a change without words writes none', async () => {
    const dev = device();
    const c = dev.as(clerk);
    const file = must(await createFile(c, { subject: 'खसरा 112 का सीमांकन', category: 'revenue' }));
    expect((await partsOf(dev.db, file.id)).length).toBe(1);
    must(await saveDraft(c, file.id, 'सीमांकन हेतु नायब तहसीलदार को भेजें'));
    must(await finaliseDraft(c, file.id));
    const parts = await partsOf(dev.db, file.id);
    expect(parts.map((p) => p.keys.length > 0)).toEqual([true, true]);
    // The subject's सीमांकन is in the first row only; the noting's words and their skeletons.
    const words = ['हेतु', 'नायब', 'तहसीलदार', 'भेजें'];
    expect(parts[1]?.keys).toEqual([
      ...words.map(foldWord),
      ...words.map((w) => SKELETON_MARK + skeleton(w)),
    ]);
    const head = await dev.db.searchHeads.get(file.id);
    must(await park(c, file.id));
    expect(await dev.db.searchHeads.get(file.id)).toEqual(head);
    expect(await partsOf(dev.db, file.id)).toEqual(parts);
    expect(await found(dev.db, 'नायब सीमांकन')).toEqual([file.id]);
  });

  it('gives each record its own number', async () => {
    const dev = device();
    const c = dev.as(clerk);
    const a = must(await createFile(c, { subject: 'एक', category: 'revenue' }));
    const b = must(await createFile(c, { subject: 'दो', category: 'revenue' }));
    const heads = await dev.db.searchHeads.bulkGet([a.id, b.id]);
    expect(new Set(heads.map((h) => h?.n)).size).toBe(2);
  });

  it('rewrites a record as one row when words go', async () => {
    const dev = device();
    const id = 'rec-1' as RecordId;
    await dev.db.transaction('rw', searchTables(dev.db), async () => {
      await putSearchKeys(dev.db, id, 0, ['खसरा', 'सीमांकन']);
      await putSearchKeys(dev.db, id, 0, ['खसरा', 'सीमांकन', 'नायब']);
      await putSearchKeys(dev.db, id, 0, ['खसरा', 'नायब']);
    });
    expect((await partsOf(dev.db, id)).map((p) => p.keys)).toEqual([['खसरा', 'नायब']]);
    expect(keysOfText((await dev.db.searchHeads.get(id))?.words ?? '')).toEqual(['खसरा', 'नायब']);
    expect(await dev.db.searchWords.where('keys').equals('सीमांकन').count()).toBe(0);
  });

  it(`merges a record's rows into one when it has ${PART_SPAN}`, async () => {
    const dev = device();
    const id = 'rec-1' as RecordId;
    const keys: string[] = [];
    await dev.db.transaction('rw', searchTables(dev.db), async () => {
      for (let i = 0; i < PART_SPAN; i++) {
        keys.push(`w${i}`);
        await putSearchKeys(dev.db, id, 0, keys);
      }
      expect((await partsOf(dev.db, id)).length).toBe(PART_SPAN);
      keys.push('last');
      await putSearchKeys(dev.db, id, 0, keys);
    });
    const parts = await partsOf(dev.db, id);
    expect(parts.map((p) => p.keys.length)).toEqual([PART_SPAN + 1]);
  });
});

/** The store's tables as version 9 declared them (db.ts), the index under each UUID. */
const V9_STORES = {
  updates: '++seq, recordId',
  records:
    'id, kind, office, number, status, lastSender, lastActivity, [holder+holderSince], *participants, *scans, version, *openConflictAuthors',
  drafts: '[recordId+author], author',
  outbox: '++ref, recordId',
  quarantine: '++id, recordId, at',
  kv: 'key',
  accounts: 'username',
  reviewCache: 'key',
  blobs: 'sha256, savedAt, origin',
  scanUploads: 'sha256, state, queuedAt',
  tusUrls: 'key, fingerprint',
  scanChunks: '[sha256+offset], sha256',
  logEntries: '[recordId+eventId], recordId',
  pullChecks: 'recordId, problem',
  logProofs: 'recordId',
  search: 'id, version, *keys',
};

describe('upgrading a v9 store', () => {
  it('moves its index rows over without reading the records, and search finds them', async () => {
    const dev = device();
    const c = dev.as(clerk);
    const file = must(await createFile(c, { subject: 'खसरा 112 का सीमांकन', category: 'revenue' }));
    must(await saveDraft(c, file.id, 'नायब तहसीलदार की आख्या संलग्न है'));
    must(await finaliseDraft(c, file.id));
    const other = must(await createFile(c, { subject: 'पेंशन प्रकरण', category: 'pensions' }));
    const records = await dev.db.records.toArray();
    // Version 1's keys: the same spellings, skeletons of the particulars only, made by
    // an older rule (here one that no longer exists).
    const v9Rows = (await dev.db.searchHeads.toArray()).map((h) => ({
      id: h.id,
      version: 1,
      keys: [...keysOfText(h.words).filter((k) => !k.startsWith('~')), '~old'],
    }));
    const name = dev.db.name;
    await dev.db.delete();

    // A v9 store with its rows, but no updates: the upgrade must not need them.
    const v9 = new Dexie(name);
    v9.version(9).stores(V9_STORES);
    await v9.table('records').bulkPut(records);
    await v9.table('search').bulkPut(v9Rows);
    v9.close();

    const upgraded = openDeviceDb(name);
    try {
      expect(await found(upgraded, 'आख्या')).toEqual([file.id]);
      expect(await found(upgraded, 'naib')).toEqual([file.id]); // a noting, from Roman
      expect(await found(upgraded, 'seemankan')).toEqual([file.id]);
      expect(await found(upgraded, 'पेंशन')).toEqual([other.id]);
      expect(await upgraded.search.count()).toBe(0);
      const heads = await upgraded.searchHeads.orderBy('id').toArray();
      expect(heads.every((h) => !keysOfText(h.words).includes('~old'))).toBe(true);
      expect(heads.map((h) => [h.id, h.version, h.parts])).toEqual(
        [file.id, other.id].sort().map((id) => [id, SEARCH_VERSION, 1]),
      );
    } finally {
      await upgraded.delete();
    }
  });
});

/** The store's tables as version 13 declared them (db.ts), keys under `n * PART_SPAN + part`. */
const V13_STORES = {
  ...V9_STORES,
  records:
    'id, kind, office, number, status, lastSender, lastActivity, [holder+holderSince], *participants, *scans, version, *openConflictAuthors, *copiesUnseen, *links',
  search: 'id, version, *keys',
  searchHeads: 'id, version',
  searchRecent: 'n, at',
  searchParts: 'n, *keys',
  groups: 'id, office',
};

describe('upgrading a v13 store', () => {
  it("moves each row of keys under its record's latest activity, and a word reads newest first", async () => {
    const clock = fakeClock();
    const dev = testDevice('search-rows', clock);
    devices.push(dev);
    const c = dev.as(clerk);
    const older = must(await createFile(c, { subject: 'खसरा 7 का सीमांकन', category: 'revenue' }));
    clock.advance(1000);
    const newer = must(await createFile(c, { subject: 'खसरा 9 का सीमांकन', category: 'revenue' }));
    const records = await dev.db.records.toArray();
    const heads = await dev.db.searchHeads.toArray();
    const recent = await dev.db.searchRecent.toArray();
    // The newer record got the lower number, and has two rows of keys.
    const numberOf = (id: RecordId) => (id === newer.id ? 1 : 2);
    const v13Heads = heads.map((h) => ({
      ...h,
      n: numberOf(h.id),
      parts: h.id === newer.id ? 2 : 1,
    }));
    const v13Recent = recent.map((r) => ({ ...r, n: numberOf(r.id) }));
    const v13Parts = heads.flatMap((h) => {
      const keys = keysOfText(h.words);
      const first = numberOf(h.id) * PART_SPAN;
      return h.id === newer.id
        ? [
            { n: first, keys: keys.slice(0, 2) },
            { n: first + 1, keys: keys.slice(2) },
          ]
        : [{ n: first, keys }];
    });
    // A row of a record without a recent row: its head goes, to be indexed again.
    v13Heads.push({ ...v13Heads[0]!, id: 'lost' as RecordId, n: 3 });
    v13Parts.push({ n: 3 * PART_SPAN, keys: ['वरासत'] });
    const name = dev.db.name;
    await dev.db.delete();

    const v13 = new Dexie(name);
    v13.version(13).stores(V13_STORES);
    await v13.table('records').bulkPut(records);
    await v13.table('searchHeads').bulkPut(v13Heads);
    await v13.table('searchRecent').bulkPut(v13Recent);
    await v13.table('searchParts').bulkPut(v13Parts);
    v13.close();

    const upgraded = openDeviceDb(name);
    try {
      expect(await found(upgraded, 'सीमांकन')).toEqual([newer.id, older.id]);
      expect(await found(upgraded, 'वरासत')).toEqual([]);
      expect(await upgraded.searchHeads.get('lost' as RecordId)).toBeUndefined();
      const atOf = new Map(recent.map((r) => [r.id, r.at]));
      const rows = await upgraded.searchWords.orderBy('p').toArray();
      expect(rows.map((r) => [r.p, r.at])).toEqual([
        [PART_SPAN, atOf.get(newer.id)],
        [PART_SPAN + 1, atOf.get(newer.id)],
        [2 * PART_SPAN, atOf.get(older.id)],
      ]);
      // A word's entries read backwards: the newer record first though its number is lower.
      const keys = await upgraded.searchWords.where('keys').equals('खसरा').reverse().primaryKeys();
      expect(keys.map(([, p]) => Math.floor(p / PART_SPAN))).toEqual([1, 2]);
      expect(upgraded.tables.map((t) => t.name)).not.toContain('searchParts');
    } finally {
      await upgraded.delete();
    }
  });
});
