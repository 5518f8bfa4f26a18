import { createContext } from 'react';
import type { PreferenceStore } from '@i18n/language.ts';
import type { OfflineReadyStore } from '@pwa/offline-ready.ts';
import type { UpdateStore } from '@pwa/update-store.ts';
import type { Lang, Translator } from '@i18n/translate.ts';
import type {
  DeviceContext,
  PatravaliDb,
  StorageNavigator,
  StoredSession,
  UnsavedStore,
  WhenIdle,
} from '@storage/services.ts';
import type { SyncStatusStore } from '@sync/status.ts';
import type { ScanEnv } from './components/scans/scan-env.ts';
import type { ApiClient } from './services/api-client.ts';
import type { PermissionsLike } from './services/local-network.ts';

/**
 * What the app is given from outside (main.tsx in the browser, a test's
 * fixture otherwise): the database, the network, the clock and randomness.
 * Components read these through hooks; none opens a database or socket itself.
 */
export interface AppEnv {
  readonly db: PatravaliDb;
  readonly api: ApiClient;
  readonly syncStatus: SyncStatusStore;
  readonly now: () => number;
  readonly newId: () => string;
  /** Where the language choice is remembered (localStorage in the browser). */
  readonly prefs: PreferenceStore | null;
  /** The URL's query string at load, for `?lang=`. */
  readonly search: string;
  /** Pin the time zone for dates (tests); the device's zone otherwise. */
  readonly timeZone?: string;
  /** PBKDF2 iterations for offline sign-in verifiers (tests lower it). */
  readonly pbkdf2Iterations?: number;
  /** Where typing not yet in the store is backed up at once (localStorage; decision 0018). */
  readonly unsaved?: UnsavedStore;
  /** Delay before a typed draft is saved on its own (ms). */
  readonly draftAutosaveMs?: number;
  /** A waiting new app version (service worker); absent in tests and dev. */
  readonly updates?: UpdateStore;
  /** Whether the tablet can work offline yet (service worker precache); absent in tests and dev. */
  readonly offline?: OfflineReadyStore;
  /** The browser's StorageManager holder (navigator); when given, the app asks to persist and warns. */
  readonly storage?: StorageNavigator;
  /** Runs before the session is removed (the browser pushes pending changes while the token is valid). */
  readonly beforeSignOut?: () => Promise<void>;
  /** Saves a text file for the person (a download in the browser). */
  readonly download?: (fileName: string, text: string) => void;
  /** Saves a binary file for the person (the device backup; a download in the browser). */
  readonly saveFile?: (fileName: string, bytes: Uint8Array, mime: string) => void;
  /** The sync server, for asking it directly (a record's log proofs before an export); absent in tests. */
  readonly server?: { readonly baseUrl: string; readonly fetch: typeof fetch };
  /** The running app's version, written into backups and shown on the settings page. */
  readonly appVersion?: string;
  /** Called after sign-in with the session; returns a stop function (starts sync in the browser). */
  readonly onSignedIn?: (session: StoredSession) => () => void;
  /** Scans: the image downscaler and the background transfer (components/scans/scan-env.ts). */
  readonly scans?: ScanEnv;
  /**
   * The browser's permissions (navigator.permissions): the sync light asks for Chrome's
   * Local Network Access state when this tablet's own address does not answer
   * (services/local-network.ts). Absent: nothing is said of it.
   */
  readonly permissions?: PermissionsLike;
  /**
   * Work done ahead of use in idle moments, `afterMs` after the start (hooks/useAhead.ts):
   * the daily pages' code when `pages` (the service worker serves it from its cache),
   * an office review's rows. Absent (tests): nothing is done ahead.
   */
  readonly ahead?: {
    readonly afterMs: number;
    readonly whenIdle: WhenIdle;
    readonly pages: boolean;
  };
}

/** The signed-in person's view of the device: what services need, plus sign-out. */
export interface SignedIn {
  readonly session: StoredSession;
  readonly deviceContext: DeviceContext;
  signOut(): Promise<void>;
}

export interface I18n extends Translator {
  setLang(lang: Lang): void;
}

export const EnvContext = createContext<AppEnv | null>(null);
export const SignedInContext = createContext<SignedIn | null>(null);
export const I18nContext = createContext<I18n | null>(null);
