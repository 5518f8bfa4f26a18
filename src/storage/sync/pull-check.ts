import Dexie from 'dexie';
import * as Y from 'yjs';
import {
  checkPulled,
  itemOfJob,
  type PulledOk,
  type PulledRefusal,
  type SignatureJob,
} from '@doc/check-pulled.ts';
import type { DeviceKey } from '@doc/verify-signed.ts';
import type { RecordId } from '@domain/ids.ts';
import { ok, type Result } from '@domain/result.ts';
import { type PatravaliDb, type PullCheckRow } from '../db/db.ts';
import { storedDeviceKeys } from '../session/device-keys.ts';
import {
  isEmptyUpdate,
  loadRecordDoc,
  recordTables,
  refreshProjection,
  saveEntries,
} from '../db/record-store.ts';
import { advanceCursor, cursorOwner } from './cursor.ts';
import { relayWord } from './relay-claims.ts';
import type { IncomingUpdate, PulledReport } from './sync-port.ts';
import type { JobVerifier } from './verify-jobs.ts';

/**
 * Pulled updates are checked before they are stored (@doc/check-pulled.ts).
 *
 * What is stored where:
 * - `updates`     only what passed: the record's copy on this device.
 * - `pullChecks`  per record whose pulled update failed: its named problem
 *                 and the refused updates (`held`, in the order they came).
 *                 Later pulls of that record join `held` and are checked
 *                 again after it (they may build on it), and so is `held`
 *                 once the device learns new keys; when all of it passes it
 *                 is stored and the problem cleared.
 *                 Other records keep syncing whatever one record holds back.
 */

export interface PullCheckDeps {
  readonly verify: JobVerifier;
  readonly now: () => number;
}

interface Staged {
  readonly recordId: RecordId;
  readonly doc: Y.Doc;
  readonly before: Uint8Array;
  readonly row: PullCheckRow | undefined;
  readonly incoming: readonly Uint8Array[];
  readonly result: Result<PulledOk, PulledRefusal>;
}

/**
 * Applies a page of pulled updates, checked, refreshes projections and advances
 * `owner`'s cursor (cursor.ts; default: whoever is signed in).
 */
export async function applyPulled(
  db: PatravaliDb,
  deps: PullCheckDeps,
  updates: readonly IncomingUpdate[],
  cursor: number,
  owner?: string,
): Promise<PulledReport> {
  const keys = await storedDeviceKeys(db);
  return db.transaction('rw', [...recordTables(db), db.kv, db.pullChecks], async () => {
    const byRecord = new Map<RecordId, Uint8Array[]>();
    const relay = await relayWord(db, false, deps.now());
    for (const u of updates) {
      const list = byRecord.get(u.recordId) ?? [];
      list.push(u.update);
      byRecord.set(u.recordId, list);
      await saveEntries(db, u.recordId, u.entries ?? [], relay);
    }
    const report = await checkAndStore(db, deps, keys, byRecord);
    await advanceCursor(db, owner ?? (await cursorOwner(db)), cursor);
    return report;
  });
}

/** Checks the held updates again (the device has learnt new keys). */
export async function recheckHeld(db: PatravaliDb, deps: PullCheckDeps): Promise<PulledReport> {
  const keys = await storedDeviceKeys(db);
  return db.transaction('rw', [...recordTables(db), db.pullChecks], async () => {
    const held = await db.pullChecks.toArray();
    const byRecord = new Map(held.map((r) => [r.recordId, [] as Uint8Array[]]));
    return checkAndStore(db, deps, keys, byRecord);
  });
}

async function checkAndStore(
  db: PatravaliDb,
  deps: PullCheckDeps,
  keys: ReadonlyMap<string, DeviceKey>,
  byRecord: ReadonlyMap<RecordId, readonly Uint8Array[]>,
): Promise<PulledReport> {
  const held = await db.pullChecks.bulkGet([...byRecord.keys()]);
  const staged: Staged[] = [];
  let i = 0;
  for (const [recordId, list] of byRecord)
    staged.push(stage(await loadRecordDoc(db, recordId), recordId, held[i++], list, keys));
  const jobs = staged.flatMap((s) => (s.result.ok ? s.result.value.jobs : []));
  // WebCrypto is not an IndexedDB request: waitFor keeps the transaction open meanwhile.
  const verdicts = jobs.length === 0 ? [] : await Dexie.waitFor(deps.verify(jobs));
  let next = 0;
  let unknownKeys = false;
  let refused = 0;
  for (const s of staged) {
    const mine = s.result.ok ? s.result.value.jobs : [];
    const failed = mine.find((_, i) => verdicts[next + i] !== true);
    next += mine.length;
    const problem = problemOf(s, failed);
    if (problem === null) await store(db, s);
    else {
      await hold(db, deps, s, problem);
      refused++;
      unknownKeys ||= problem.problem === 'unknownKey';
    }
    s.doc.destroy();
  }
  return { refused, unknownKeys };
}

function stage(
  doc: Y.Doc,
  recordId: RecordId,
  row: PullCheckRow | undefined,
  list: readonly Uint8Array[],
  keys: ReadonlyMap<string, DeviceKey>,
): Staged {
  const incoming = [...(row?.held ?? []), ...list];
  const before = Y.encodeStateVector(doc);
  const attested: string[] = [];
  const jobs: SignatureJob[] = [];
  let result: Result<PulledOk, PulledRefusal> = ok({ attested, jobs });
  // In the order the server sent them: a later update may build on an earlier one.
  for (const update of incoming) {
    const one = checkPulled(doc, recordId, update, (id) => keys.get(id));
    if (!one.ok) {
      result = one;
      break;
    }
    attested.push(...one.value.attested);
    jobs.push(...one.value.jobs);
  }
  return { recordId, doc, before, row, incoming, result };
}

function problemOf(s: Staged, failed: SignatureJob | undefined): PulledRefusal | null {
  if (!s.result.ok) return s.result.error;
  if (failed === undefined) return null;
  return {
    problem: 'alteredBytes',
    reason: 'signatureInvalid',
    detail: `${itemOfJob(failed)}: its words do not match its signature`,
  };
}

async function store(db: PatravaliDb, s: Staged): Promise<void> {
  // Store only what is new here: our own updates echo back from the server.
  const diff = Y.encodeStateAsUpdate(s.doc, s.before);
  if (!isEmptyUpdate(diff)) await db.updates.add({ recordId: s.recordId, update: diff });
  await refreshProjection(db, s.recordId, s.doc);
  // What was held back is stored now: the problem is over.
  if (s.row !== undefined) await db.pullChecks.delete(s.recordId);
}

async function hold(
  db: PatravaliDb,
  deps: PullCheckDeps,
  s: Staged,
  p: PulledRefusal,
): Promise<void> {
  await db.pullChecks.put({
    recordId: s.recordId,
    problem: p.problem,
    reason: p.reason,
    detail: p.detail,
    at: s.row?.at ?? deps.now(),
    held: s.incoming,
  });
}
