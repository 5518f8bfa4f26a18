import type { RecordId } from '@domain/ids.ts';
import { startDistrict, startRelay, runAdminProcess, type Child } from './relay-processes.ts';
import { deviceUuid, signIn, tempDir } from './server-harness.ts';
import { pullAll, stateOf } from './server-sync-client.ts';
import { createClock, type Clock, type TestServer } from './sync-harness.ts';
import { seeded, tablet, type Tablet } from './tablet-harness.ts';
import { startWanProxy, type WanProxy } from './wan-proxy.ts';

/**
 * The world of the tests of the district's refusals made later (decision 0013),
 * as real processes: the district, office VKN's relay, the WAN between them
 * through a proxy the test cuts, and the clerk's and the tehsildar's tablets
 * (real device stores and engines) signed in and synced at the relay.
 */

export interface RelayWorld {
  readonly clock: Clock;
  readonly district: Child;
  /** The relay running now (`restartRelay` replaces it). */
  readonly relay: Child;
  readonly wan: WanProxy;
  readonly districtDir: string;
  readonly relayDir: string;
  readonly clerk: Tablet;
  readonly tehsildar: Tablet;
  /** Stops the relay: SIGTERM (its own close), or SIGKILL (`kill`: nothing runs, nothing is flushed). */
  stopRelay(how: 'stop' | 'kill'): Promise<void>;
  /** Starts the relay again on its data directory. */
  startRelay(): Promise<void>;
  /** Another tablet of the office, signed in at the relay and synced once. */
  signedInTablet(username: string): Promise<Tablet>;
  /** `npm run admin` at the district. */
  districtAdmin(args: readonly string[]): Promise<string>;
  /** The notings of a record a fresh reader pulls from the district (null: it has none of it). */
  notesAtDistrict(recordId: RecordId): Promise<readonly string[] | null>;
  /** The same, pulled from the relay by the clerk on a fresh device. */
  notesAtRelay(recordId: RecordId): Promise<readonly string[] | null>;
  close(): Promise<void>;
}

/** The notings of the record a reader pulls from `url` (null: it has no such record). */
async function notesAt(url: string, token: string, device: string, recordId: RecordId) {
  const updates = (await pullAll(url, token, device)).byRecord.get(recordId);
  return updates === undefined ? null : (stateOf(updates)?.notes.map((n) => n.text) ?? []);
}

/** `relayEnv`: the relay's settings besides the harness's own (relay-processes.ts startRelay). */
export async function startRelayWorld(
  seed: number,
  relayEnv: Record<string, string> = {},
): Promise<RelayWorld> {
  const clock = createClock(Date.now());
  const random = seeded(seed);
  const d = await tempDir('patravali-district-');
  const r = await tempDir('patravali-relay-');
  const district = await startDistrict(d.path);
  const printed = await runAdminProcess(d.path, ['add-relay', 'VKN']);
  const relayKey = /relay key .*: (\S+)/.exec(printed)?.[1] ?? '';
  const wan = await startWanProxy(district.url);
  let relay = await startRelay(r.path, wan.origin, 'VKN', relayKey, relayEnv);
  const at: TestServer = {
    origin: () => relay.url,
    dataDir: r.path,
    restart: async () => undefined,
    close: async () => undefined,
  };
  const clerk = tablet(at, clock, random);
  const tehsildar = tablet(at, clock, random);
  const reader = deviceUuid(88);
  const readerToken = (await signIn(district.url, 'dm.dehradun', reader)).body.token;
  let fresh = 89;
  const world: RelayWorld = {
    clock,
    district,
    get relay() {
      return relay;
    },
    wan,
    districtDir: d.path,
    relayDir: r.path,
    clerk,
    tehsildar,
    stopRelay: (how) => (how === 'kill' ? relay.kill() : relay.stop()),
    async startRelay() {
      relay = await startRelay(r.path, wan.origin, 'VKN', relayKey, relayEnv);
    },
    async signedInTablet(username) {
      const t = tablet(at, clock, random);
      if (!(await t.signIn(username)).ok) throw new Error(`${username} cannot sign in`);
      if ((await t.sync()) !== 'synced') throw new Error(`${username} cannot sync at the relay`);
      return t;
    },
    districtAdmin: (args) => runAdminProcess(d.path, args),
    notesAtDistrict: (recordId) => notesAt(district.url, readerToken, reader, recordId),
    async notesAtRelay(recordId) {
      const device = deviceUuid(fresh++);
      const token = (await signIn(relay.url, 'clerk.vikasnagar', device)).body.token;
      return notesAt(relay.url, token, device, recordId);
    },
    async close() {
      await relay.stop();
      await district.stop();
      await wan.close();
      await r.remove();
      await d.remove();
    },
  };
  const signedIn = await clerk.signIn('clerk.vikasnagar');
  if (!signedIn.ok || signedIn.online !== true) throw new Error('the clerk cannot sign in');
  if (!(await tehsildar.signIn('tehsildar.vikasnagar')).ok)
    throw new Error('the tehsildar cannot sign in');
  for (const t of [clerk, tehsildar])
    if ((await t.sync()) !== 'synced') throw new Error('a tablet cannot sync at the relay');
  return world;
}
