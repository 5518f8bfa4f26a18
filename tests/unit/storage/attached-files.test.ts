import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { attachFileUnder, createFile, recordStateQuery, sendRecord } from '@storage/services.ts';
import { clerk, fakeClock, must, tehsildar, testDevice, type TestDevice } from './helpers.ts';

// A main file whose attached file is not on this tablet (or no longer names it back) is
// still sent: the files it cannot take along must not hold it back.
const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

describe('moving a file with the files attached under it', () => {
  it('sends both, and the main file alone when the attached one is not on the tablet', async () => {
    const clock = fakeClock();
    const dev = testDevice('attached', clock);
    devices.push(dev);
    const ctx = dev.as(clerk);
    const plain = { remarks: '', dueDate: null, priority: 'normal' } as const;
    const pairOf = async () => {
      const main = must(await createFile(ctx, { subject: 'Appeal', category: 'revenue' }));
      const under = must(await createFile(ctx, { subject: 'Mutation', category: 'revenue' }));
      must(await attachFileUnder(ctx, main.id, under.id));
      return { main: main.id, under: under.id };
    };
    const first = await pairOf();
    must(await sendRecord(ctx, first.main, { to: tehsildar.id, ...plain }));
    expect((await recordStateQuery(dev.db, first.under, clock.now()))?.holder).toBe(tehsildar.id);

    const second = await pairOf();
    await dev.db.records.delete(second.under);
    await dev.db.updates.where('recordId').equals(second.under).delete();
    must(await sendRecord(ctx, second.main, { to: tehsildar.id, ...plain }));
    expect((await recordStateQuery(dev.db, second.main, clock.now()))?.holder).toBe(tehsildar.id);
  });
});
