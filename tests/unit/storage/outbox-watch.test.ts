import 'fake-indexeddb/auto';
// The app nudges the sync engine when a local write lands in the outbox.
import { describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { openDb } from '@storage/db/db.ts';
import { watchOutbox } from '@storage/sync/outbox-watch.ts';

describe('watchOutbox', () => {
  it('calls back when rows are added, not when they are acknowledged', async () => {
    const db = openDb(`outbox-watch-${Math.random()}`);
    let grew = 0;
    const stop = watchOutbox(db, () => (grew += 1));
    const row = (at: number) => ({
      recordId: asRecordId('00000000-0000-4000-8000-000000000001'),
      update: new Uint8Array([1]),
      at,
    });
    const ref = await db.outbox.add(row(1));
    await expect.poll(() => grew).toBe(1);
    await db.outbox.add(row(2));
    await expect.poll(() => grew).toBe(2);
    await db.outbox.delete(ref);
    await db.outbox.add(row(3));
    await expect.poll(() => grew).toBe(3);
    stop();
    await db.outbox.add(row(4));
    expect(await db.outbox.count()).toBe(3);
    expect(grew).toBe(3);
    db.close();
  });
});
