// What the server sent for a file failed verification on this tablet: the file page,
// the inbox and the sync status say so, in English and in Hindi.
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { asDeviceId, asRecordId } from '@domain/ids.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { createFile } from '@storage/services.ts';
import { CLERK, DIRECTORY } from './fixtures.ts';
import { newDevice, screen, signInAs, within, type Device } from './harness.tsx';
import { EN, HI } from './names.ts';

async function fileHeldBack(device: Device): Promise<string> {
  return act(async () => {
    const created = await createFile(
      {
        db: device.db,
        person: CLERK,
        directory: DIRECTORY,
        deviceId: asDeviceId('00000000-0000-4000-8000-aaaa00000000'),
        deviceNumber: 3,
        now: () => device.clock.now,
        newId: () => crypto.randomUUID(),
      },
      { subject: 'Boundary of khasra 112', category: 'landRecords' },
    );
    if (!created.ok) throw new Error(created.error);
    await device.db.pullChecks.put({
      recordId: created.value.id,
      problem: 'alteredBytes',
      reason: 'signatureInvalid',
      detail: 'event e-1: its words do not match its signature',
      at: device.clock.now,
      held: [new Uint8Array([0, 0])],
    });
    return created.value.number;
  });
}

describe('the alarm for a file that failed verification', () => {
  it('shows on the inbox, in the sync status and on the file page', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    expect(screen.queryByRole('alert', { name: 'Failed verification' })).toBeNull();
    const number = await fileHeldBack(device);

    const banner = await screen.findByRole('alert', { name: 'Failed verification' });
    expect(banner).toHaveTextContent(en['pullCheck.bannerText'].one);
    expect(screen.getByRole('status', { name: 'Sync status' })).toHaveTextContent(
      '1 file failed verification',
    );
    await device.user.click(within(banner).getByRole('link', { name: new RegExp(number) }));
    expect(await screen.findByRole('heading', { level: 1, name: number })).toBeInTheDocument();
    const alarm = await screen.findByRole('alert', { name: 'Failed verification' });
    expect(alarm).toHaveTextContent(en['pullCheck.alteredBytes']);
    expect(alarm).toHaveTextContent(en['pullCheck.kept']);
    expect(alarm).toHaveTextContent('event e-1: its words do not match its signature');
  });

  it('says it in Hindi, and names a file not yet on the tablet', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const absent = asRecordId('00000000-0000-4000-8000-0000000000ee');
    await act(() =>
      device.db.pullChecks.put({
        recordId: absent,
        problem: 'unknownKey',
        reason: 'keyUnknown',
        detail: 'event e-2: key k is not a key of clerk',
        at: device.clock.now,
        held: [new Uint8Array([0, 0])],
      }),
    );
    const banner = await screen.findByRole('alert', { name: hi['pullCheck.title'] });
    expect(banner).toHaveTextContent(hi['pullCheck.bannerText'].one);
    expect(banner).toHaveTextContent(`पत्रावली ${absent}, जो अभी इस टैबलेट पर नहीं है`);
    expect(screen.getByRole('status', { name: HI.syncStatus })).toHaveTextContent(
      '1 पत्रावली सत्यापन में विफल',
    );
  });
});
