// Updates that lose nothing: a waiting version is applied only on Update; what is
// being typed is saved before the database is closed; another tab is never reloaded
// under someone typing; a draft that cannot be saved stops the update.
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLocation } from 'wouter/memory-location';
import { createUpdateStore } from '@pwa/update-store.ts';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import { createSyncStatusStore } from '@sync/status.ts';
import { App } from '@ui/App.tsx';
import type { AppEnv } from '@ui/app-context.ts';
import { createApiClient } from '@ui/services/api-client.ts';
import { CLERK, fakeServer, PASSWORD } from './fixtures.ts';

const NOW = Date.UTC(2026, 10, 20, 4, 30);
const dbs: PatravaliDb[] = [];

afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('update store', () => {
  it('does nothing until applied; saves, then shuts down, then activates, then reloads', async () => {
    const log: string[] = [];
    const updates = createUpdateStore({
      shutdown: async () => void log.push('shutdown'),
      reload: () => log.push('reload'),
    });
    updates.addSaver(async () => void log.push('save'));
    updates.markWaiting(async () => void log.push('activate'));
    expect(updates.getSnapshot()).toBe('waiting');
    expect(log).toEqual([]);
    await updates.apply();
    expect(log).toEqual(['save', 'shutdown', 'activate', 'reload']);
  });

  it('a tab where no one tapped Update is not reloaded when another tab activates it', async () => {
    const log: string[] = [];
    const updates = createUpdateStore({ reload: () => log.push('reload') });
    updates.markWaiting(async () => void log.push('activate'));
    updates.markActivated();
    expect(updates.getSnapshot()).toBe('activatedElsewhere');
    expect(log).toEqual([]);
    await updates.apply();
    expect(log).toEqual(['reload']);
  });

  it('waits for a write already under way before closing the database', async () => {
    const log: string[] = [];
    const updates = createUpdateStore({
      shutdown: async () => void log.push('shutdown'),
      reload: () => log.push('reload'),
    });
    // An autosave started a moment before the tap: nothing is dirty any more, so no
    // saver has anything to write, but the write itself has not reached the store.
    let finish = (): void => undefined;
    const autosave = new Promise<void>((resolve) => {
      finish = () => {
        log.push('autosave stored');
        resolve();
      };
    });
    void updates.track(autosave);
    updates.markWaiting(async () => void log.push('activate'));
    const applied = updates.apply();
    await expect.poll(() => updates.getSnapshot()).toBe('applying');
    expect(log).toEqual([]);
    finish();
    await applied;
    expect(log).toEqual(['autosave stored', 'shutdown', 'activate', 'reload']);
  });

  it('a failed save stops the update: nothing is closed or reloaded', async () => {
    const log: string[] = [];
    const updates = createUpdateStore({
      shutdown: async () => void log.push('shutdown'),
      reload: () => log.push('reload'),
    });
    updates.addSaver(() => Promise.reject(new Error('disk full')));
    updates.markWaiting(async () => void log.push('activate'));
    await updates.apply();
    expect(updates.getSnapshot()).toBe('failed');
    expect(log).toEqual([]);
  });
});

describe('update with a draft being typed', () => {
  async function clerkTypesANoting(
    env: Pick<AppEnv, 'draftAutosaveMs' | 'updates'>,
    db: PatravaliDb,
    text: string,
    beforeNoting: () => void = () => undefined,
  ) {
    let ids = 0;
    render(
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
          ...env,
        }}
        locationHook={memoryLocation({ path: '/' }).hook}
      />,
    );
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username'), CLERK.id);
    await user.type(screen.getByLabelText('Password'), PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await user.click(await screen.findByRole('link', { name: 'New file' }));
    await user.type(await screen.findByLabelText('Subject'), 'Boundary dispute');
    await user.click(screen.getByRole('button', { name: 'Create file' }));
    const noting = await screen.findByLabelText('Noting');
    beforeNoting();
    await user.type(noting, text);
    return user;
  }

  function newDb() {
    const db = openDb(`settings-update-${Math.random()}`);
    dbs.push(db);
    return db;
  }

  it('writes the typed noting to the store before the database closes', async () => {
    const db = newDb();
    let draftAtShutdown: string | undefined;
    const updates = createUpdateStore({
      shutdown: async () => {
        draftAtShutdown = (await db.drafts.toArray())[0]?.text;
      },
    });
    // Far longer than the test: only the update can have saved the text.
    const user = await clerkTypesANoting(
      { draftAutosaveMs: 600_000, updates },
      db,
      'Typed, not saved',
    );
    expect(await db.drafts.count()).toBe(0);

    act(() => updates.markWaiting(async () => undefined));
    await user.click(await screen.findByRole('button', { name: 'Update' }));
    await expect.poll(() => draftAtShutdown).toBe('Typed, not saved');
  });

  it('hands the autosave to the update store, which waits for it before closing', async () => {
    const db = newDb();
    const updates = createUpdateStore();
    const tracked: Promise<unknown>[] = [];
    const track = updates.track.bind(updates);
    updates.track = (work) => {
      tracked.push(work);
      return track(work);
    };
    // The New file form's writes (useFormDraft) come first; the noting's own are counted apart.
    let formWrites = 0;
    await clerkTypesANoting({ draftAutosaveMs: 1, updates }, db, 'Saved by itself', () => {
      formWrites = tracked.splice(0).length;
    });
    expect(formWrites).toBeGreaterThan(0);
    await expect.poll(async () => (await db.drafts.toArray())[0]?.text).toBe('Saved by itself');
    expect(tracked.length).toBeGreaterThan(0);
  });
});
