import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Directory } from '@domain/directory.ts';
import { asOfficeId, asPersonId, type RecordId } from '@domain/ids.ts';
import { DEMO_DIRECTORY, DEMO_PASSWORD } from '../../sync-server/directory/demo-directory.ts';
import {
  addRelayKey,
  startDistrict,
  startRelay,
  tabletServer,
  type Child,
} from './relay-processes.ts';
import { deviceUuid, signIn, tempDir } from './server-harness.ts';
import { pullAll } from './server-sync-client.ts';
import { createClock, eventually } from './sync-harness.ts';
import { fileSentTo, seeded, tablet, type Tablet } from './tablet-harness.ts';

/**
 * The district's directory reaches a running office relay (relay-directory.ts): a
 * person the district's directory file gains after the relay started signs in at
 * the relay and works there after its next upstream run, with no restart of the
 * relay; a person it drops loses their session there and cannot sign in again; a
 * relay restarted while the district is down starts from the newest directory; and
 * a person transferred into the relay's office finds there the files sent to them
 * before (the relay pulls its scope again from the start).
 */

const NEW_CLERK = 'clerk2.vikasnagar';
const DROPPED = 'kanungo.vikasnagar';
const MOVED = 'clerk.chakrata';
const LATE = 'clerk.tyuni';

/** The demo district as a directory file, every person with the demo password. */
function directoryFile(people: Directory['people'], version: number) {
  const listed = new Set<string>(people.map((p) => p.id));
  return JSON.stringify({
    ...DEMO_DIRECTORY,
    version,
    offices: DEMO_DIRECTORY.offices.map((o) => ({
      ...o,
      ...(o.recipientGroups === undefined
        ? {}
        : {
            recipientGroups: o.recipientGroups
              .map((g) => ({ ...g, members: g.members.filter((m) => listed.has(m)) }))
              .filter((g) => g.members.length > 0),
          }),
    })),
    people: people.map((p) => ({ ...p, initialPassword: DEMO_PASSWORD })),
  });
}

describe("the district's directory reaches a running relay", () => {
  const clock = createClock(Date.now());
  const random = seeded(2607);
  const dirs: { remove: () => Promise<void> }[] = [];
  let districtDir = '';
  let relayDir = '';
  let file = '';
  let port = '';
  let key = '';
  let district: Child;
  let relay: Child;
  let clerk: Tablet;
  let kanungo: Tablet;
  let newClerk: Tablet;
  const reader = deviceUuid(94);
  let people: Directory['people'] = DEMO_DIRECTORY.people;

  const keptState = () =>
    JSON.parse(readFileSync(join(relayDir, 'relay-state.json'), 'utf8')) as {
      directory: Directory;
      cursor: number;
    };
  const keptDirectory = () => keptState().directory;
  // On the port it had: the relay's --upstream names it.
  const startDistrictHere = async () => {
    district = await startDistrict(districtDir, { PATRAVALI_DIRECTORY: file, PORT: port });
  };
  let readerToken = '';
  const atDistrict = async (recordId: RecordId) => {
    readerToken ||= (await signIn(district.url, 'dm.dehradun', reader)).body.token;
    return (await pullAll(district.url, readerToken, reader)).byRecord.has(recordId);
  };

  beforeAll(async () => {
    const d = await tempDir('patravali-district-');
    const r = await tempDir('patravali-relay-');
    dirs.push(d, r);
    districtDir = d.path;
    relayDir = r.path;
    file = join(districtDir, 'directory.json');
    await writeFile(file, directoryFile(DEMO_DIRECTORY.people, 1));
    port = '0';
    await startDistrictHere();
    port = new URL(district.url).port;
    key = await addRelayKey(districtDir, 'VKN');
    relay = await startRelay(relayDir, district.url, 'VKN', key);
    const at = tabletServer(() => relay, relayDir);
    clerk = tablet(at, clock, random);
    kanungo = tablet(at, clock, random);
    newClerk = tablet(at, clock, random);
    expect(await clerk.signIn('clerk.vikasnagar')).toMatchObject({ ok: true, online: true });
    expect(await kanungo.signIn(DROPPED)).toMatchObject({ ok: true, online: true });
    // A push judged before the change: the relay's judging worker holds the old directory.
    const first = await fileSentTo(clerk, 'खसरा 40 नामांतरण');
    for (const t of [clerk, kanungo]) expect(await t.sync()).toBe('synced');
    await eventually(() => atDistrict(first), 30_000);
  }, 120_000);
  afterAll(async () => {
    await relay?.stop();
    await district?.stop();
    for (const d of dirs) await d.remove();
  });

  it('a person added at the district signs in at the relay and works after its next run', async () => {
    expect(await newClerk.signIn(NEW_CLERK)).toMatchObject({ ok: false });

    const clerkHere = DEMO_DIRECTORY.people.find((p) => p.id === 'clerk.vikasnagar');
    if (clerkHere === undefined) throw new Error('the demo has no clerk at Vikasnagar');
    const added = {
      ...clerkHere,
      id: asPersonId(NEW_CLERK),
      name: { hi: 'सुनीता रावत', en: 'Sunita Rawat' },
    };
    people = [...DEMO_DIRECTORY.people.filter((p) => p.id !== DROPPED), added];
    await writeFile(file, directoryFile(people, 2));
    await district.stop();
    await startDistrictHere();
    // Logged once everything at the relay works with it (after the state file keeps it).
    const took =
      /took the district's directory \(version 1 -> 2\): added clerk2\.vikasnagar; transferred nobody; removed kanungo\.vikasnagar/;
    await eventually(async () => took.test(relay.output()), 30_000);
    expect(keptDirectory().version).toBe(2);

    expect(await newClerk.signIn(NEW_CLERK)).toMatchObject({ ok: true, online: true });
    expect(await newClerk.sync()).toBe('synced');
    // Checked at the relay against the new directory (its judging worker too), then at the district.
    const theirs = await fileSentTo(newClerk, 'खसरा 41 नामांतरण');
    expect(await newClerk.sync()).toBe('synced');
    await eventually(() => atDistrict(theirs), 30_000);
    expect(await clerk.sync()).toBe('synced');
  });

  it('a person the district dropped loses their session at the relay and cannot sign in', async () => {
    expect(await kanungo.sync()).toBe('signedOut');
    expect(await kanungo.signIn(DROPPED)).toMatchObject({ ok: false });
  });

  it('a relay restarted while the district is down starts from the newest directory', async () => {
    await district.stop();
    await relay.kill();
    relay = await startRelay(relayDir, district.url, 'VKN', key);
    expect(relay.output()).toMatch(/The district cannot be reached/);
    expect(await newClerk.sync()).toBe('synced');
    // Checked at the relay, without the district: not by the verifier it no longer holds.
    const dropped = await signIn(relay.url, DROPPED, deviceUuid(95));
    expect(dropped.status).toBe(503);
    expect(JSON.stringify(dropped.body)).toMatch(/is not one of this office's people/);
    await startDistrictHere();
  });

  it('a person transferred into the office finds at the relay what was sent to them before', async () => {
    // Sent at the district, within Chakrata: the relay's scope then, and its pull position, pass it by.
    const chakrata = tablet(
      tabletServer(() => district, districtDir),
      clock,
      random,
    );
    expect(await chakrata.signIn('tehsildar.chakrata')).toMatchObject({ ok: true });
    const before = await fileSentTo(chakrata, 'खसरा 77 सीमांकन', asPersonId(MOVED));
    expect(await chakrata.sync()).toBe('synced');
    expect(await atDistrict(before)).toBe(true);
    // A push of the office's after it: the relay's pull position passes both.
    const after = await fileSentTo(clerk, 'खसरा 78 नामांतरण');
    expect(await clerk.sync()).toBe('synced');
    await eventually(() => atDistrict(after), 30_000);
    const { headSeq } = await pullAll(district.url, readerToken, reader);
    await eventually(async () => keptState().cursor >= headSeq, 30_000);

    const vkn = asOfficeId('vikasnagar');
    people = people.map((p) => (p.id === MOVED ? { ...p, office: vkn } : p));
    await writeFile(file, directoryFile(people, 3));
    await district.stop();
    await startDistrictHere();
    const took =
      /took the district's directory \(version 2 -> 3\): added nobody; transferred clerk\.chakrata \(chakrata -> vikasnagar\); removed nobody; pulls the office's files again/;
    await eventually(async () => took.test(relay.output()), 30_000);
    expect(keptDirectory().version).toBe(3);
    const device = deviceUuid(96);
    const moved = await signIn(relay.url, MOVED, device);
    expect(moved.status).toBe(201);
    // The relay pulled its scope again, up to where it was (kept after what it pulled is stored).
    await eventually(async () => keptState().cursor >= headSeq, 30_000);
    expect((await pullAll(relay.url, moved.body.token, device)).byRecord.has(before)).toBe(true);
  });

  it('a person transferred while the relay was off finds there what was sent to them before', async () => {
    // Sent at the district to Tyuni's clerk: outside the relay's scope, its position passes it.
    const chakrata = tablet(
      tabletServer(() => district, districtDir),
      clock,
      random,
    );
    expect(await chakrata.signIn('tehsildar.chakrata')).toMatchObject({ ok: true });
    const before = await fileSentTo(chakrata, 'खसरा 79 सीमांकन', asPersonId(LATE));
    expect(await chakrata.sync()).toBe('synced');
    const after = await fileSentTo(clerk, 'खसरा 80 नामांतरण');
    expect(await clerk.sync()).toBe('synced');
    await eventually(() => atDistrict(after), 30_000);
    const { headSeq } = await pullAll(district.url, readerToken, reader);
    await eventually(async () => keptState().cursor >= headSeq, 30_000);

    // The relay is off while the district's directory moves the clerk to Vikasnagar.
    await relay.kill();
    const vkn = asOfficeId('vikasnagar');
    people = people.map((p) => (p.id === LATE ? { ...p, office: vkn } : p));
    await writeFile(file, directoryFile(people, 4));
    await district.stop();
    await startDistrictHere();
    relay = await startRelay(relayDir, district.url, 'VKN', key);
    expect(relay.output()).toMatch(/joined the office while the relay was off/);
    expect(keptDirectory().version).toBe(4);
    const device = deviceUuid(97);
    const late = await signIn(relay.url, LATE, device);
    expect(late.status).toBe(201);
    await eventually(async () => keptState().cursor >= headSeq, 30_000);
    expect((await pullAll(relay.url, late.body.token, device)).byRecord.has(before)).toBe(true);
  });
});
