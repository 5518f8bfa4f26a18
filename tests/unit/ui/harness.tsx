// Renders the whole app the way main.tsx does, with everything injected: a fresh
// fake-indexeddb database, a fake server, a controllable clock and an in-memory
// router; `remount` is a page reload on the same device (same database).
import { render, screen, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { memoryLocation } from 'wouter/memory-location';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import type { PreferenceStore } from '@i18n/language.ts';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import { createSyncStatusStore, type SyncStatusStore } from '@sync/status.ts';
import { App } from '@ui/App.tsx';
import type { Directory } from '@domain/directory.ts';
import type { AppEnv } from '@ui/app-context.ts';
import { createApiClient } from '@ui/services/api-client.ts';
import { fakeServer, PASSWORD, type FakeServer } from './fixtures.ts';

export const DAY = 86_400_000;
/** 20 Nov 2026, 10:00 IST. */
export const START = Date.UTC(2026, 10, 20, 4, 30);

let dbCounter = 0;

export interface Device {
  readonly db: PatravaliDb;
  readonly server: FakeServer;
  readonly prefs: PreferenceStore & { readonly map: Map<string, string> };
  readonly syncStatus: SyncStatusStore;
  readonly clock: { now: number };
  /** Files the app handed to the person (quarantine export). */
  readonly downloads: { fileName: string; text: string }[];
  user: UserEvent;
  /** Mounts the app (again, like a reload) at `path`, with the URL query `search`. */
  mount(options?: { path?: string; search?: string }): void;
  unmount(): void;
}

export interface DeviceOptions {
  /** Wraps the fake server's fetch, e.g. to answer more endpoints (pendency-harness.tsx). */
  readonly wrapFetch?: (inner: typeof fetch) => typeof fetch;
  /** Whom the fake server signs in (fixtures' DIRECTORY unless given). */
  readonly directory?: Directory;
  /** More of the app's environment, e.g. onSignedIn. */
  readonly env?: Partial<AppEnv>;
  /** How long requests wait for the server's answer to begin (api-client.ts ANSWER_TIMEOUT_MS unless given). */
  readonly answerTimeoutMs?: number;
}

export function newDevice(options: DeviceOptions = {}): Device {
  dbCounter += 1;
  const clock = { now: START };
  const now = () => clock.now;
  const map = new Map<string, string>();
  const prefs = {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  };
  const server = fakeServer(now, options.directory);
  const fetchFn = options.wrapFetch?.(server.fetch) ?? server.fetch;
  const syncStatus = createSyncStatusStore();
  let ids = 0;
  const newId = () => {
    ids += 1;
    return `00000000-0000-4000-8000-${String(dbCounter).padStart(4, '0')}${String(ids).padStart(8, '0')}`;
  };
  const db = openDb(`ui-test-${dbCounter}-${Math.random()}`);
  let unmountCurrent: (() => void) | null = null;
  const downloads: { fileName: string; text: string }[] = [];
  const device: Device = {
    db,
    server,
    prefs,
    syncStatus,
    clock,
    downloads,
    user: userEvent.setup(),
    mount({ path = '/', search = '' } = {}) {
      unmountCurrent?.();
      const env: AppEnv = {
        db,
        api: createApiClient(
          fetchFn,
          'http://tablet.test',
          options.answerTimeoutMs === undefined ? {} : { answerTimeoutMs: options.answerTimeoutMs },
        ),
        syncStatus,
        now,
        newId,
        prefs,
        search,
        timeZone: 'Asia/Kolkata',
        pbkdf2Iterations: 1_000,
        draftAutosaveMs: 300,
        download: (fileName, text) => downloads.push({ fileName, text }),
        ...options.env,
      };
      const { hook } = memoryLocation({ path });
      unmountCurrent = render(<App env={env} locationHook={hook} />).unmount;
      device.user = userEvent.setup();
    },
    unmount() {
      unmountCurrent?.();
      unmountCurrent = null;
    },
  };
  return device;
}

/** Names of controls in one language, so one flow runs in English and in Hindi. */
export interface Names {
  readonly username: string;
  readonly password: string;
  readonly signIn: string;
  readonly signOut: string;
  /** The warning's button when changes not sent yet are left on the tablet. */
  readonly signOutAnyway: string;
}

export async function signInAs(
  device: Device,
  names: Names,
  username: string,
  password = PASSWORD,
) {
  const { user } = device;
  await user.type(await screen.findByLabelText(names.username), username);
  await user.type(screen.getByLabelText(names.password), password);
  await user.click(screen.getByRole('button', { name: names.signIn }));
  await screen.findByRole('button', { name: MENU });
}

/** The header's menu button, in either language. */
export const MENU = new RegExp(`^(${en['menu.button']}|${hi['menu.button']})$`);

/** Opens the header's menu (who is signed in, Settings, Training, Sign out) unless it is open. */
export async function openMenu(device: Pick<Device, 'user'>) {
  const button = await screen.findByRole('button', { name: MENU });
  if (button.getAttribute('aria-expanded') !== 'true') await device.user.click(button);
}

/** Follows a link behind the header's menu (Settings, Training). */
export async function followMenuLink(device: Pick<Device, 'user'>, name: string) {
  await openMenu(device);
  await device.user.click(screen.getByRole('link', { name }));
}

/** Signs out, going on past the warning about unsent changes when it comes. */
export async function signOutOf(device: Device, names: Names) {
  await openMenu(device);
  await device.user.click(screen.getByRole('button', { name: names.signOut }));
  const warning = screen.queryByRole('alertdialog');
  if (warning !== null)
    await device.user.click(within(warning).getByRole('button', { name: names.signOutAnyway }));
  await screen.findByRole('button', { name: names.signIn });
}

export { screen, within };
