import type { RecordId } from '@domain/ids.ts';
import { recordProofsPath } from '@protocol/api.ts';
import type { SyncPort } from '@storage/sync/sync-port.ts';

/**
 * After a sync with the office relay, the tablet checks the relay's word that the
 * district logged this office's work (decision 0020, storage/sync/relay-claims.ts):
 * for a few records holding such claims, it asks the relay for the district's own
 * proofs (`?of=district`) and checks them against the district's key (a 404: the
 * district has no such record, which no honest relay's word allows). At most once
 * a CLAIMS_EVERY_MS and CLAIMS_PER_RUN records a time, each record in its turn; an
 * answer that is not the proofs (the district cannot be reached, a limit) ends the
 * turn, and the claims wait for the next.
 */

export const CLAIMS_EVERY_MS = 60 * 1000;
export const CLAIMS_PER_RUN = 4;

export interface ClaimsCheckDeps {
  readonly port: SyncPort;
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly getToken: () => string | null;
  readonly now: () => number;
}

/** The check, to call after each synced run at the tablet's own address. */
export function relayClaimsChecker(deps: ClaimsCheckDeps): () => Promise<void> {
  let lastAt = Number.NEGATIVE_INFINITY;
  let after: RecordId | undefined;
  let running = false;
  const { port } = deps;
  return async () => {
    if (running || deps.now() - lastAt < CLAIMS_EVERY_MS) return;
    if (port.relayClaims === undefined || port.judgeRelayClaims === undefined) return;
    const token = deps.getToken();
    if (token === null) return;
    running = true;
    lastAt = deps.now();
    try {
      for (const id of await port.relayClaims(CLAIMS_PER_RUN, after)) {
        after = id;
        const res = await deps.fetch(deps.baseUrl + recordProofsPath(id, true), {
          headers: { authorization: `Bearer ${token}` },
        });
        // The district has no such record: the relay's word that it logged some of it is false.
        if (res.status === 404) await port.judgeRelayClaims(id, 'absent');
        else if (!res.ok) return;
        else await port.judgeRelayClaims(id, await res.json().catch(() => null));
      }
    } catch {
      // No link, or the store closed: the claims stay and are checked at a later turn.
    } finally {
      running = false;
    }
  };
}
