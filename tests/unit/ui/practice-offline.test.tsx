// "Practice offline": the switch in the shell pauses this device's sync engine,
// is clearly shown while on, survives a reload, and resuming syncs again. Also
// how the shell copes when a trainer reset wipes the device, and the
// "sign in again" prompt when the server refuses the session's token.
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { createFile as createFileService } from '@storage/services.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { createSyncStatusStore, type SyncStatusStore } from '@sync/status.ts';
import { startWithPracticeOffline } from '@ui/services/practice-offline.ts';
import { asDeviceId } from '@domain/ids.ts';
import { CLERK, DIRECTORY } from './fixtures.ts';
import { openMenu, screen, signInAs, within } from './harness.tsx';
import { EN, HI } from './names.ts';
import { createFile } from './steps.ts';
import { trainerDevice } from './trainer-harness.tsx';

/** Stands in for the sync engine: logs calls and reports its state as the real one does. */
function fakeEngine(status: SyncStatusStore) {
  const calls: string[] = [];
  return {
    calls,
    engine: {
      start: () => void calls.push('start'),
      pause: () => {
        calls.push('pause');
        status.update({ state: 'offline' });
      },
      resume: () => {
        calls.push('resume');
        status.update({ state: 'synced' });
      },
    },
  };
}

describe('practice offline', () => {
  it('pauses sync, shows the banner and Offline, survives a reload, and resumes', async () => {
    let fake = fakeEngine(createSyncStatusStore());
    const t = trainerDevice({
      onSignedIn: () => {
        fake = fakeEngine(t.device.syncStatus);
        return startWithPracticeOffline(t.device.db, fake.engine);
      },
    });
    t.mount();
    await signInAs(t.device, EN, CLERK.id);
    // Switch off: resume() is a no-op on an engine that was never paused; then it starts.
    await expect.poll(() => fake.calls).toEqual(['resume', 'start']);
    await openMenu(t.device);
    const sw = screen.getByRole('switch', { name: en['practice.switch'] });
    expect(sw).not.toBeChecked();
    expect(screen.queryByText(en['practice.banner'])).toBeNull();

    await t.device.user.click(sw);
    await expect.poll(() => fake.calls).toEqual(['resume', 'start', 'pause']);
    expect(await screen.findByText(en['practice.banner'])).toBeInTheDocument();
    await openMenu(t.device);
    expect(screen.getByRole('switch', { name: en['practice.switch'] })).toBeChecked();
    expect(screen.getByRole('status', { name: EN.syncStatus })).toHaveTextContent(
      en['sync.offline'],
    );

    // Work continues while practising offline.
    await createFile(t.device, EN, 'Boundary dispute, Sabhawala');

    // A reload keeps the switch on: the engine is paused before it may start.
    t.mount({ search: '?lang=hi' });
    await screen.findByText(hi['practice.banner']);
    await expect.poll(() => fake.calls).toEqual(['pause', 'start']);
    await openMenu(t.device);
    await t.device.user.click(screen.getByRole('switch', { name: hi['practice.switch'] }));
    await expect.poll(() => fake.calls).toEqual(['pause', 'start', 'resume']);
    await expect.poll(() => screen.queryByText(hi['practice.banner'])).toBeNull();
    expect(screen.getByRole('status', { name: HI.syncStatus })).toHaveTextContent(
      hi['sync.synced'],
    );
  });

  it('asks to sign in again when the server refuses the token, and keeps working', async () => {
    const t = trainerDevice();
    t.mount();
    await signInAs(t.device, EN, CLERK.id);
    // Looked up each time: after sign-in the shell may still be swapping in the page (a
    // lazy chunk, late on a busy machine), and the light then reaches the update a render later.
    await expect
      .poll(() => {
        act(() => t.device.syncStatus.update({ state: 'signedOut', error: 'unauthenticated' }));
        return screen.getByRole('status', { name: EN.syncStatus }).textContent;
      })
      .toContain('Sign in again to sync');
    await createFile(t.device, EN, 'Mutation entry, Dhakrani');
  });
});

describe('after a trainer reset wipes this device', () => {
  it('an open record says it is not on this device; the inbox empties and refills', async () => {
    const t = trainerDevice();
    t.mount();
    await signInAs(t.device, EN, CLERK.id);
    const number = await createFile(t.device, EN, 'Old batch file');
    const port = createSyncPort(t.device.db, () => t.device.clock.now);
    await port.startGeneration?.(1, false);

    // The next sync learns of generation 2 and wipes the records.
    await act(() => port.startGeneration?.(2, true) ?? Promise.resolve());
    expect(await screen.findByRole('alert')).toHaveTextContent(en['app.recordNotFound']);
    expect(screen.queryByRole('heading', { level: 1, name: number })).toBeNull();

    await t.device.user.click(screen.getByRole('link', { name: EN.inbox }));
    const inbox = await screen.findByRole('region', { name: EN.inbox });
    await within(inbox).findByText(en['inbox.empty']);

    // The fresh district arrives: made elsewhere, applied as server updates.
    const other = trainerDevice();
    const made = await createFileService(
      {
        db: other.device.db,
        person: CLERK,
        directory: DIRECTORY,
        deviceId: asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a'),
        deviceNumber: 9,
        authorKey: null,
        now: () => t.device.clock.now,
        newId: () => '11111111-2222-4333-8444-555555555555',
      },
      {
        subject: 'Fresh demo file',
        category: 'revenue',
      },
    );
    expect(made.ok).toBe(true);
    const updates = await other.device.db.updates.toArray();
    await port.applyIncoming(
      updates.map((u, i) => ({ seq: i + 1, recordId: u.recordId, update: u.update })),
      updates.length,
    );
    expect(await within(inbox).findByText('Fresh demo file')).toBeInTheDocument();
  });
});
