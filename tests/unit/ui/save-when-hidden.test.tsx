// What was typed reaches the device store when the page is hidden (the person
// switches app, the tablet sleeps), not only after the autosave's pause: a hidden
// page's timers may never run again.
import { afterEach, describe, expect, it } from 'vitest';
import { FORM_DRAFT_PREFIX } from '@storage/commands/form-drafts.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs } from './harness.tsx';
import { EN } from './names.ts';
import { createFile } from './steps.ts';

afterEach(() => setVisibility('visible'));

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
}

/** The clerk signed in on a tablet whose autosave pause outlasts the test. */
async function clerkTablet() {
  const device = newDevice({ env: { draftAutosaveMs: 600_000 } });
  device.mount({ search: '?lang=en' });
  await signInAs(device, EN, CLERK.id);
  return device;
}

const formDrafts = async (db: PatravaliDb) =>
  (await db.kv.where('key').startsWith(FORM_DRAFT_PREFIX).toArray()).length;

describe('typing is saved when the page is hidden', () => {
  it('the noting, when the tablet switches to another app', async () => {
    const device = await clerkTablet();
    await createFile(device, EN, 'Boundary dispute');
    await device.user.type(screen.getByLabelText('Noting'), 'Typed, then the phone rang');
    expect(await device.db.drafts.count()).toBe(0);

    setVisibility('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    await expect
      .poll(async () => (await device.db.drafts.toArray())[0]?.text)
      .toBe('Typed, then the phone rang');
  });

  it('a half-filled form, on pagehide', async () => {
    const device = await clerkTablet();
    await device.user.click(screen.getByRole('link', { name: EN.dak }));
    await device.user.type(await screen.findByLabelText(EN.from), 'Gram Pradhan, Selaqui');
    expect(await formDrafts(device.db)).toBe(0);

    window.dispatchEvent(new Event('pagehide'));
    await expect.poll(() => formDrafts(device.db)).toBe(1);
  });
});
