import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import { saveDeviceKeys } from '@storage/session/device-keys.ts';
import { listPullProblems } from '@storage/sync/pull-problems.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { createJobVerifier } from '@storage/sync/verify-jobs.ts';
import { attestedByServer, checkPulled } from '@doc/check-pulled.ts';
import { newRecordYDoc, readEvents } from '@doc/record-doc.ts';
import { loadRecordDoc } from '@storage/db/record-store.ts';
import type { RecordEvent } from '@domain/events.ts';
import { CLERK, T0, TEHSILDAR, meta, note } from '../domain/builders.ts';
import { appendTo, createdState } from '../doc/helpers.ts';
import { keyring, testKey } from '../doc/signing-keys.ts';

/**
 * The device store's side of checking pulls: unsigned items are stored and
 * read as attested by the server, a failing update is held back with its problem and
 * stored once what it lacked (a key) is known; signatures verify with
 * WebCrypto or, without it, @noble/curves, with the same answers.
 */

const dbs: PatravaliDb[] = [];
const newDb = (): PatravaliDb => {
  const db = openDb(`pull-check-${dbs.length}-${Math.random()}`);
  dbs.push(db);
  return db;
};
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const clerk = testKey(CLERK, 'dev-a', 'P-256');
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const listed = {
  id: clerk.key.id,
  person: CLERK,
  device: clerk.key.device,
  algorithm: clerk.key.algorithm,
  publicKey: b64(clerk.key.publicKey),
  revokedAt: null,
};

describe('pulled updates on the device', () => {
  it('stores unsigned items, which read as attested by the server', async () => {
    const db = newDb();
    const plain = meta('file', TEHSILDAR);
    const old = note(5, TEHSILDAR, T0 + 5);
    await createSyncPort(db).applyIncoming(
      [{ seq: 1, recordId: plain.id, update: createdState(plain, [old]) }],
      1,
    );
    const doc = await loadRecordDoc(db, plain.id);
    const stored = { meta: plain, events: readEvents(doc) };
    expect(attestedByServer(stored)).toEqual(['meta', old.id]);
    expect(await db.pullChecks.count()).toBe(0);
  });

  it('holds back an update signed by a key it does not know, and stores it once it does', async () => {
    const db = newDb();
    const port = createSyncPort(db);
    const m = clerk.signMeta(meta());
    const state = createdState(m, [clerk.signEvent(m, [], note(1, CLERK, T0 + 1))]);
    const report = await port.applyIncoming([{ seq: 1, recordId: m.id, update: state }], 1);
    expect(report).toEqual({ refused: 1, unknownKeys: true });
    expect(await db.updates.count()).toBe(0);
    expect((await listPullProblems(db)).map((p) => p.problem)).toEqual(['unknownKey']);
    await port.saveDeviceKeys?.([listed]);
    expect(await port.recheckHeld?.()).toEqual({ refused: 0, unknownKeys: false });
    expect(await listPullProblems(db)).toEqual([]);
    expect(await db.records.get(m.id)).toMatchObject({ number: m.number });
  });

  it('a later update of a held record is checked after what is held, and held with it', async () => {
    const db = newDb();
    await saveDeviceKeys(db, [listed]);
    const port = createSyncPort(db);
    const m = clerk.signMeta(meta());
    const first = clerk.signEvent(m, [], note(1, CLERK, T0 + 1));
    const base = createdState(m, [first]);
    await port.applyIncoming([{ seq: 1, recordId: m.id, update: base }], 1);
    const second = clerk.signEvent(m, [first], note(2, CLERK, T0 + 2));
    const altered = { ...second, text: 'APPROVED' } as RecordEvent;
    const bad = appendTo(base, [altered]);
    expect(await port.applyIncoming([{ seq: 2, recordId: m.id, update: bad }], 2)).toEqual({
      refused: 1,
      unknownKeys: false,
    });
    const fine = clerk.signEvent(m, [first], note(3, CLERK, T0 + 3));
    await port.applyIncoming([{ seq: 3, recordId: m.id, update: appendTo(base, [fine]) }], 3);
    expect((await db.pullChecks.get(m.id))?.held).toHaveLength(2);
    expect(await db.updates.count()).toBe(1);
  });
});

describe('createJobVerifier', () => {
  it('WebCrypto and the pure fallback agree, for both algorithms', async () => {
    const ed = testKey(CLERK, 'dev-a', 'Ed25519');
    const jobsOf = (key: typeof ed) => {
      const m = key.signMeta(meta());
      const r = checkPulled(newRecordYDoc(), m.id, createdState(m), keyring(key.key));
      if (!r.ok) throw new Error(r.error.detail);
      const job = r.value.jobs[0];
      if (job === undefined) throw new Error('no job');
      const bent = job.message.slice();
      bent[bent.length - 2] = (bent[bent.length - 2] ?? 0) ^ 1;
      return [job, { ...job, message: bent }];
    };
    const jobs = [...jobsOf(ed), ...jobsOf(clerk)];
    expect(await createJobVerifier()(jobs)).toEqual([true, false, true, false]);
    expect(await createJobVerifier(null)(jobs)).toEqual([true, false, true, false]);
  });
});
