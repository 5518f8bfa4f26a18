// The settings page: storage health with clear warnings, and the device backup
// exported and imported through the UI (preview, confirm, summary, clear errors).
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLocation } from 'wouter/memory-location';
import { hi } from '@i18n/hi.ts';
import { readBackupHeader } from '@storage/backup/backup.ts';
import { BACKUP_MIME } from '@storage/backup/backup-format.ts';
import { exportBackup } from '@storage/backup/backup.ts';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import type { StorageNavigator } from '@storage/db/storage-health.ts';
import { createSyncStatusStore } from '@sync/status.ts';
import { App } from '@ui/App.tsx';
import type { AppEnv } from '@ui/app-context.ts';
import { createApiClient } from '@ui/services/api-client.ts';
import { busyTablet, opts } from '../storage/backup-fixture.ts';
import { CLERK, fakeServer, PASSWORD } from './fixtures.ts';

const NOW = Date.UTC(2026, 10, 20, 4, 30);
const MB = 1e6;
const dbs: PatravaliDb[] = [];

afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

interface Saved {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly mime: string;
}

interface FakeStorage {
  readonly nav: StorageNavigator;
  /** From now on the browser grants persist(), as Chrome does once a site has engagement. */
  grantNextAsk(): void;
}

/** A StorageManager that refuses persist() until `grantNextAsk` (the shell asks at sign-in too). */
function fakeStorage(persisted: boolean, usage: number, quota: number): FakeStorage {
  let granted = persisted;
  let grants = false;
  return {
    nav: {
      storage: {
        persisted: () => Promise.resolve(granted),
        persist: () => {
          granted ||= grants;
          return Promise.resolve(granted);
        },
        estimate: () => Promise.resolve({ usage, quota }),
      },
    },
    grantNextAsk: () => {
      grants = true;
    },
  };
}

/** Mounts the app signed out at /settings, with a fresh database. */
function mountSettings(lang: 'en' | 'hi', storage?: StorageNavigator) {
  const db = openDb(`settings-test-${dbs.length}-${Math.random()}`);
  dbs.push(db);
  const saved: Saved[] = [];
  let ids = 0;
  const env: AppEnv = {
    db,
    api: createApiClient(fakeServer(() => NOW).fetch, 'http://tablet.test'),
    syncStatus: createSyncStatusStore(),
    now: () => NOW,
    newId: () => `00000000-0000-4000-8000-${String((ids += 1)).padStart(12, '0')}`,
    prefs: null,
    search: `?lang=${lang}`,
    timeZone: 'Asia/Kolkata',
    pbkdf2Iterations: 1_000,
    appVersion: '9.9.9',
    saveFile: (fileName, bytes, mime) => saved.push({ fileName, bytes, mime }),
    ...(storage ? { storage } : {}),
  };
  const { hook } = memoryLocation({ path: '/settings' });
  render(<App env={env} locationHook={hook} />);
  return { db, saved, syncStatus: env.syncStatus, user: userEvent.setup() };
}

async function signIn(user: ReturnType<typeof userEvent.setup>, lang: 'en' | 'hi') {
  const names =
    lang === 'en'
      ? { u: 'Username', p: 'Password', s: 'Sign in', o: 'Menu' }
      : {
          u: hi['auth.username'],
          p: hi['auth.password'],
          s: hi['auth.signIn'],
          o: hi['menu.button'],
        };
  await user.type(await screen.findByLabelText(names.u), CLERK.id);
  await user.type(screen.getByLabelText(names.p), PASSWORD);
  await user.click(screen.getByRole('button', { name: names.s }));
  await screen.findByRole('button', { name: names.o });
}

describe('settings: storage', () => {
  it('warns when storage is not persistent and space is low, with sizes', async () => {
    const storage = fakeStorage(false, 95 * MB, 100 * MB);
    const { user } = mountSettings('en', storage.nav);
    await signIn(user, 'en');
    const card = await screen.findByRole('region', { name: 'Storage on this device' });
    await within(card).findByText('No — the browser may delete data when space runs short.');
    const alerts = within(card).getAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual([
      expect.stringContaining('persistent storage'),
      expect.stringContaining('running low'),
    ]);
    expect(card).toHaveTextContent('95 MB');
    expect(card).toHaveTextContent('5 MB');
    storage.grantNextAsk();
    await user.click(within(card).getByRole('button', { name: 'Ask again to keep data' }));
    await within(card).findByText('Yes — the browser will keep this device’s data.');
    expect(within(card).getAllByRole('alert')).toHaveLength(1);
  });

  it('warns above every page of evictable storage only while work is unsynced', async () => {
    const { user, syncStatus } = mountSettings('en', fakeStorage(false, 20 * MB, 5_000 * MB).nav);
    await signIn(user, 'en');
    const card = await screen.findByRole('region', { name: 'Storage on this device' });
    // Settings says so at once; the banner above the page does not, nothing is at risk yet.
    await within(card).findByText('No — the browser may delete data when space runs short.');
    const banner = /has not granted persistent storage/;
    expect(screen.getAllByText(banner)).toHaveLength(1);
    act(() => syncStatus.update({ state: 'pending', pending: 2 }));
    const note = await screen.findByRole('note');
    expect(note).toHaveTextContent(banner);
    expect(screen.getAllByText(banner)).toHaveLength(2);
    act(() => syncStatus.update({ state: 'synced', pending: 0 }));
    expect(screen.getAllByText(banner)).toHaveLength(1);
  });

  it('shows a healthy device in Hindi without warnings', async () => {
    const { user } = mountSettings('hi', fakeStorage(true, 20 * MB, 5_000 * MB).nav);
    await signIn(user, 'hi');
    const card = await screen.findByRole('region', { name: hi['settings.storageHeading'] });
    await within(card).findByText(hi['settings.persistentYes']);
    expect(within(card).queryByRole('alert')).toBeNull();
    await user.click(screen.getByRole('button', { name: hi['menu.button'] }));
    expect(screen.getByRole('link', { name: hi['settings.nav'] })).toBeInTheDocument();
  });
});

describe('settings: backup', () => {
  it('exports the device to a backup file', async () => {
    const { user, saved } = mountSettings('en');
    await signIn(user, 'en');
    await user.click(await screen.findByRole('button', { name: 'Export backup' }));
    await screen.findByText(/^Backup saved as patravali-backup-2026-11-20\.patravali/);
    expect(saved).toHaveLength(1);
    expect(saved[0]?.mime).toBe(BACKUP_MIME);
    const header = await readBackupHeader(saved[0]?.bytes ?? new Uint8Array());
    expect(header).toMatchObject({ app: 'patravali', appVersion: '9.9.9', createdAt: NOW });
  });

  it('previews, imports once, and finds nothing new the second time', async () => {
    const source = await busyTablet(dbs);
    const bytes = await exportBackup(source, opts);
    const file = new File([new Uint8Array(bytes)], 'old-tablet.patravali');
    const { user, db } = mountSettings('en');
    await signIn(user, 'en');
    const input = await screen.findByLabelText('Import backup');

    await user.upload(input, file);
    await screen.findByText(
      /^Backup made on .*: 3 records, 1 draft noting, 5 unsent changes, 1 refused change\.$/,
    );
    expect(await db.records.count()).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Import this backup' }));
    await screen.findByText(/^Imported: \d+ records? updated, 1 draft noting, /);
    expect(await db.records.count()).toBeGreaterThan(0);

    await user.upload(input, file);
    await user.click(await screen.findByRole('button', { name: 'Import this backup' }));
    await screen.findByText('Nothing new: everything in this file is already on this device.');
  });

  it('explains a damaged file in Hindi and writes nothing', async () => {
    const source = await busyTablet(dbs);
    const bytes = await exportBackup(source, opts);
    const damaged = bytes.slice();
    damaged[40] = (damaged[40] ?? 0) ^ 0xff;
    const { user, db } = mountSettings('hi');
    await signIn(user, 'hi');
    const input = await screen.findByLabelText(hi['backup.import']);
    await user.upload(input, new File([damaged], 'x.patravali'));
    expect((await screen.findByRole('alert')).textContent).toBe(hi['backup.error.badChecksum']);
    await user.upload(input, new File([new TextEncoder().encode('hello')], 'y.patravali'));
    await screen.findByText(/./, { selector: '[role="alert"]' });
    expect(screen.getByRole('alert').textContent).toMatch(
      new RegExp(`^(${hi['backup.error.badMagic']}|${hi['backup.error.truncated']})$`),
    );
    expect(await db.records.count()).toBe(0);
  });
});
