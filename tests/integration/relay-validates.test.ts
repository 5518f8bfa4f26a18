import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEvent } from '@domain/events.ts';
import { asPersonId, type RecordId } from '@domain/ids.ts';
import { testKey } from '../unit/doc/signing-keys.ts';
import { startRelayWorld, type RelayWorld } from './relay-processes.ts';
import { deviceUuid } from './server-harness.ts';
import { pullAll, stateOf, sync } from './server-sync-client.ts';
import { eventually } from './sync-harness.ts';
import {
  CLERK,
  noting,
  OTHER,
  signedFile,
  signInWith,
  stamped,
  TABLET,
  TEHSILDAR,
} from './signed-client.ts';

/**
 * An office relay judges its tablets' pushes with the district's code (decision
 * 0010), on real processes: the district (requiring signatures, as the relay
 * always does), Vikasnagar's relay and the WAN between them. What the relay
 * refuses it refuses with the reason the district gives the same update, stores
 * nothing of and forwards nothing of. And it gives each of its tablets what its
 * person may see: a confidential file on the tehsildar's access list alone does
 * not reach the clerk's tablet at the relay.
 */

const CKT_CLERK = asPersonId('clerk.chakrata');
const CKT_TABLET = deviceUuid(42);

describe('an office relay judges its tablets’ pushes as the district does', () => {
  let world: RelayWorld;
  const clerkKey = testKey(CLERK, TABLET);
  const tehsildarKey = testKey(TEHSILDAR, OTHER);
  const chakrataKey = testKey(CKT_CLERK, CKT_TABLET);
  const file = signedFile(clerkKey);
  let clerk = '';
  let tehsildar = '';
  let districtClerk = '';
  let reader = '';
  const DISTRICT_CLERK = deviceUuid(43);
  const READER = deviceUuid(49);

  /** The notings of the record as `token`'s person pulls it from `url` (null: not there). */
  const notes = async (url: string, token: string, device: string, id: RecordId) => {
    const updates = (await pullAll(url, token, device)).byRecord.get(id);
    return updates === undefined ? null : (stateOf(updates)?.notes.map((n) => n.text) ?? []);
  };
  const atDistrict = (id: RecordId) => notes(world.district.url, reader, READER, id);
  const atRelay = (id: RecordId) => notes(world.relay.url, tehsildar, OTHER, id);
  /** One update pushed under `token`'s session: the acks and the refusals' reasons and details. */
  const answer = async (
    url: string,
    token: string,
    device: string,
    id: RecordId,
    u: Uint8Array,
  ) => {
    const r = (await sync(url, token, device, 0, [{ ref: 1, recordId: id, update: u }])).response;
    return { acks: r.acks, refusals: r.refusals.map((x) => [x.reason, x.detail]) };
  };
  /** The relay's own session at the district, as its state file keeps it. */
  const relaySession = () =>
    JSON.parse(readFileSync(join(world.relayDir, 'relay-state.json'), 'utf8')) as {
      token: string;
      deviceId: string;
    };

  beforeAll(async () => {
    world = await startRelayWorld({}, { PATRAVALI_REQUIRE_SIGNATURES: '1' });
    const c = await signInWith(world.relay.url, 'clerk.vikasnagar', TABLET, clerkKey);
    const t = await signInWith(world.relay.url, 'tehsildar.vikasnagar', OTHER, tehsildarKey);
    const d = await signInWith(world.district.url, 'clerk.vikasnagar', DISTRICT_CLERK, null);
    const k = await signInWith(world.district.url, 'clerk.chakrata', CKT_TABLET, chakrataKey);
    const r = await signInWith(world.district.url, 'dm.dehradun', READER, null);
    expect([c.status, t.status, d.status, k.status, r.status]).toEqual([201, 201, 201, 201, 201]);
    clerk = c.body.token;
    tehsildar = t.body.token;
    districtClerk = d.body.token;
    reader = r.body.token;
    const first = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'पहली'));
    const made = await sync(world.relay.url, clerk, TABLET, 0, [
      { ref: 1, recordId: file.meta.id, update: file.update },
      { ref: 2, recordId: file.meta.id, update: file.append(first) },
    ]);
    expect(made.response.acks).toEqual([1, 2]);
    await eventually(async () => (await atDistrict(file.meta.id))?.length === 1, 60_000);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('refuses an unsigned, an altered, another office’s and an out-of-scope push with the district’s reasons, storing and forwarding none', async () => {
    const signed = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'अस्वीकृत'));
    const theirs = chakrataKey.signEvent(
      file.meta,
      file.events,
      noting(CKT_CLERK, CKT_TABLET, 'दूसरे कार्यालय से'),
    );
    const chakrataFile = signedFile(clerkKey, TABLET, { id: 'chakrata', code: 'CKT' });
    // Each is asked of the district as it would judge it: an unsigned noting from
    // its author's own session (from the relay's, which may vouch for nothing, it is
    // actorMismatch); the rest as the relay would forward them, from the relay's session.
    const cases: [string, RecordId, Uint8Array, 'own' | 'relay', string][] = [
      [
        'unsigned',
        file.meta.id,
        file.attempt(noting(CLERK, TABLET, 'बिना हस्ताक्षर')),
        'own',
        'unsigned',
      ],
      [
        'altered',
        file.meta.id,
        file.attempt(Object.assign({}, signed, { text: 'स्वीकृत' })),
        'relay',
        'signatureInvalid',
      ],
      ['of Chakrata', file.meta.id, file.attempt(theirs), 'relay', 'actorMismatch'],
      ['outside', chakrataFile.meta.id, chakrataFile.update, 'relay', 'outOfScope'],
    ];
    for (const [name, id, update, asked, reason] of cases) {
      const relay = await answer(world.relay.url, clerk, TABLET, id, update);
      const { token, deviceId } =
        asked === 'own' ? { token: districtClerk, deviceId: DISTRICT_CLERK } : relaySession();
      const district = await answer(world.district.url, token, deviceId, id, update);
      expect({ name, ...relay }).toEqual({ name, ...district });
      expect({ name, reasons: relay.refusals.map(([r]) => r) }).toEqual({
        name,
        reasons: [reason],
      });
    }
    expect(await atRelay(file.meta.id)).toEqual(['पहली']);
    expect(await atRelay(chakrataFile.meta.id)).toBeNull();
    // The clerk's next noting reaches the district: nothing refused went before it.
    const next = clerkKey.signEvent(file.meta, file.events, noting(CLERK, TABLET, 'दूसरी'));
    expect(
      (await answer(world.relay.url, clerk, TABLET, file.meta.id, file.append(next))).acks,
    ).toEqual([1]);
    await eventually(async () => (await atDistrict(file.meta.id))?.length === 2, 60_000);
    expect(await atDistrict(file.meta.id)).toEqual(['पहली', 'दूसरी']);
    expect(await atDistrict(chakrataFile.meta.id)).toBeNull();
    expect(world.relay.output()).not.toMatch(/refused/);
  });

  it('gives a confidential file on the tehsildar’s access list alone to her tablet, not the clerk’s', async () => {
    const graded = (key: typeof tehsildarKey, device: string) => {
      const f = signedFile(key, device);
      const grade = stamped(TEHSILDAR, device, { type: 'gradeChanged', grade: 'confidential' });
      const update = f.append(key.signEvent(f.meta, f.events, grade as RecordEvent));
      return { id: f.meta.id, updates: [f.update, update] };
    };
    const push = async (url: string, token: string, device: string, f: ReturnType<typeof graded>) =>
      (
        await sync(
          url,
          token,
          device,
          0,
          f.updates.map((update, i) => ({ ref: i + 1, recordId: f.id, update })),
        )
      ).response.acks;
    // One made at the relay, on her tablet; one at the district, on another, which the relay pulls.
    const here = graded(tehsildarKey, OTHER);
    expect(await push(world.relay.url, tehsildar, OTHER, here)).toEqual([1, 2]);
    const DISTRICT_TABLET = deviceUuid(44);
    const districtKey = testKey(TEHSILDAR, DISTRICT_TABLET);
    const s = await signInWith(
      world.district.url,
      'tehsildar.vikasnagar',
      DISTRICT_TABLET,
      districtKey,
    );
    const there = graded(districtKey, DISTRICT_TABLET);
    expect(await push(world.district.url, s.body.token, DISTRICT_TABLET, there)).toEqual([1, 2]);
    await eventually(async () => (await atRelay(there.id)) !== null, 60_000);
    expect(await atRelay(here.id)).toEqual([]);
    const clerkHas = (await pullAll(world.relay.url, clerk, TABLET)).byRecord;
    expect(clerkHas.has(file.meta.id)).toBe(true);
    expect([clerkHas.has(here.id), clerkHas.has(there.id)]).toEqual([false, false]);
  });
});
