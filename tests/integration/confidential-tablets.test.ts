import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPersonId, type RecordId } from '@domain/ids.ts';
import {
  changeRecordGrade,
  createFile,
  diariseReceipt,
  grantRecordAccess,
  sendRecord,
} from '@storage/services.ts';
import {
  createClock,
  createDevice,
  startServer,
  syncUntilClean,
  type OwnServer,
  type TestDevice,
} from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';

/**
 * Confidential records end to end (issue 17): tablets on the real device store
 * (fake-indexeddb) and the real engine against a real server. A file or receipt
 * graded when it is made reaches only its access list's tablets; the person it
 * is sent to, and a reader the holder names, receive it at their next sync.
 */

describe('confidential records between tablets', () => {
  const clock = createClock();
  const random = mulberry32(1717);
  let server: OwnServer;
  let clerk: TestDevice;
  let kanungo: TestDevice;
  let naib: TestDevice;
  let file: RecordId;
  let receipt: RecordId;

  const holds = async (d: TestDevice, id: RecordId) => {
    await syncUntilClean(d);
    return (await d.db.records.get(id)) ?? null;
  };

  beforeAll(async () => {
    server = await startServer(clock, random);
    clerk = await createDevice(server, 'clerk.vikasnagar', clock, random);
    kanungo = await createDevice(server, 'kanungo.vikasnagar', clock, random);
    naib = await createDevice(server, 'naib.vikasnagar', clock, random);
    const made = await createFile(clerk.ctx, {
      subject: 'सतर्कता शिकायत / vigilance complaint',
      category: 'establishment',
      grade: 'confidential',
    });
    const diarised = await diariseReceipt(clerk.ctx, {
      from: 'SP Dehradun',
      letterNumber: 'G-17/2026',
      letterDate: '2026-05-30',
      mode: 'hand',
      subject: 'गोपनीय पत्र / secret letter',
      category: 'establishment',
      grade: 'secret',
    });
    if (!made.ok || !diarised.ok) throw new Error('could not create the records');
    file = made.value.id;
    receipt = diarised.value.id;
    await syncUntilClean(clerk);
  });
  afterAll(async () => {
    for (const d of [clerk, kanungo, naib]) d.db.close();
    await server.close();
  });

  it('keeps the grade chosen at creation, and the office’s tablets never get them', async () => {
    expect((await clerk.db.records.get(file))?.grade).toBe('confidential');
    expect((await clerk.db.records.get(receipt))?.grade).toBe('secret');
    expect(await holds(kanungo, file)).toBeNull();
    expect(await holds(naib, receipt)).toBeNull();
  });

  it('reaches the person it is sent to, who may name a reader but not lower it', async () => {
    const sent = await sendRecord(clerk.ctx, file, {
      to: asPersonId('kanungo.vikasnagar'),
      remarks: '',
      dueDate: null,
      priority: 'normal',
    });
    expect(sent.ok).toBe(true);
    await syncUntilClean(clerk);
    expect((await holds(kanungo, file))?.holder).toBe('kanungo.vikasnagar');
    // A kanungo is no officer and did not create it: lowering is refused on the tablet.
    expect(await changeRecordGrade(kanungo.ctx, file, 'normal')).toMatchObject({
      ok: false,
      error: 'notAllowed',
    });
    expect(await holds(naib, file)).toBeNull();
    const named = await grantRecordAccess(kanungo.ctx, file, asPersonId('naib.vikasnagar'));
    expect(named.ok).toBe(true);
    await syncUntilClean(kanungo);
    const row = await holds(naib, file);
    expect(row?.readers).toEqual(['naib.vikasnagar']);
    expect(row?.subject).toBe('सतर्कता शिकायत / vigilance complaint');
    expect(await holds(naib, receipt)).toBeNull();
  });
});
