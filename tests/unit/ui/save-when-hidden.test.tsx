// What was typed reaches the device store when the page is hidden (the person
// switches app, the tablet sleeps, the tab is closed or reloaded), not only
// after the autosave's pause: a hidden page's timers may never run again.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLocation } from 'wouter/memory-location';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import { FORM_DRAFT_PREFIX } from '@storage/commands/form-drafts.ts';
import { createSyncStatusStore } from '@sync/status.ts';
import { App } from '@ui/App.tsx';
import { createApiClient } from '@ui/services/api-client.ts';
import { CLERK, fakeServer, PASSWORD } from './fixtures.ts';

const NOW = Date.UTC(2026, 10, 20, 4, 30);
const dbs: PatravaliDb[] = [];
let unmount: (() => void) | null = null;

afterEach(async () => {
  unmount?.();
  unmount = null;
  setVisibility('visible');
  for (const db of dbs.splice(0)) await db.delete();
});

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
}

/** The clerk signed in on a fresh tablet whose autosave pause outlasts the test. */
async function clerkTablet() {
  const db = openDb(`save-when-hidden-${Math.random()}`);
  dbs.push(db);
  let ids = 0;
  unmount = render(
    <App
      env={{
        db,
        api: createApiClient(fakeServer(() => NOW).fetch, 'http://tablet.test'),
        syncStatus: createSyncStatusStore(),
        now: () => NOW,
        newId: () => `00000000-0000-4000-8000-${String((ids += 1)).padStart(12, '0')}`,
        prefs: null,
        search: '?lang=en',
        timeZone: 'Asia/Kolkata',
        pbkdf2Iterations: 1_000,
        // Far longer than the test: only hiding the page can save.
        draftAutosaveMs: 600_000,
      }}
      locationHook={memoryLocation({ path: '/' }).hook}
    />,
  ).unmount;
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('Username'), CLERK.id);
  await user.type(screen.getByLabelText('Password'), PASSWORD);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  return { db, user };
}

const formDrafts = async (db: PatravaliDb) =>
  (await db.kv.where('key').startsWith(FORM_DRAFT_PREFIX).toArray()).length;

describe('typing is saved when the page is hidden', () => {
  it('the noting, when the tablet switches to another app', async () => {
    const { db, user } = await clerkTablet();
    await user.click(await screen.findByRole('link', { name: 'New file' }));
    await user.type(await screen.findByLabelText('Subject'), 'Boundary dispute');
    await user.click(screen.getByRole('button', { name: 'Create file' }));
    await user.type(await screen.findByLabelText('Noting'), 'Typed, then the phone rang');
    expect(await db.drafts.count()).toBe(0);

    setVisibility('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    await expect
      .poll(async () => (await db.drafts.toArray())[0]?.text)
      .toBe('Typed, then the phone rang');
  });

  it('a half-filled form, when the tab is closed or reloaded', async () => {
    const { db, user } = await clerkTablet();
    await user.click(await screen.findByRole('link', { name: 'Dak' }));
    await user.type(await screen.findByLabelText('From'), 'Gram Pradhan, Selaqui');
    expect(await formDrafts(db)).toBe(0);

    window.dispatchEvent(new Event('pagehide'));
    await expect.poll(() => formDrafts(db)).toBe(1);
  });
});
