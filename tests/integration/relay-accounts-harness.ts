import { randomBytes } from 'node:crypto';
import { asDeviceId, asPersonId } from '@domain/ids.ts';
import { createAccounts } from '../../sync-server/auth/accounts.ts';
import { hashToken } from '../../sync-server/auth/tokens.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import type { PendingRegistrations } from '../../sync-server/relay/pending-registrations.ts';
import { relayAccounts, type UpstreamLink } from '../../sync-server/relay/relay-sign-in.ts';
import type { SignOuts } from '../../sync-server/relay/sign-outs.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { deviceUuid, tempDir } from './server-harness.ts';

/**
 * An office relay's accounts in the test's own process (relay/relay-sign-in.ts),
 * over a fresh SQLite store holding one live session of Vikasnagar's clerk
 * (`token`): the district is `fetch` (none unless given), the clock `now`.
 */

export const VKN_CLERK = asPersonId('clerk.vikasnagar');
export const VKN_OFFICE = DEMO_DIRECTORY.people.find((p) => p.id === VKN_CLERK)!.office;

export interface RelayAccountsOptions {
  readonly signOuts?: (dataDir: string) => SignOuts;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  /** The relay's own session at the district ('' none); by default one when `fetch` is given. */
  readonly relayToken?: () => string;
  /** What the relay keeps of the district's log; by default no key and no alarm. */
  readonly districtLog?: UpstreamLink['districtLog'];
}

const NO_DISTRICT_LOG: UpstreamLink['districtLog'] = {
  keptKey: () => undefined,
  takeKey: () => Promise.resolve(),
  trouble: () => null,
};

const NO_SIGN_OUTS: SignOuts = {
  list: () => [],
  add: () => Promise.resolve(),
  told: () => Promise.resolve(),
};

export async function relayAccountsWith(options: RelayAccountsOptions = {}) {
  const dir = await tempDir('patravali-relay-accounts-');
  const storage = openSqliteStorage(dir.path);
  const started = Date.now();
  const now = options.now ?? (() => started);
  const deviceId = asDeviceId(deviceUuid(1));
  const token = randomBytes(32).toString('base64url');
  await storage.registerDevice(deviceId, VKN_OFFICE, '', now());
  await storage.createSession({
    tokenHash: hashToken(token),
    person: VKN_CLERK,
    deviceId,
    createdAt: now(),
    expiresAt: now() + 60_000,
    revokedAt: null,
  });
  const local = createAccounts({
    storage,
    directory: DEMO_DIRECTORY,
    now,
    randomBytes: (n) => randomBytes(n),
    tokenTtlMs: 60_000,
    scryptLogN: 10,
  });
  const signOuts = options.signOuts?.(dir.path) ?? NO_SIGN_OUTS;
  const accounts = relayAccounts(local, storage, '', {
    url: 'http://district.invalid',
    fetch: options.fetch ?? fetch,
    now,
    office: VKN_OFFICE,
    directory: () => DEMO_DIRECTORY,
    pending: {} as PendingRegistrations,
    token: options.relayToken ?? (() => (options.fetch === undefined ? '' : 'the relay’s session')),
    signOuts,
    districtLog: options.districtLog ?? NO_DISTRICT_LOG,
  });
  const close = async () => {
    await storage.close();
    await dir.remove();
  };
  return { dir: dir.path, storage, now: now(), token, local, accounts, signOuts, close };
}
