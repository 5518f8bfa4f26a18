// Access revoked by the administrator (issue 14): once the sync port has wiped the
// person (src/storage/session/revoked-access.ts), the app leaves their session for the sign-in
// page, which says whose access was revoked and why their data is gone, in both languages.
import { act, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { createUpdateStore } from '@pwa/update-store.ts';
import { wipeRevokedSession } from '@storage/session/revoked-access.ts';
import { currentSession } from '@storage/session/session.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs, type Device } from './harness.tsx';
import { EN, HI } from './names.ts';
import { fileAtTehsildar } from './steps.ts';

async function revoke(device: Device): Promise<void> {
  const token = (await currentSession(device.db))?.token ?? '';
  expect(await wipeRevokedSession(device.db, token, device.clock.now)).not.toBeNull();
  act(() => device.syncStatus.update({ state: 'signedOut', error: 'accessRevoked' }));
}

/** A tablet whose autosave pause outlasts the test; `writes`: every write a page started. */
function trackedDevice() {
  const writes: Promise<unknown>[] = [];
  const updates = createUpdateStore();
  const device = newDevice({
    env: {
      draftAutosaveMs: 600_000,
      updates: { ...updates, track: (work) => (writes.push(work), work) },
    },
  });
  device.mount({ search: '?lang=en' });
  return { device, writes };
}

/** Wiped by a sync, and the page closes before the app has read that. */
async function wipedAsThePageCloses(device: Device): Promise<void> {
  const token = (await currentSession(device.db))?.token ?? '';
  expect(await wipeRevokedSession(device.db, token, device.clock.now)).not.toBeNull();
  act(() => void window.dispatchEvent(new Event('pagehide')));
}

/**
 * The clerk typing into the Dak form, on a tablet whose autosave pause outlasts the test;
 * `writes`: every write a page started (useTrackedWrites), for the test to wait for.
 */
async function clerkTypingIntoDak() {
  const { device, writes } = trackedDevice();
  await signInAs(device, EN, CLERK.id);
  await device.user.click(screen.getByRole('link', { name: EN.dak }));
  await device.user.type(await screen.findByLabelText(EN.from), 'Gram Pradhan');
  expect(writes).toHaveLength(0);
  const dakDraft = () => device.db.kv.get(`formDraft:${CLERK.id}:dak`);
  return { device, writes, dakDraft };
}

describe('access revoked', () => {
  it('signs the person out and says so in English, until dismissed', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await revoke(device);
    const alert = await screen.findByRole('alert', { name: en['revoked.label'] });
    expect(alert).toHaveTextContent(
      `This device’s access for ${CLERK.name.en} was revoked by the administrator.`,
    );
    expect(alert).toHaveTextContent('other people’s data is kept');
    expect(screen.getByRole('button', { name: EN.signIn })).toBeInTheDocument();
    await device.user.click(screen.getByRole('button', { name: en['revoked.dismiss'] }));
    await waitFor(() =>
      expect(screen.queryByRole('alert', { name: en['revoked.label'] })).toBeNull(),
    );
    // Her account row is gone: she cannot sign in here offline with it any more.
    expect(await device.db.accounts.get(CLERK.id)).toBeUndefined();
  });

  it('does not write back the typing of a form open at the wipe as the page closes', async () => {
    const { device, writes, dakDraft } = await clerkTypingIntoDak();
    await wipedAsThePageCloses(device);
    expect(writes).toHaveLength(1);
    await Promise.allSettled(writes);
    // Before, the Dak form's typing was written back as her draft, after the wipe.
    expect(await dakDraft()).toBeUndefined();
  });

  it('does not write back the typing of a form open at the wipe as the app leaves her session', async () => {
    const { device, writes, dakDraft } = await clerkTypingIntoDak();
    await revoke(device);
    // The form saves what is typed on leaving the page, here for the sign-in page.
    await screen.findByRole('alert', { name: en['revoked.label'] });
    expect(writes).toHaveLength(1);
    await Promise.allSettled(writes);
    expect(await dakDraft()).toBeUndefined();
  });

  it('nor that of a noting, on a file that stays on the tablet for someone else', async () => {
    const { device, writes } = trackedDevice();
    await fileAtTehsildar(device, EN, 'Boundary dispute');
    await device.user.type(screen.getByLabelText(EN.noting), 'Spot inspection done');
    const before = writes.length;

    await wipedAsThePageCloses(device);
    // The file stays: the clerk's sending of it has not reached the server yet.
    expect(await device.db.records.count()).toBe(1);
    expect(writes).toHaveLength(before + 1);
    await Promise.allSettled(writes);
    expect(await device.db.drafts.count()).toBe(0);
  });

  it('says it in Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    await revoke(device);
    const alert = await screen.findByRole('alert', { name: hi['revoked.label'] });
    expect(alert).toHaveTextContent(`प्रशासक ने इस उपकरण पर ${CLERK.name.hi} की पहुँच रद्द कर दी है।`);
    expect(screen.getByRole('button', { name: HI.signIn })).toBeInTheDocument();
  });
});
