import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { blobPath } from '@protocol/attachments.ts';
import { currentSession } from '@storage/session/session.ts';
import { fakeJpeg, newReceiptWithScan, uploaderFor } from './attachments-helpers.ts';
import { startRelayWorld, tabletServer, type RelayWorld } from './relay-processes.ts';
import { bearer, deviceUuid, signIn } from './server-harness.ts';
import { createClock, eventually } from './sync-harness.ts';
import { seeded, tablet, type Tablet } from './tablet-harness.ts';

/**
 * Scans cross between an office relay and the district (issue 18; decision 0010,
 * amendment 3), on real processes: the district, Vikasnagar's relay and the WAN
 * between them. A scan the clerk attaches at the relay while the WAN is down
 * reaches the district once it is back, though the relay was killed meanwhile;
 * one attached at the district is at the relay after a tablet there asked for it
 * once, though the relay was killed while fetching it over a 2G link; one whose
 * bytes at the district do not match its name is refused by the relay, not stored.
 */

const RELAY_ENV = { PATRAVALI_RELAY_TIMEOUT_MS: '5000', PATRAVALI_RELAY_BACKOFF_MS: '400' };
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('scans cross between the office relay and the district', () => {
  const clock = createClock(Date.now());
  const random = seeded(1818);
  let world: RelayWorld;
  /** At the relay. */
  let clerk: Tablet;
  /** In the field, on mobile data straight to the district. */
  let kanungo: Tablet;
  let dmToken = '';

  const tokenOf = async (t: Tablet): Promise<string> => (await currentSession(t.db))?.token ?? '';
  /** A receipt with a scan of `bytes` made on `t`, synced, and the scan uploaded to `origin`. */
  async function receiptWithScan(t: Tablet, origin: string, bytes: Uint8Array) {
    const made = await newReceiptWithScan({ ctx: await t.context() }, bytes);
    expect(await t.sync()).toBe('synced');
    const uploader = uploaderFor({ db: t.db, token: await tokenOf(t) }, origin, random);
    expect((await uploader.runOnce()).get(made.sha256)).toBe('done');
    return made;
  }
  const getScan = (origin: string, token: string, scan: { id: RecordId; sha256: string }) =>
    fetch(origin + blobPath(scan.sha256, scan.id), { headers: bearer(token) });
  /** The scan's bytes as `origin` serves them to `token`, or its status. */
  const scanAt = async (origin: string, token: string, scan: { id: RecordId; sha256: string }) => {
    const res = await getScan(origin, token, scan);
    return res.ok ? sha(new Uint8Array(await res.arrayBuffer())) : res.status;
  };
  /** Until the clerk's tablet has the record from the district (through the relay). */
  const atClerk = (id: RecordId) =>
    eventually(async () => {
      expect(await clerk.sync()).toBe('synced');
      return (await clerk.db.records.get(id)) !== undefined;
    }, 60_000);
  /** Scans part-fetched from the district (the tablets' own unfinished uploads aside). */
  const partials = () =>
    readdirSync(join(world.relayDir, 'uploads')).filter((n) => n.startsWith('district-'));
  const atRelay = (sha256: string) => existsSync(join(world.relayDir, 'blobs', sha256));

  beforeAll(async () => {
    world = await startRelayWorld(RELAY_ENV);
    clerk = tablet(
      tabletServer(() => world.relay, world.relayDir),
      clock,
      random,
    );
    kanungo = tablet({ ...tabletServer(() => world.district, world.districtDir) }, clock, random);
    expect(await clerk.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await kanungo.signIn('kanungo.vikasnagar')).toMatchObject({ ok: true });
    dmToken = (await signIn(world.district.url, 'dm.dehradun', deviceUuid(93))).body.token;
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('a scan attached at the relay while the WAN is down reaches the district once it is back', async () => {
    world.wan.cut();
    const bytes = fakeJpeg(400_000, random);
    const scan = await receiptWithScan(clerk, world.relay.url, bytes);
    // Killed while the WAN is down: the blob directory is all it keeps of the scan.
    await world.restartRelay();
    expect(await scanAt(world.district.url, dmToken, scan)).toBe(404);
    world.wan.restore();
    await eventually(async () => (await scanAt(world.district.url, dmToken, scan)) !== 404, 60_000);
    expect(await scanAt(world.district.url, dmToken, scan)).toBe(sha(bytes));
    expect(world.relay.output()).toContain(`relay: scan ${scan.sha256} sent to the district`);
  });

  it('a scan attached at the district is at the relay after a tablet there asked once', async () => {
    const bytes = fakeJpeg(700_000, random);
    const scan = await receiptWithScan(kanungo, world.district.url, bytes);
    await atClerk(scan.id);
    const token = await tokenOf(clerk);
    // Not mirrored: only asked for.
    expect(atRelay(scan.sha256)).toBe(false);
    // The WAN is 2G; the relay is killed while the scan comes down, its first part kept.
    world.wan.trickle(512, 20);
    expect(await scanAt(world.relay.url, token, scan)).toBe(404);
    const partSize = () => partials().map((n) => statSync(join(world.relayDir, 'uploads', n)).size);
    await eventually(async () => (partSize()[0] ?? 0) > 0, 60_000);
    await world.restartRelay();
    world.wan.restore();
    expect(atRelay(scan.sha256)).toBe(false);
    // What the killed relay had written stays, untouched until a tablet asks again.
    const kept = partSize()[0] ?? 0;
    expect(kept).toBeGreaterThan(0);
    const sent = world.wan.record();
    // The tablet's next pass asks again, once; the relay goes on from the part it kept.
    expect(await scanAt(world.relay.url, token, scan)).toBe(404);
    await eventually(async () => atRelay(scan.sha256), 60_000);
    expect(await scanAt(world.relay.url, token, scan)).toBe(sha(bytes));
    expect(partials()).toEqual([]);
    const asked = sent()
      .map((c) => c.bytes.toString('latin1'))
      .join('');
    expect(asked.toLowerCase()).toContain(`range: bytes=${kept}-`);
    expect(asked.toLowerCase()).not.toContain('range: bytes=0-');
  });

  it('a scan whose bytes at the district do not match its name is refused at the relay, not stored', async () => {
    const bytes = fakeJpeg(50_000, random);
    const scan = await receiptWithScan(kanungo, world.district.url, bytes);
    // The district's copy damaged (a disk fault, or someone at the district): other bytes.
    writeFileSync(join(world.districtDir, 'blobs', scan.sha256), fakeJpeg(50_000, random));
    await atClerk(scan.id);
    const token = await tokenOf(clerk);
    expect(await scanAt(world.relay.url, token, scan)).toBe(404);
    await eventually(async () =>
      world.relay.output().includes(`relay: refused scan ${scan.sha256} from the district`),
    );
    expect(atRelay(scan.sha256)).toBe(false);
    expect(partials()).toEqual([]);
    expect(await scanAt(world.relay.url, token, scan)).toBe(404);
  });
});
