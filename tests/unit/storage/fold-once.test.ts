import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as fold from '@domain/fold.ts';
import { createFile, saveDraft, sendRecord } from '@storage/services.ts';
import { clerk, fakeClock, must, tehsildar, testDevice, type TestDevice } from './helpers.ts';

// Every way into the fold (the whole-record fold and a command's running fold), counted.
vi.mock('@domain/fold.ts', async (importOriginal) => {
  const real = await importOriginal<typeof fold>();
  return {
    ...real,
    foldRecord: vi.fn(real.foldRecord),
    foldRecordWithLog: vi.fn(real.foldRecordWithLog),
    startFold: vi.fn(real.startFold),
  };
});

const folds = (): number =>
  vi.mocked(fold.foldRecord).mock.calls.length +
  vi.mocked(fold.foldRecordWithLog).mock.calls.length +
  vi.mocked(fold.startFold).mock.calls.length;

const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

describe('a command on the device', () => {
  it('folds its record once: a send that finalises a draft reads, checks and projects one fold', async () => {
    const dev = testDevice('fold-once', fakeClock());
    devices.push(dev);
    const me = dev.as(clerk);
    const file = must(await createFile(me, { subject: 'Canal repair', category: 'revenue' }));
    must(await saveDraft(me, file.id, 'Estimate attached.'));
    const before = folds();
    must(
      await sendRecord(me, file.id, {
        to: tehsildar.id,
        remarks: 'for orders',
        dueDate: null,
        priority: 'normal',
      }),
    );
    expect(folds() - before).toBe(1);
    const row = await dev.db.records.get(file.id);
    expect(row).toMatchObject({ holder: tehsildar.id, awaitingOpen: true, lastSender: clerk.id });
  });
});
