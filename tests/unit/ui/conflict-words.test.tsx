// Issue 12's repro, on the file page: the clerk's offline noting that lost to
// the tehsildar's send is shown in full in `Conflicts` (never only "kept
// safe"), she is reminded in her inbox on each of her devices until she
// answers, and she can re-submit it with one tap or dismiss it with a reason.
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import { hi } from '@i18n/hi.ts';
import type { DirectoryKey } from '@protocol/api.ts';
import { KV_KEYS, openDb, readKv, type PatravaliDb } from '@storage/db/db.ts';
import { saveDeviceKeys } from '@storage/session/device-keys.ts';
import {
  createFile,
  myOpenConflictsQuery,
  pullBack,
  saveDraft,
  sendRecord,
  type DeviceContext,
} from '@storage/services.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import type { Person } from '@domain/directory.ts';
import { CLERK, DIRECTORY, DM, KANUNGO, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf, within, type Device } from './harness.tsx';
import { EN, HI } from './names.ts';
import { notings, sendTo } from './steps.ts';

const PARA4 = 'para 4: the khasra map of village Dhakrani is attached as flag A.';
const TEHSILDAR_NOTE = 'Seen. The SDM may decide on the mutation.';
const CONFLICTS = 'Conflicts';
const REMINDER = 'Your work that did not take effect';
/** Pages load as lazy chunks; on a loaded machine that takes more than the default second. */
const LOADED = { timeout: 15_000 };

/**
 * Copies every stored update of `from` into `to`, as a sync would; `to` checks the
 * signatures with the directory's keys, which its own sign-in would have given it.
 */
async function copyUpdates(from: PatravaliDb, to: PatravaliDb): Promise<void> {
  await saveDeviceKeys(to, (await readKv<DirectoryKey[]>(from, KV_KEYS.deviceKeys)) ?? []);
  const rows = await from.updates.toArray();
  const updates = rows.map((r, i) => ({ seq: i + 1, recordId: r.recordId, update: r.update }));
  await createSyncPort(to).applyIncoming(updates, updates.length);
}

let n = 0;
function contextOn(device: Device, db: PatravaliDb, person: Person, tag: string): DeviceContext {
  return {
    db,
    person,
    directory: DIRECTORY,
    deviceId: asDeviceId(`00000000-0000-4000-8000-${tag}00000000`),
    deviceNumber: 5,
    now: () => device.clock.now,
    newId: () => `00000000-0000-4000-9000-${tag}${String(++n).padStart(8, '0')}`,
  };
}

const must = async <T,>(p: Promise<{ ok: true; value: T } | { ok: false; error: string }>) => {
  const r = await p;
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

/**
 * The clerk (this tablet, signed in) sends a file to the tehsildar (her
 * tablet); both sync, both go offline. The tehsildar notes and sends it to the
 * DM; then the clerk pulls back, writes para 4 and sends it to the kanungo.
 * Both sync again. A second tablet of the clerk's syncs too.
 */
async function repro(device: Device) {
  const tehsildarDb = openDb(`tehsildar-${Math.random()}`);
  const clerkTablet2 = openDb(`clerk2-${Math.random()}`);
  const clerk = contextOn(device, device.db, CLERK, 'aaaa');
  const tehsildar = contextOn(device, tehsildarDb, TEHSILDAR, 'bbbb');
  const send = { remarks: '', dueDate: null, priority: 'normal' } as const;
  const id = await act(async () => {
    const { id } = await must(createFile(clerk, { subject: 'Mutation', category: 'landRecords' }));
    await must(sendRecord(clerk, id, { ...send, to: TEHSILDAR.id }));
    await copyUpdates(device.db, tehsildarDb);
    device.clock.now += 60_000;
    await must(saveDraft(tehsildar, id, TEHSILDAR_NOTE));
    await must(sendRecord(tehsildar, id, { ...send, to: DM.id }));
    device.clock.now += 60_000;
    await must(pullBack(clerk, id));
    await must(saveDraft(clerk, id, PARA4));
    await must(sendRecord(clerk, id, { ...send, to: KANUNGO.id }));
    await copyUpdates(tehsildarDb, device.db);
    await copyUpdates(device.db, tehsildarDb);
    await copyUpdates(device.db, clerkTablet2);
    return id;
  });
  return { id, tehsildarDb, clerkTablet2 };
}

async function openFromReminder(device: Device) {
  const reminder = await screen.findByRole('region', { name: REMINDER }, LOADED);
  await device.user.click(within(reminder).getByRole('link', { name: /^VKN\// }));
  return screen.findByRole('region', { name: CONFLICTS }, LOADED);
}

describe('nobody’s words disappear', () => {
  it('shows the lost noting in full to its author, who is reminded until she dismisses it with a reason', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const { id, tehsildarDb, clerkTablet2 } = await repro(device);

    const reminder = await screen.findByRole('region', { name: REMINDER }, LOADED);
    expect(reminder).toHaveTextContent('On this file, work of yours did not take effect.');
    expect(await myOpenConflictsQuery(clerkTablet2, CLERK.id)).toHaveLength(1);

    const conflicts = await openFromReminder(device);
    expect(conflicts).toHaveTextContent(PARA4);
    expect(conflicts).toHaveTextContent(
      /Yours: Noting — Sunita Rawat, .*: the file was not with this person at the time/,
    );
    expect(conflicts).toHaveTextContent('To: Mohan Singh Negi');
    expect(conflicts).toHaveTextContent(
      'This file is now with Alok Kumar Pandey. Ask for it to be sent back to you',
    );
    expect(notings(EN).map((li) => li.textContent)).toEqual([
      expect.stringContaining(TEHSILDAR_NOTE),
    ]);
    expect(within(conflicts).queryByRole('button', { name: 'Re-submit' })).toBeNull();

    // Dismissing needs a reason; the dismissal is recorded and reaches her other tablet.
    const noting = within(conflicts).getAllByRole('listitem')[1]!;
    await device.user.click(within(noting).getByRole('button', { name: 'Dismiss' }));
    await device.user.click(
      within(noting).getByRole('button', { name: 'Dismiss with this reason' }),
    );
    expect(within(noting).getByRole('alert')).toHaveTextContent('Write a reason');
    await device.user.type(within(noting).getByLabelText('Reason'), 'The DM has the map already.');
    await device.user.click(
      within(noting).getByRole('button', { name: 'Dismiss with this reason' }),
    );
    await within(conflicts).findByText(
      /Dismissed by its author, .*: The DM has the map already\./,
      {},
      LOADED,
    );
    expect(conflicts).toHaveTextContent(PARA4);

    await act(() => copyUpdates(device.db, clerkTablet2));
    const stillOpen = await myOpenConflictsQuery(clerkTablet2, CLERK.id);
    expect(stillOpen.map((r) => r.id)).toEqual([id]);
    const reminded = await screen.findByRole('region', { name: CONFLICTS }, LOADED);
    for (const item of within(reminded)
      .getAllByRole('listitem')
      .filter((li) => li !== noting)) {
      await device.user.click(within(item).getByRole('button', { name: 'Dismiss' }));
      await device.user.type(within(item).getByLabelText('Reason'), 'Not needed now.');
      await device.user.click(
        within(item).getByRole('button', { name: 'Dismiss with this reason' }),
      );
    }
    await expect.poll(() => within(reminded).queryAllByRole('button').length, LOADED).toBe(0);
    await act(() => copyUpdates(device.db, clerkTablet2));
    expect(await myOpenConflictsQuery(clerkTablet2, CLERK.id)).toEqual([]);
    await device.user.click(screen.getByRole('link', { name: EN.inbox }));
    await screen.findByRole('region', { name: EN.inbox }, LOADED);
    expect(screen.queryByRole('region', { name: REMINDER })).toBeNull();
    tehsildarDb.close();
    clerkTablet2.close();
  });

  it('re-submits with one tap into her draft once the file is back with her', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const { tehsildarDb, clerkTablet2, id } = await repro(device);
    const dm = contextOn(device, tehsildarDb, DM, 'cccc');
    await act(async () => {
      device.clock.now += 60_000;
      const send = { remarks: 'Please re-submit', dueDate: null, priority: 'normal' } as const;
      await must(sendRecord(dm, id, { ...send, to: CLERK.id }));
      await copyUpdates(tehsildarDb, device.db);
    });

    const conflicts = await openFromReminder(device);
    await device.user.click(within(conflicts).getByRole('button', { name: 'Re-submit' }));
    await within(conflicts).findByText(/Your text is now in your draft noting below/, {}, LOADED);
    expect(screen.getByLabelText(EN.noting)).toHaveValue(PARA4);
    await sendTo(device, EN, 'Mohan Singh Negi, Kanungo — Tehsil Vikasnagar');
    await expect.poll(() => notings(EN).length, LOADED).toBe(2);
    expect(notings(EN)[1]).toHaveTextContent(PARA4);
    expect(conflicts).toHaveTextContent(/Re-submitted by its author/);
    await act(() => copyUpdates(device.db, clerkTablet2));
    const open = await myOpenConflictsQuery(clerkTablet2, CLERK.id);
    expect(open).toHaveLength(1); // her lost pull back and send still wait; the noting does not
    tehsildarDb.close();
    clerkTablet2.close();
  });

  it('shows the text to the holder, in Hindi too, and to nobody else', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const { tehsildarDb, clerkTablet2, id } = await repro(device);
    await signOutOf(device, HI);

    await signInAs(device, HI, DM.id);
    device.mount({ path: `/r/${id}`, search: '?lang=hi' });
    const conflicts = await screen.findByRole('region', { name: hi['conflict.title'] }, LOADED);
    expect(conflicts).toHaveTextContent(PARA4);
    expect(conflicts).toHaveTextContent('टिप्पणी — सुनीता रावत');
    expect(conflicts).toHaveTextContent(hi['conflict.notHolder']);
    expect(within(conflicts).queryAllByRole('button')).toEqual([]);
    expect(screen.queryByRole('region', { name: hi['conflicts.bannerTitle'] })).toBeNull();
    await signOutOf(device, HI);

    await signInAs(device, HI, TEHSILDAR.id);
    device.mount({ path: `/r/${id}`, search: '?lang=hi' });
    await screen.findByRole('region', { name: HI.noteSheet }, LOADED);
    expect(screen.queryByRole('region', { name: hi['conflict.title'] })).toBeNull();
    tehsildarDb.close();
    clerkTablet2.close();
  });
});
