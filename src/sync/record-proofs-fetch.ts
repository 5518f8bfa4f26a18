import type { RecordId } from '@domain/ids.ts';
import { recordProofsPath } from '@protocol/api.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import { keepRecordProofs, type KeepOutcome } from '@storage/sync/record-proofs.ts';
import type { SyncTransportDeps } from './transport.ts';

/**
 * Asks the server for the inclusion proofs of a record's items and keeps them
 * when they check out (storage/sync/record-proofs.ts). Done while online, when a
 * file is opened or exported, so that an export made offline later carries them.
 */

export type ProofFetch =
  | KeepOutcome
  /** The server could not be asked (offline, refused, or it answered an error). */
  | { readonly kept: false; readonly unreachable: string };

export async function refreshRecordProofs(
  db: PatravaliDb,
  deps: SyncTransportDeps,
  token: string,
  recordId: RecordId,
  signal?: AbortSignal,
): Promise<ProofFetch> {
  let json: unknown;
  try {
    const res = await deps.fetch(deps.baseUrl + recordProofsPath(recordId), {
      headers: { authorization: `Bearer ${token}` },
      signal,
    });
    if (!res.ok) return { kept: false, unreachable: `HTTP ${res.status}` };
    json = await res.json();
  } catch (e) {
    return { kept: false, unreachable: e instanceof Error ? e.message : String(e) };
  }
  return keepRecordProofs(db, recordId, json, deps.now());
}
