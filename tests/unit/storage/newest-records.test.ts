import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import { newestRecords } from '@storage/db/newest-records.ts';
import type { SearchRecentRow } from '@storage/db/search-layout.ts';
import { freshDb } from './helpers.ts';

const dbs: PatravaliDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('the newest records', () => {
  it('come newest first, each once, across batches whose boundary falls inside a tie', async () => {
    const db = freshDb('newest-records');
    dbs.push(db);
    // Seven records share each time, so batches of 100, 200, … end inside a group; one
    // group is longer than a whole batch.
    const rows: SearchRecentRow[] = Array.from({ length: 1000 }, (_, i) => ({
      n: i + 1,
      id: asRecordId(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
      at: i >= 600 && i < 850 ? 5 : 2000 - Math.floor(i / 7),
    }));
    await db.searchRecent.bulkPut(rows);
    const batches: SearchRecentRow[][] = [];
    for await (const batch of newestRecords(db)) batches.push(batch);
    expect(batches[0]?.length).toBe(100);
    const given = batches.flat();
    expect(new Set(given.map((r) => r.n)).size).toBe(1000);
    expect(given.map((r) => r.at)).toEqual(rows.map((r) => r.at).sort((a, b) => b - a));
  });
});
