import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { recordStatesQuery } from '@storage/db/record-queries.ts';
import { createFile, park, recordStateQuery, sendRecord } from '@storage/services.ts';
import { clerk, DAY, fakeClock, must, naib, testDevice, type TestDevice } from './helpers.ts';

const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

describe('recordStatesQuery (batched fold for whole-office views)', () => {
  it('folds each record exactly as recordStateQuery does, across batch boundaries', async () => {
    const clock = fakeClock();
    const dev = testDevice('states-batched', clock);
    devices.push(dev);
    const ids = [];
    for (let n = 0; n < 5; n++) {
      const file = must(
        await createFile(dev.as(clerk), { subject: `सीमांकन ${n}`, category: 'revenue' }),
      );
      ids.push(file.id);
      clock.advance(DAY);
      // Several updates per record, interleaved with other records' updates in `seq`.
      if (n % 2 === 0) {
        must(
          await sendRecord(dev.as(clerk), file.id, {
            to: naib.id,
            remarks: `${n}`,
            dueDate: null,
            priority: 'normal',
          }),
        );
      } else {
        must(await park(dev.as(clerk), file.id, 'awaiting report'));
      }
    }
    const now = clock.now();
    const one = await Promise.all(ids.map((id) => recordStateQuery(dev.db, id, now)));
    // A batch of 2 splits the five records over three requests.
    expect(await recordStatesQuery(dev.db, ids, now, 2)).toEqual(one);
    expect(await recordStatesQuery(dev.db, ids, now)).toEqual(one);
    expect(one.map((s) => s?.holder)).toEqual([naib.id, clerk.id, naib.id, clerk.id, naib.id]);
  });

  it('leaves out ids this device holds nothing for, keeping the order of the rest', async () => {
    const clock = fakeClock();
    const dev = testDevice('states-unknown', clock);
    devices.push(dev);
    const a = must(await createFile(dev.as(clerk), { subject: 'a', category: 'revenue' }));
    const b = must(await createFile(dev.as(clerk), { subject: 'b', category: 'revenue' }));
    const unknown = asRecordId('00000000-0000-4000-8000-00000000dead');
    const states = await recordStatesQuery(dev.db, [b.id, unknown, a.id], clock.now(), 2);
    expect(states.map((s) => s.meta.id)).toEqual([b.id, a.id]);
  });
});
