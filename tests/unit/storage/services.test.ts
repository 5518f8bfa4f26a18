import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import {
  closeFile,
  createFile,
  diariseReceipt,
  discardDraft,
  finaliseDraft,
  getDraft,
  inboxQuery,
  listFiles,
  markOpened,
  park,
  pullBack,
  putReceiptInFile,
  recordStateQuery,
  reopen,
  saveDraft,
  searchRecords,
  sendRecord,
  sentPendingQuery,
} from '@storage/services.ts';
import {
  clerk,
  DAY,
  fakeClock,
  must,
  naib,
  sdm,
  tehsildar,
  testDevice,
  type TestDevice,
} from './helpers.ts';

const devices: TestDevice[] = [];
function newDevice(clock = fakeClock()): { dev: TestDevice; clock: ReturnType<typeof fakeClock> } {
  const dev = testDevice('services', clock);
  devices.push(dev);
  return { dev, clock };
}
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

const send = { remarks: 'for orders', dueDate: '2026-04-10', priority: 'urgent' } as const;

describe('the core file flow on one tablet', () => {
  it('create, draft, send (finalises the draft), recipient opens, notes and sends back', async () => {
    const { dev, clock } = newDevice();
    const asClerk = dev.as(clerk);
    const file = must(
      await createFile(asClerk, { subject: 'Mutation of khasra 112', category: 'landRecords' }),
    );
    expect(file.number).toBe('VKN/LR/2026/3-1');
    expect((await inboxQuery(dev.db, clerk.id)).map((r) => r.id)).toEqual([file.id]);

    must(await saveDraft(asClerk, file.id, 'Applicant requests mutation.'));
    expect(await getDraft(asClerk, file.id)).toBe('Applicant requests mutation.');
    clock.advance(60_000);
    must(await sendRecord(asClerk, file.id, { to: tehsildar.id, ...send }));
    expect(await getDraft(asClerk, file.id)).toBeNull();

    let state = await recordStateQuery(dev.db, file.id, clock.now());
    expect(state?.holder).toBe(tehsildar.id);
    expect(state?.awaitingOpen).toBe(true);
    expect(state?.notes.map((n) => [n.paragraph, n.text, n.author])).toEqual([
      [1, 'Applicant requests mutation.', clerk.id],
    ]);
    expect(await inboxQuery(dev.db, clerk.id)).toEqual([]);
    expect((await sentPendingQuery(dev.db, clerk.id)).map((r) => r.id)).toEqual([file.id]);

    const asTehsildar = dev.as(tehsildar);
    clock.advance(3 * DAY);
    const inbox = await inboxQuery(dev.db, tehsildar.id);
    expect(inbox.map((r) => [r.number, r.subject, r.lastSender, r.dueDate])).toEqual([
      [file.number, 'Mutation of khasra 112', clerk.id, '2026-04-10'],
    ]);
    must(await markOpened(asTehsildar, file.id));
    expect((await recordStateQuery(dev.db, file.id, clock.now()))?.awaitingOpen).toBe(false);

    must(await saveDraft(asTehsildar, file.id, 'Verify on the spot.'));
    must(
      await sendRecord(asTehsildar, file.id, {
        to: clerk.id,
        remarks: '',
        dueDate: null,
        priority: 'normal',
      }),
    );
    state = await recordStateQuery(dev.db, file.id, clock.now());
    expect(state?.holder).toBe(clerk.id);
    expect(state?.notes.map((n) => [n.paragraph, n.author])).toEqual([
      [1, clerk.id],
      [2, tehsildar.id],
    ]);
    expect(state?.hops.map((h) => h.holder)).toEqual([clerk.id, tehsildar.id, clerk.id]);
    expect(state?.hops[1]?.dwellMs).toBe(3 * DAY);
  });

  it('refuses moves by someone who does not hold the file, writing nothing', async () => {
    const { dev } = newDevice();
    const file = must(
      await createFile(dev.as(clerk), { subject: 'Pension of Shri Rawat', category: 'pensions' }),
    );
    const before = await dev.db.updates.count();
    const r = await sendRecord(dev.as(naib), file.id, { to: sdm.id, ...send });
    expect(r).toMatchObject({ ok: false, error: 'notHolder' });
    expect(await dev.db.updates.count()).toBe(before);
    expect(await sendRecord(dev.as(clerk), file.id, { to: clerk.id, ...send })).toMatchObject({
      ok: false,
      error: 'notAllowed',
    });
    expect(
      await sendRecord(dev.as(clerk), file.id, { to: 'nobody' as typeof clerk.id, ...send }),
    ).toMatchObject({
      ok: false,
      error: 'unknownPerson',
    });
    expect(await createFile(dev.as(clerk), { subject: '   ', category: 'rti' })).toMatchObject({
      ok: false,
      error: 'invalidInput',
    });
  });

  it('finalises a draft on its own, and refuses an empty one', async () => {
    const { dev, clock } = newDevice();
    const c = dev.as(clerk);
    const file = must(await createFile(c, { subject: 'RTI application', category: 'rti' }));
    expect(await finaliseDraft(c, file.id)).toMatchObject({ ok: false, error: 'emptyDraft' });
    must(await saveDraft(c, file.id, 'Put up for information.'));
    must(await finaliseDraft(c, file.id));
    expect(await getDraft(c, file.id)).toBeNull();
    const state = await recordStateQuery(dev.db, file.id, clock.now());
    expect(state?.notes.map((n) => n.text)).toEqual(['Put up for information.']);
  });
});

describe('drafts are private to their author', () => {
  it('shows each person only their own draft on a shared tablet', async () => {
    const { dev } = newDevice();
    const file = must(
      await createFile(dev.as(clerk), { subject: 'Flood relief', category: 'disasterRelief' }),
    );
    must(await saveDraft(dev.as(clerk), file.id, 'clerk draft'));
    expect(await getDraft(dev.as(tehsildar), file.id)).toBeNull();
    must(await saveDraft(dev.as(tehsildar), file.id, 'tehsildar draft'));
    expect(await getDraft(dev.as(clerk), file.id)).toBe('clerk draft');
    await discardDraft(dev.as(tehsildar), file.id);
    expect(await getDraft(dev.as(clerk), file.id)).toBe('clerk draft');
    expect(await getDraft(dev.as(tehsildar), file.id)).toBeNull();
  });
});

describe('pull back, park, close, reopen', () => {
  async function sentFile(): Promise<{ dev: TestDevice; id: RecordId; now: () => number }> {
    const { dev, clock } = newDevice();
    const file = must(
      await createFile(dev.as(clerk), { subject: 'Land allotment', category: 'revenue' }),
    );
    must(await sendRecord(dev.as(clerk), file.id, { to: naib.id, ...send }));
    return { dev, id: file.id, now: clock.now };
  }

  it('the sender pulls back until the recipient opens it', async () => {
    const { dev, id, now } = await sentFile();
    must(await pullBack(dev.as(clerk), id));
    expect((await recordStateQuery(dev.db, id, now()))?.holder).toBe(clerk.id);

    must(await sendRecord(dev.as(clerk), id, { to: naib.id, ...send }));
    must(await markOpened(dev.as(naib), id));
    expect(await pullBack(dev.as(clerk), id)).toMatchObject({ ok: false, error: 'notAllowed' });
    expect((await recordStateQuery(dev.db, id, now()))?.holder).toBe(naib.id);
  });

  it('parks and reopens; only the creator closes; a closed file takes no notings', async () => {
    const { dev, id, now } = await sentFile();
    must(await park(dev.as(naib), id, 'awaiting report'));
    expect((await recordStateQuery(dev.db, id, now()))?.status).toBe('parked');
    must(await reopen(dev.as(naib), id));
    expect((await recordStateQuery(dev.db, id, now()))?.status).toBe('active');
    expect(await closeFile(dev.as(naib), id)).toMatchObject({ ok: false, error: 'notAllowed' });

    must(await sendRecord(dev.as(naib), id, { to: clerk.id, ...send }));
    must(await closeFile(dev.as(clerk), id, 'done'));
    expect((await recordStateQuery(dev.db, id, now()))?.status).toBe('closed');
    expect(await inboxQuery(dev.db, clerk.id)).toEqual([]);
    must(await saveDraft(dev.as(clerk), id, 'late note'));
    expect(await finaliseDraft(dev.as(clerk), id)).toMatchObject({
      ok: false,
      error: 'recordClosed',
    });
    expect(await getDraft(dev.as(clerk), id)).toBe('late note');
    must(await reopen(dev.as(clerk), id));
    expect((await recordStateQuery(dev.db, id, now()))?.status).toBe('active');
  });
});

describe('dak', () => {
  const letter = {
    from: 'District Magistrate, Dehradun',
    letterNumber: '123/DM/2026',
    letterDate: '2026-03-28',
    subject: 'Monsoon preparedness',
    category: 'disasterRelief',
    mode: 'post',
  } as const;

  it('diarises a receipt with a diary number and sends it on', async () => {
    const { dev, clock } = newDevice();
    const r = must(await diariseReceipt(dev.as(clerk), letter));
    expect(r.number).toBe('VKN/D/2026/3-1');
    const state = await recordStateQuery(dev.db, r.id, clock.now());
    expect(state?.letter).toEqual({
      from: letter.from,
      letterNumber: letter.letterNumber,
      letterDate: '2026-03-28',
      mode: 'post',
    });
    must(await sendRecord(dev.as(clerk), r.id, { to: tehsildar.id, ...send }));
    expect((await inboxQuery(dev.db, tehsildar.id)).map((x) => x.number)).toEqual([r.number]);
  });

  it('puts a receipt in an existing file and in a new one', async () => {
    const { dev, clock } = newDevice();
    const c = dev.as(clerk);
    const file = must(await createFile(c, { subject: 'Monsoon 2026', category: 'disasterRelief' }));
    const r1 = must(await diariseReceipt(c, letter));
    must(await putReceiptInFile(c, r1.id, { fileId: file.id }));
    const fileState = await recordStateQuery(dev.db, file.id, clock.now());
    expect(fileState?.receipts.map((x) => [x.receiptId, x.diaryNumber])).toEqual([
      [r1.id, r1.number],
    ]);
    expect((await recordStateQuery(dev.db, r1.id, clock.now()))?.inFile).toEqual({
      fileId: file.id,
      fileNumber: file.number,
    });
    expect((await inboxQuery(dev.db, clerk.id)).map((x) => x.id)).toEqual([file.id]);

    const r2 = must(await diariseReceipt(c, { ...letter, letterNumber: '124/DM/2026' }));
    const put = must(
      await putReceiptInFile(c, r2.id, {
        newFile: { subject: 'Relief camps', category: 'disasterRelief' },
      }),
    );
    expect(put.fileNumber).toBe('VKN/DR/2026/3-2');
    expect((await listFiles(dev.db, clerk.office, clerk.id)).map((x) => x.number).sort()).toEqual(
      [file.number, put.fileNumber].sort(),
    );
    expect((await searchRecords(dev.db, 'relief camps')).map((x) => x.id)).toEqual([put.fileId]);
  });

  it('refuses to put a receipt in a file when the receipt side fails, writing neither side', async () => {
    const { dev } = newDevice();
    const c = dev.as(clerk);
    const file = must(await createFile(c, { subject: 'Monsoon 2026', category: 'disasterRelief' }));
    const r = must(await diariseReceipt(c, letter));
    must(await sendRecord(c, r.id, { to: tehsildar.id, ...send }));
    const updates = await dev.db.updates.count();
    const outbox = await dev.db.outbox.count();
    const res = await putReceiptInFile(c, r.id, {
      newFile: { subject: 'Camps', category: 'disasterRelief' },
    });
    expect(res).toMatchObject({ ok: false, error: 'notHolder' });
    expect(await dev.db.updates.count()).toBe(updates);
    expect(await dev.db.outbox.count()).toBe(outbox);
    expect((await listFiles(dev.db, clerk.office, clerk.id)).map((x) => x.id)).toEqual([file.id]);
    // The number the refused new file would have taken is not used up.
    expect(must(await createFile(c, { subject: 'Next', category: 'others' })).number).toBe(
      'VKN/GEN/2026/3-2',
    );
  });
});
