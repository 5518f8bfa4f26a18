import { describe, expect, it } from 'vitest';
import { asOfficeId } from '@domain/ids.ts';
import { isOverdue, pendingDays } from '@domain/pendency.ts';
import { CATEGORIES } from '@domain/record.ts';
import { checkPulled } from '@doc/check-pulled.ts';
import { loadRecordDoc, newRecordYDoc, readEvents, readRecordState } from '@doc/record-doc.ts';
import { verifyBytes } from '@doc/verify-bytes.ts';
import type { DeviceKey } from '@doc/verify-signed.ts';
import { DEMO_DIRECTORY } from '../../../sync-server/directory/demo-directory.ts';
import {
  DEMO_SEED,
  buildDemo,
  buildDemoRecords,
  startOfIndianDay,
} from '../../../sync-server/demo/demo-seed.ts';
import { demoSigners } from '../../../sync-server/demo/demo-signer.ts';
import { createDocRules } from '../../../sync-server/sync/doc-rules.ts';

/** The demo district's records, built from the fixed seed, as a classroom sees them. */

const NOW = Date.UTC(2026, 3, 1, 10, 0, 0); // 15:30 in India
const DAY = 24 * 60 * 60 * 1000;
const deviceNumbers = new Map(['vikasnagar', 'chakrata', 'tyuni'].map((o) => [asOfficeId(o), 1]));

function build(now = NOW) {
  return buildDemoRecords({
    rules: createDocRules(() => now),
    directory: DEMO_DIRECTORY,
    deviceNumbers,
    signers: demoSigners(DEMO_DIRECTORY, DEMO_SEED),
    now,
  });
}

const states = (now = NOW) =>
  build(now).map((item) => {
    const state = readRecordState(loadRecordDoc([item.update]), now);
    if (state === null) throw new Error(`${item.recordId} does not fold`);
    return state;
  });

describe('demo district records', () => {
  // Two whole demo districts, signed: 5 s alone, over 30 s with the machine saturated (a
  // full run beside other work). Nothing in it is timed.
  it(
    'are the same bytes every time for the same day, and different ids never collide',
    {
      timeout: 120_000,
    },
    () => {
      const a = build();
      const b = build(NOW + 3 * 60 * 60 * 1000); // later the same day
      expect(b.map((i) => i.update)).toEqual(a.map((i) => i.update));
      expect(new Set(a.map((i) => i.recordId)).size).toBe(a.length);
      expect(new Set(a.map((i) => i.summary?.number)).size).toBe(a.length);
    },
  );

  it("are signed with each person's demo device key, and a tablet verifies every item", () => {
    const { items, devices } = buildDemo({
      rules: createDocRules(() => NOW),
      directory: DEMO_DIRECTORY,
      deviceNumbers,
      signers: demoSigners(DEMO_DIRECTORY, DEMO_SEED),
      now: NOW,
    });
    const keys = new Map<string, DeviceKey>(
      devices.map(({ person, device, signer }) => [
        signer.keyId,
        {
          id: signer.keyId,
          person,
          device,
          algorithm: 'Ed25519',
          publicKey: signer.publicKey,
          revokedAt: null,
        },
      ]),
    );
    // One key per person, the same every time (so the records stay byte-identical).
    expect(keys.size).toBe(DEMO_DIRECTORY.people.length);
    expect([...demoSigners(DEMO_DIRECTORY, DEMO_SEED).values()].map((s) => s.keyId).sort()).toEqual(
      [...keys.keys()].sort(),
    );
    let verified = 0;
    let itemsSigned = 0;
    for (const item of items) {
      // What a tablet does with a pulled record (src/storage/sync/pull-check.ts).
      const checked = checkPulled(newRecordYDoc(), item.recordId, item.update, (id) =>
        keys.get(id),
      );
      if (!checked.ok) throw new Error(`${item.recordId}: ${checked.error.reason}`);
      expect(checked.value.attested).toEqual([]); // nothing stands on the server's word alone
      itemsSigned += 1 + readEvents(loadRecordDoc([item.update])).length; // meta and each event
      for (const job of checked.value.jobs) {
        expect(verifyBytes(job.algorithm, job.publicKey, job.message, job.sig)).toBe(true);
        verified++;
      }
    }
    expect(verified).toBe(itemsSigned);
    // A key the tablet does not know is refused, so the check above could fail.
    const [first] = items;
    if (first === undefined) throw new Error('no demo records');
    expect(checkPulled(newRecordYDoc(), first.recordId, first.update, () => undefined).ok).toBe(
      false,
    );
  });

  it('hold about 60 files across every head and all three tehsils, and 10 letters at the desk', () => {
    const all = states();
    const files = all.filter((s) => s.meta.kind === 'file');
    const dak = all.filter((s) => s.meta.kind === 'receipt');
    expect(files.length).toBeGreaterThanOrEqual(55);
    expect(files.length).toBeLessThanOrEqual(65);
    expect(new Set(files.map((s) => s.meta.category))).toEqual(new Set(CATEGORIES));
    expect(new Set(files.map((s) => s.meta.office))).toEqual(
      new Set(['vikasnagar', 'chakrata', 'tyuni']),
    );
    expect(dak).toHaveLength(10);
    for (const r of dak) {
      expect(r.letter).not.toBeNull();
      expect(r.inFile).toBeNull();
      expect(r.holder).toBe(r.meta.createdBy);
    }
  });

  it('have 1 to 6 Hindi notings per file, every event valid and none in conflict', () => {
    for (const s of states()) {
      expect(s.conflicts).toEqual([]);
      if (s.meta.kind !== 'file') continue;
      expect(s.notes.length).toBeGreaterThanOrEqual(1);
      expect(s.notes.length).toBeLessThanOrEqual(6);
      for (const n of s.notes) expect(n.text).toMatch(/[\u0900-\u097F]/);
      expect(s.meta.subject).toMatch(/[\u0900-\u097F]/);
    }
  });

  it('spread over the last two months, dated before now, so pendency looks real', () => {
    const all = states();
    const today = new Date(startOfIndianDay(NOW) + 5.5 * 60 * 60 * 1000).toISOString().slice(0, 10);
    for (const s of all) {
      expect(s.lastActivity).toBeLessThan(NOW);
      expect(NOW - s.hops[0]!.since).toBeLessThanOrEqual(62 * DAY);
    }
    const pending = all.filter((s) => s.status !== 'closed');
    const stuck = pending.filter(
      (s) => s.holder.startsWith('tehsildar.') && pendingDays(s, NOW) >= 20,
    );
    expect(stuck.length).toBeGreaterThanOrEqual(5);
    expect(pending.filter((s) => isOverdue(s, today)).length).toBeGreaterThanOrEqual(5);
    expect(pending.filter((s) => s.awaitingOpen).length).toBeGreaterThanOrEqual(3);
    expect(all.filter((s) => s.status === 'closed').length).toBeGreaterThanOrEqual(3);
    expect(all.filter((s) => s.status === 'parked').length).toBeGreaterThanOrEqual(3);
    const movedByMany = all.filter((s) => new Set(s.participants).size >= 3);
    expect(movedByMany.length).toBeGreaterThanOrEqual(10);
  });

  it('give each record its projection and an access list of everyone it reached', () => {
    for (const item of build()) {
      const state = readRecordState(loadRecordDoc([item.update]), NOW);
      expect(item.summary?.holder).toBe(state?.holder);
      expect(item.access).toEqual([...(state?.participants ?? [])].sort());
      expect(item.office).toBe(state?.meta.office);
    }
  });
});
