import { readEvents, readMeta } from '@doc/record-doc.ts';
import {
  checkRecordProofs,
  proofsFromJson,
  proofsToJson,
  type ProofFinding,
  type RecordProofs,
} from '@doc/record-proofs.ts';
import { loadVerifyBytes } from '@doc/verify-lazy.ts';
import type { RecordId } from '@domain/ids.ts';
import type { PatravaliDb } from '../db/db.ts';
import { readLogWatch } from './log-watch.ts';
import { loadRecordDoc } from '../db/record-store.ts';

/**
 * The inclusion proofs this device keeps per record (`logProofs`, db.ts): the
 * last set fetched from the server that checked out against the record as the
 * device holds it and the server's log key it kept. An export made offline
 * carries them; an item they do not cover is exported as unproven.
 */

export type KeepOutcome =
  | { readonly kept: true; readonly unproven: readonly ProofFinding[] }
  | { readonly kept: false; readonly findings: readonly ProofFinding[] };

const fatal = (f: ProofFinding): boolean => f.problem !== 'notLogged';

/**
 * Checks proofs the server sent (their JSON form) against the record held here and
 * keeps them when nothing in them is false. Items the server had not logged yet are
 * reported and left unproven; proofs that fail (another record, a head not signed by
 * the kept log key, an item not in the log as held here) are not kept.
 */
export async function keepRecordProofs(
  db: PatravaliDb,
  recordId: RecordId,
  json: unknown,
  now: number,
): Promise<KeepOutcome> {
  const proofs = proofsFromJson(json);
  if (proofs === null)
    return { kept: false, findings: [{ problem: 'malformed', eventId: '', detail: 'unreadable' }] };
  const verify = await loadVerifyBytes();
  const { key } = await readLogWatch(db);
  if (key === null)
    return {
      kept: false,
      findings: [{ problem: 'headSignature', eventId: '', detail: 'no log key on this device' }],
    };
  const doc = await loadRecordDoc(db, recordId);
  const meta = readMeta(doc);
  if (!meta.ok)
    return {
      kept: false,
      findings: [{ problem: 'otherRecord', eventId: '', detail: `no record ${recordId} here` }],
    };
  const findings = checkRecordProofs(
    { recordId, meta: meta.value, events: readEvents(doc) },
    proofs,
    key,
    verify,
  );
  doc.destroy();
  if (findings.some(fatal)) return { kept: false, findings };
  await db.logProofs.put({ recordId, proofs: proofsToJson(proofs), fetchedAt: now });
  return { kept: true, unproven: findings };
}

/** The proofs kept for a record, or null. */
export async function keptRecordProofs(
  db: PatravaliDb,
  recordId: RecordId,
): Promise<RecordProofs | null> {
  const row = await db.logProofs.get(recordId);
  return row === undefined ? null : proofsFromJson(row.proofs);
}
