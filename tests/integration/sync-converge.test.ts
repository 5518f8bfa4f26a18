import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { asPersonId } from '@domain/ids.ts';
import {
  closeFile,
  createFile,
  diariseReceipt,
  finaliseDraft,
  markOpened,
  putReceiptInFile,
  saveDraft,
  sendRecord,
} from '@storage/services.ts';
import {
  createClock,
  createDevice,
  snapshotDevice,
  startServer,
  type Clock,
  type TestDevice,
  type TestServer,
} from './sync-harness.ts';
import { mulberry32 } from './sync-random.ts';
import { expectConverged, syncAll } from './sync-converge-helpers.ts';

const HOUR = 3_600_000;
let server: TestServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function setup(
  usernames: readonly string[],
  seed = 1,
): Promise<{ clock: Clock; devices: TestDevice[] }> {
  const clock = createClock();
  const random = mulberry32(seed);
  server = await startServer(clock, random);
  const devices: TestDevice[] = [];
  for (const u of usernames) devices.push(await createDevice(server, u, clock, random));
  return { clock, devices };
}

function must<T>(
  outcome: { ok: true; value: T } | { ok: false; error: string; detail?: string },
): T {
  if (!outcome.ok) throw new Error(`service refused: ${outcome.error} ${outcome.detail ?? ''}`);
  return outcome.value;
}

describe('devices working offline converge after reconnecting', () => {
  it('two devices: notings, sends, new files and dak', async () => {
    const { clock, devices } = await setup(['clerk.vikasnagar', 'tehsildar.vikasnagar']);
    const [clerk, tehsildar] = devices as [TestDevice, TestDevice];
    // Start from a shared file.
    const shared = must(
      await createFile(clerk.ctx, { subject: 'Land mutation, Dhakrani', category: 'landRecords' }),
    );
    must(await saveDraft(clerk.ctx, shared.id, 'Mutation papers received; put up for orders.'));
    must(
      await sendRecord(clerk.ctx, shared.id, {
        to: asPersonId('tehsildar.vikasnagar'),
        remarks: 'please see',
        dueDate: '2026-06-10',
        priority: 'urgent',
      }),
    );
    await syncAll(devices);

    // Both offline for a day.
    for (const d of devices) d.link.online = false;
    clock.advance(24 * HOUR);
    must(await markOpened(tehsildar.ctx, shared.id));
    must(await saveDraft(tehsildar.ctx, shared.id, 'Approved. Issue order.'));
    must(
      await sendRecord(tehsildar.ctx, shared.id, {
        to: asPersonId('clerk.vikasnagar'),
        remarks: 'issue',
        dueDate: null,
        priority: 'normal',
      }),
    );
    const newFile = must(
      await createFile(clerk.ctx, { subject: 'Flood relief, Kalsi', category: 'disasterRelief' }),
    );
    must(await saveDraft(clerk.ctx, newFile.id, 'Survey report attached.'));
    must(await finaliseDraft(clerk.ctx, newFile.id));
    const dak = must(
      await diariseReceipt(clerk.ctx, {
        from: 'SDM Vikasnagar',
        letterNumber: '123/2026',
        letterDate: '2026-05-30',
        subject: 'Relief camp list',
        category: 'disasterRelief',
        mode: 'hand',
      }),
    );
    must(await putReceiptInFile(clerk.ctx, dak.id, { fileId: newFile.id }));
    for (const d of devices) expect((await d.engine.syncNow()).kind).toBe('failed');

    for (const d of devices) d.link.online = true;
    await syncAll(devices);
    await expectConverged(devices, clock.now());

    const [snap] = await Promise.all([snapshotDevice(clerk, clock.now())]);
    const state = snap.get(shared.id)?.state;
    expect(state?.holder).toBe('clerk.vikasnagar');
    expect(state?.notes.map((n) => n.paragraph)).toEqual([1, 2]);
    expect(snap.get(newFile.id)?.state?.receipts.map((r) => r.receiptId)).toEqual([dak.id]);
  });

  it('three people on four tablets converge; conflicting moves resolve identically and show as a conflict', async () => {
    const { clock, devices } = await setup(
      ['clerk.vikasnagar', 'clerk.vikasnagar', 'naib.vikasnagar', 'tehsildar.vikasnagar'],
      7,
    );
    const [clerkA, clerkB, naib, tehsildar] = devices as [
      TestDevice,
      TestDevice,
      TestDevice,
      TestDevice,
    ];
    const file = must(
      await createFile(clerkA.ctx, { subject: 'Pension case', category: 'pensions' }),
    );
    await syncAll(devices);

    // Offline, the clerk sends the same file from two tablets to two people (same basis);
    // the naib and the tehsildar make files of their own meanwhile.
    for (const d of devices) d.link.online = false;
    clock.advance(HOUR);
    const to = (p: string) => ({
      to: asPersonId(p),
      remarks: '',
      dueDate: null,
      priority: 'normal' as const,
    });
    must(await sendRecord(clerkA.ctx, file.id, to('naib.vikasnagar')));
    clock.advance(60_000);
    must(await sendRecord(clerkB.ctx, file.id, to('tehsildar.vikasnagar')));
    const naibFile = must(
      await createFile(naib.ctx, { subject: 'Naib tour notes', category: 'others' }),
    );
    const tFile = must(
      await createFile(tehsildar.ctx, { subject: 'Court case 42', category: 'courtCases' }),
    );
    must(await closeFile(tehsildar.ctx, tFile.id, 'disposed'));

    for (const d of devices) d.link.online = true;
    // Reconnect in reverse order so the later send reaches the server first.
    await syncAll([...devices].reverse());
    await expectConverged(devices, clock.now());

    const snap = await snapshotDevice(tehsildar, clock.now());
    const state = snap.get(file.id)?.state;
    expect(state?.conflicts).toHaveLength(1);
    expect(state?.conflicts[0]?.reason).toBe('staleBasis');
    // The earlier send (by HLC) wins everywhere, whatever order the server saw them in.
    expect(state?.holder).toBe('naib.vikasnagar');
    expect(snap.has(naibFile.id)).toBe(true);
    expect(snap.get(tFile.id)?.state?.status).toBe('closed');
  });
});
