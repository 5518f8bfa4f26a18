import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEvent } from '@domain/events.ts';
import { asPersonId, type PersonId } from '@domain/ids.ts';
import { testKey } from '../unit/doc/signing-keys.ts';
import { startTestServer, tempDir, type TestServer } from './server-harness.ts';
import { pullAll } from './server-sync-client.ts';
import { CLERK, OTHER, signInWith, stamped, TABLET, TEHSILDAR } from './signed-client.ts';
import {
  approvedLetter,
  loggedEntry,
  pulledEntries,
  push,
  type Signer,
} from './register-client.ts';

/**
 * The running dispatch register against a real server on SQLite
 * (docs/decisions/0008-running-register.md). Vikasnagar keeps one in the demo
 * directory, Chakrata does not. Each accepted dispatch of Vikasnagar gets the
 * year's next serial exactly once — not again on a re-push, not skipped or repeated
 * by two tablets pushing at once, kept across a restart — and it reaches the
 * devices that receive the dispatch, and no others. A device that tries to set one
 * is refused (`registerNumberForged`) and nothing is stored.
 */

const NAIB = asPersonId('naib.vikasnagar');
const CKT_CLERK = asPersonId('clerk.chakrata');
const CKT_TEHSILDAR = asPersonId('tehsildar.chakrata');

describe('running dispatch register', () => {
  const data = tempDir('patravali-register-');
  let dir: string;
  let server: TestServer;
  const people: Record<string, Signer> = {};

  async function signer(person: PersonId, device: string): Promise<Signer> {
    const key = testKey(person, device);
    const r = await signInWith(server.url, person, device, key);
    expect(r.status).toBe(201);
    return { person, key, session: { token: r.body.token, deviceId: device, body: r.body } };
  }

  async function signAll() {
    people['clerk'] = await signer(CLERK, TABLET);
    people['tehsildar'] = await signer(TEHSILDAR, TABLET);
    people['tehsildarOther'] = await signer(TEHSILDAR, OTHER);
    people['naib'] = await signer(NAIB, TABLET);
    people['cktClerk'] = await signer(CKT_CLERK, TABLET);
    people['cktTehsildar'] = await signer(CKT_TEHSILDAR, TABLET);
  }
  const p = (name: string): Signer => {
    const s = people[name];
    if (s === undefined) throw new Error(`no session ${name}`);
    return s;
  };

  beforeAll(async () => {
    dir = (await data).path;
    server = await startTestServer({ PATRAVALI_REQUIRE_SIGNATURES: '1' }, dir);
    await signAll();
  });
  afterAll(async () => {
    await server.stop();
    await (await data).remove();
  });

  it('numbers an accepted dispatch once: the ack carries it, a re-push gets no second one', async () => {
    const l = await approvedLetter(server, p('clerk'), p('tehsildar'));
    const first = await push(server, p('tehsildar').session, l.file.meta.id, l.update);
    expect(first.acks).toEqual([1]);
    const number = loggedEntry(first, l.dispatch.id)?.register;
    expect(number).toEqual({ year: 2026, serial: expect.any(Number) as number });
    // The same update again (a retry after a lost response), and the whole state (a replay).
    const again = await push(server, p('tehsildar').session, l.file.meta.id, l.update);
    expect(again.acks).toEqual([1]);
    await push(server, p('tehsildarOther').session, l.file.meta.id, l.file.state());
    expect((await pulledEntries(server, p('clerk').session)).get(l.dispatch.id)?.register).toEqual(
      number,
    );
    // The next dispatch takes the next serial: the re-push skipped none.
    const next = await approvedLetter(server, p('clerk'), p('tehsildar'));
    const r = await push(server, p('tehsildar').session, next.file.meta.id, next.update);
    expect(loggedEntry(r, next.dispatch.id)?.register).toEqual({
      year: 2026,
      serial: (number?.serial ?? 0) + 1,
    });
  });

  it('gives two tablets pushing at once distinct, consecutive serials', async () => {
    const a = await approvedLetter(server, p('clerk'), p('tehsildar'));
    const b = await approvedLetter(server, p('clerk'), p('tehsildarOther'));
    const [ra, rb] = await Promise.all([
      push(server, p('tehsildar').session, a.file.meta.id, a.update),
      push(server, p('tehsildarOther').session, b.file.meta.id, b.update),
    ]);
    const serials = [
      loggedEntry(ra, a.dispatch.id)?.register?.serial ?? 0,
      loggedEntry(rb, b.dispatch.id)?.register?.serial ?? 0,
    ].sort((x, y) => x - y);
    expect(serials[0]).toBeGreaterThan(0);
    expect(serials[1]).toBe((serials[0] ?? 0) + 1);
  });

  it('starts each calendar year at 1, by the date of the dispatch', async () => {
    const l = await approvedLetter(server, p('clerk'), p('tehsildar'), { date: '2027-01-02' });
    const r = await push(server, p('tehsildar').session, l.file.meta.id, l.update);
    expect(loggedEntry(r, l.dispatch.id)?.register).toEqual({ year: 2027, serial: 1 });
  });

  it('gives no number in an office without a running register', async () => {
    const l = await approvedLetter(server, p('cktClerk'), p('cktTehsildar'), {
      office: { id: 'chakrata', code: 'CKT' },
      number: 'CKT/DSP/2026/3-5(I)',
    });
    const r = await push(server, p('cktTehsildar').session, l.file.meta.id, l.update);
    expect(r.acks).toEqual([1]);
    expect(loggedEntry(r, l.dispatch.id)).toMatchObject({ eventId: l.dispatch.id });
    expect(loggedEntry(r, l.dispatch.id)?.register).toBeUndefined();
  });

  it("delivers a confidential letter's number to its access list only", async () => {
    const confidential = (clerk: PersonId, device: string): RecordEvent[] => [
      stamped(clerk, device, { type: 'gradeChanged', grade: 'confidential' }),
    ];
    const l = await approvedLetter(server, p('clerk'), p('tehsildar'), { before: confidential });
    const r = await push(server, p('tehsildar').session, l.file.meta.id, l.update);
    const number = loggedEntry(r, l.dispatch.id)?.register;
    expect(number?.serial).toBeGreaterThan(0);
    // The clerk is on the list (creator): their device receives the number with the dispatch.
    expect((await pulledEntries(server, p('clerk').session)).get(l.dispatch.id)?.register).toEqual(
      number,
    );
    // The naib tehsildar of the same office is not: nothing of the record, nor its number.
    const naib = await pulledEntries(server, p('naib').session);
    expect(naib.has(l.dispatch.id)).toBe(false);
    expect(naib.has(l.file.meta.id)).toBe(false);
  });

  it('refuses a device that sets a register number itself, and stores nothing', async () => {
    const l = await approvedLetter(server, p('clerk'), p('tehsildar'));
    const stored = async () =>
      (
        await pullAll(server.url, p('clerk').session.token, p('clerk').session.deviceId)
      ).byRecord.get(l.file.meta.id);
    const before = await stored();
    const forgeries: RecordEvent[] = [
      { ...l.dispatch, register: { year: 2026, serial: 1 } } as unknown as RecordEvent,
      { ...l.dispatch, registerNumber: 'VKN/DR/2026/1' } as unknown as RecordEvent,
      l.sign(p('tehsildar').key, { ...l.dispatch, number: 'VKN/DR/2026/1' } as RecordEvent),
    ];
    for (const forged of forgeries) {
      const r = await push(server, p('tehsildar').session, l.file.meta.id, l.file.attempt(forged));
      expect(r.acks).toEqual([]);
      expect(r.refusals.map((x) => x.reason)).toEqual(['registerNumberForged']);
    }
    expect(await stored()).toEqual(before);
    // The honest dispatch still goes through afterwards, numbered.
    const ok = await push(server, p('tehsildar').session, l.file.meta.id, l.update);
    expect(loggedEntry(ok, l.dispatch.id)?.register?.serial).toBeGreaterThan(0);
  });

  it('keeps every number across a restart, and goes on from the last', async () => {
    const l = await approvedLetter(server, p('clerk'), p('tehsildar'));
    const r = await push(server, p('tehsildar').session, l.file.meta.id, l.update);
    const number = loggedEntry(r, l.dispatch.id)?.register;
    const all = await pulledEntries(server, p('clerk').session);
    await server.stop();
    server = await startTestServer({ PATRAVALI_REQUIRE_SIGNATURES: '1' }, dir);
    await signAll();
    expect(await pulledEntries(server, p('clerk').session)).toEqual(all);
    const next = await approvedLetter(server, p('clerk'), p('tehsildar'));
    const r2 = await push(server, p('tehsildar').session, next.file.meta.id, next.update);
    expect(loggedEntry(r2, next.dispatch.id)?.register).toEqual({
      year: 2026,
      serial: (number?.serial ?? 0) + 1,
    });
  });
});
