import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { listFiles, listRetention } from '@storage/db/queries.ts';
import { officeFileStatesQuery } from '@storage/db/record-queries.ts';
import { deviceReviewItems } from '@storage/review/review-queries.ts';
import { closeFile, createFile } from '@storage/services.ts';
import { clerk, fakeClock, must, naib, tehsildar, testDevice, type TestDevice } from './helpers.ts';

/**
 * A shared tablet holds the confidential records of whoever syncs on it. The
 * office's lists show each person only what they may read (@domain/grades.ts),
 * and the pendency counts the rest without its subject, as the server's
 * report does for other devices.
 */

const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

const QUERY = { filter: {}, weeks: 4 } as const;
const retention = { category: 'C-3', reviewDate: '2029-04-01' } as const;

async function tabletWithConfidentialFiles() {
  const clock = fakeClock();
  const dev = testDevice('shared-grades', clock);
  devices.push(dev);
  const c = dev.as(clerk);
  const secret = must(
    await createFile(c, {
      subject: 'Vigilance complaint',
      category: 'revenue',
      grade: 'confidential',
    }),
  );
  const closed = must(
    await createFile(c, { subject: 'Closed inquiry', category: 'revenue', grade: 'secret' }),
  );
  must(await closeFile(c, closed.id, '', retention));
  const open = must(await createFile(c, { subject: 'Road repair', category: 'revenue' }));
  return { dev, now: clock.now(), secret, closed, open };
}

describe('confidential records on a shared tablet', () => {
  it('are left out of the office lists for someone not on their access list', async () => {
    const { dev, now, secret, closed, open } = await tabletWithConfidentialFiles();
    const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id).sort();

    expect(ids(await listFiles(dev.db, clerk.office, clerk.id))).toEqual(ids([secret, open]));
    expect(ids(await listFiles(dev.db, clerk.office, tehsildar.id))).toEqual([open.id]);
    expect(ids(await listRetention(dev.db, clerk.office, clerk.id))).toEqual([closed.id]);
    expect(await listRetention(dev.db, clerk.office, naib.id)).toEqual([]);
    const states = async (viewer: typeof clerk.id) =>
      (await officeFileStatesQuery(dev.db, clerk.office, now, viewer)).map((s) => s.meta.id).sort();
    expect(await states(clerk.id)).toEqual(ids([secret, closed, open]));
    expect(await states(tehsildar.id)).toEqual([open.id]);
  });

  it('count in the pendency without their subject for someone not on the list', async () => {
    const { dev, now, secret, open } = await tabletWithConfidentialFiles();
    const subjects = async (viewer: typeof clerk.id) =>
      new Map((await deviceReviewItems(dev.db, QUERY, now, viewer)).map((i) => [i.id, i.subject]));
    const mine = await subjects(clerk.id);
    expect(mine.get(secret.id)).toBe('Vigilance complaint');
    const theirs = await subjects(tehsildar.id);
    expect(theirs.get(secret.id)).toBe('');
    expect(theirs.get(open.id)).toBe('Road repair');
  });
});
