// Half-filled forms survive an app update: the Dak form, the New file form and the
// Send dialog are written to the device store before the database closes, come
// back after the reload, and stay private to the person who typed them.
import { act, render, screen, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLocation } from 'wouter/memory-location';
import { createUpdateStore, type UpdateStore } from '@pwa/update-store.ts';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import { FORM_DRAFT_PREFIX } from '@storage/commands/form-drafts.ts';
import { createSyncStatusStore } from '@sync/status.ts';
import { App } from '@ui/App.tsx';
import type { AppEnv } from '@ui/app-context.ts';
import { createApiClient } from '@ui/services/api-client.ts';
import { CLERK, fakeServer, KANUNGO, PASSWORD, TEHSILDAR } from './fixtures.ts';
import { openMenu } from './harness.tsx';

const NOW = Date.UTC(2026, 10, 20, 4, 30);
const dbs: PatravaliDb[] = [];
let unmountApp: (() => void) | null = null;

afterEach(async () => {
  unmountApp?.();
  unmountApp = null;
  for (const db of dbs.splice(0)) await db.delete();
});

interface Tablet {
  readonly db: PatravaliDb;
  user: UserEvent;
  /** The form drafts in the store when the update closed the database. */
  draftsAtShutdown: string[] | null;
  updates: UpdateStore | null;
  /** Starts the app (again, like the reload after an update) at `path`. */
  start(path?: string): void;
  /** A new version waits; the person taps Update; the page is then reloaded. */
  updateAndReload(path?: string): Promise<void>;
}

function newTablet(): Tablet {
  const db = openDb(`form-drafts-${Math.random()}`);
  dbs.push(db);
  const server = fakeServer(() => NOW);
  let ids = 0;
  const tablet: Tablet = {
    db,
    user: userEvent.setup(),
    draftsAtShutdown: null,
    updates: null,
    start(path = '/') {
      unmountApp?.();
      const updates = createUpdateStore({
        shutdown: async () => {
          const rows = await db.kv.where('key').startsWith(FORM_DRAFT_PREFIX).toArray();
          tablet.draftsAtShutdown = rows.map((r) => r.key);
        },
      });
      const env: AppEnv = {
        db,
        api: createApiClient(server.fetch, 'http://tablet.test'),
        syncStatus: createSyncStatusStore(),
        now: () => NOW,
        newId: () => `00000000-0000-4000-8000-${String((ids += 1)).padStart(12, '0')}`,
        prefs: null,
        search: '?lang=en',
        timeZone: 'Asia/Kolkata',
        pbkdf2Iterations: 1_000,
        // Far longer than the test: only the update (or leaving a page) can save.
        draftAutosaveMs: 600_000,
        updates,
      };
      unmountApp = render(<App env={env} locationHook={memoryLocation({ path }).hook} />).unmount;
      tablet.user = userEvent.setup();
      tablet.updates = updates;
    },
    async updateAndReload(path = '/') {
      const { updates } = tablet;
      if (!updates) throw new Error('not started');
      act(() => updates.markWaiting(async () => undefined));
      await tablet.user.click(await screen.findByRole('button', { name: 'Update' }));
      await expect.poll(() => tablet.draftsAtShutdown).not.toBeNull();
      tablet.start(path);
    },
  };
  return tablet;
}

async function signIn(tablet: Tablet, username: string) {
  const { user } = tablet;
  await user.type(await screen.findByLabelText('Username'), username);
  await user.type(screen.getByLabelText('Password'), PASSWORD);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('button', { name: 'Menu' });
}

/** After the reload: still signed in as `username`, or signed in again. */
async function signedInAs(tablet: Tablet, username: string) {
  const shown = await screen.findByRole('button', { name: /^(Menu|Sign in)$/ });
  if (shown.textContent === 'Sign in') await signIn(tablet, username);
}

async function switchTo(tablet: Tablet, username: string) {
  await openMenu(tablet);
  await tablet.user.click(screen.getByRole('button', { name: 'Sign out' }));
  await screen.findByRole('button', { name: 'Sign in' });
  await signIn(tablet, username);
}

/** The page's own store read was issued first, so once ours answers, any restore has landed. */
async function storeSettled(tablet: Tablet) {
  await act(async () => {
    await tablet.db.kv.toArray();
  });
}

const valueOf = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

describe('half-filled forms and an app update', () => {
  it('keeps the New file form for its author only, and forgets it once the file is created', async () => {
    const tablet = newTablet();
    tablet.start();
    await signIn(tablet, CLERK.id);
    const { user } = tablet;
    await user.click(await screen.findByRole('link', { name: 'New file' }));
    await user.type(await screen.findByLabelText('Subject'), 'सीमा विवाद, ग्राम सभा');
    await user.selectOptions(screen.getByLabelText('Category'), 'Land records');

    await tablet.updateAndReload();
    expect(tablet.draftsAtShutdown).toEqual([`${FORM_DRAFT_PREFIX}${CLERK.id}:newFile`]);
    await signedInAs(tablet, CLERK.id);
    await tablet.user.click(await screen.findByRole('link', { name: 'New file' }));
    await expect.poll(() => valueOf('Subject')).toBe('सीमा विवाद, ग्राम सभा');
    expect(
      (screen.getByRole('option', { name: 'Land records' }) as HTMLOptionElement).selected,
    ).toBe(true);

    await switchTo(tablet, KANUNGO.id);
    await tablet.user.click(await screen.findByRole('link', { name: 'New file' }));
    await screen.findByLabelText('Subject');
    await storeSettled(tablet);
    expect(valueOf('Subject')).toBe('');

    await switchTo(tablet, CLERK.id);
    await tablet.user.click(await screen.findByRole('link', { name: 'New file' }));
    await expect.poll(() => valueOf('Subject')).toBe('सीमा विवाद, ग्राम सभा');
    await tablet.user.click(screen.getByRole('button', { name: 'Create file' }));
    await screen.findByRole('heading', { level: 1, name: /^VKN\// });
    await expect
      .poll(() => tablet.db.kv.where('key').startsWith(FORM_DRAFT_PREFIX).count())
      .toBe(0);
  });

  it('keeps the half-filled Dak form, for its author only', async () => {
    const tablet = newTablet();
    tablet.start();
    await signIn(tablet, CLERK.id);
    const { user } = tablet;
    await user.click(await screen.findByRole('link', { name: 'Dak' }));
    await user.type(await screen.findByLabelText('From'), 'Gram Pradhan, Sahaspur');
    await user.type(screen.getByLabelText('Letter number'), 'GP/12');
    await user.type(screen.getByLabelText('Subject'), 'Road repair');

    await tablet.updateAndReload();
    expect(tablet.draftsAtShutdown).toEqual([`${FORM_DRAFT_PREFIX}${CLERK.id}:dak`]);
    await signedInAs(tablet, CLERK.id);
    await tablet.user.click(await screen.findByRole('link', { name: 'Dak' }));
    await expect.poll(() => valueOf('From')).toBe('Gram Pradhan, Sahaspur');
    expect(valueOf('Letter number')).toBe('GP/12');
    expect(valueOf('Subject')).toBe('Road repair');

    await switchTo(tablet, KANUNGO.id);
    await tablet.user.click(await screen.findByRole('link', { name: 'Dak' }));
    await screen.findByLabelText('From');
    await storeSettled(tablet);
    expect([valueOf('From'), valueOf('Letter number'), valueOf('Subject')]).toEqual(['', '', '']);
  });

  it('opens the Send dialog again with the recipient and remarks typed before the update', async () => {
    const tablet = newTablet();
    tablet.start();
    await signIn(tablet, CLERK.id);
    const { user } = tablet;
    await user.click(await screen.findByRole('link', { name: 'New file' }));
    await user.type(await screen.findByLabelText('Subject'), 'Boundary dispute');
    await user.click(screen.getByRole('button', { name: 'Create file' }));
    await screen.findByRole('heading', { level: 1, name: /^VKN\// });
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const dialog = await screen.findByRole('dialog');
    await user.selectOptions(within(dialog).getByLabelText('Send to'), TEHSILDAR.id);
    await user.type(within(dialog).getByLabelText('Remarks'), 'Please see para 3');

    const recordId = (await tablet.db.records.toArray())[0]?.id ?? '';
    await tablet.updateAndReload(`/r/${recordId}`);
    expect(tablet.draftsAtShutdown).toEqual([`${FORM_DRAFT_PREFIX}${CLERK.id}:send:${recordId}`]);
    await signedInAs(tablet, CLERK.id);
    const again = await screen.findByRole('dialog');
    await expect
      .poll(() => (within(again).getByLabelText('Remarks') as HTMLTextAreaElement).value)
      .toBe('Please see para 3');
    expect((within(again).getByLabelText('Send to') as HTMLSelectElement).value).toBe(TEHSILDAR.id);

    await tablet.user.click(within(again).getByRole('button', { name: 'Send' }));
    await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
    await expect
      .poll(() => tablet.db.kv.where('key').startsWith(FORM_DRAFT_PREFIX).count())
      .toBe(0);
  });
});
