import type { RecordId } from '@domain/ids.ts';
import { recordProofsPath } from '@protocol/api.ts';
import type { SyncPort } from '@storage/sync/sync-port.ts';

/**
 * After a sync with the office relay, the tablet checks the relay's word that the
 * district logged this office's work (decision 0020, storage/sync/relay-claims.ts):
 * for a few records holding such claims, it asks the relay for the district's own
 * proofs (`?of=district`) and checks them against the district's key (or the
 * district's own `districtNotFound`, which no honest relay's word allows). At most once
 * a CLAIMS_EVERY_MS and CLAIMS_PER_RUN records a time, each record in its turn; an
 * answer that is not the proofs (the district cannot be reached, a limit) ends the
 * turn, and the claims wait for the next.
 */

export const CLAIMS_EVERY_MS = 60 * 1000;
export const CLAIMS_PER_RUN = 4;
/** A proofs request the relay has not answered in this time is given up (a hung LAN link). */
export const CLAIM_ASK_MS = 30 * 1000;

export interface ClaimsCheckDeps {
  readonly port: SyncPort;
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly getToken: () => string | null;
  readonly now: () => number;
}

export interface ClaimsChecker {
  /** Checks a turn of claims, unless one ran within CLAIMS_EVERY_MS or runs now. */
  check(): Promise<void>;
  /** Abandons the request in flight (the engine stopped or paused). */
  cancel(): void;
}

/** The check, to call after each synced run at the tablet's own address. */
export function relayClaimsChecker(deps: ClaimsCheckDeps): ClaimsChecker {
  let lastAt = Number.NEGATIVE_INFINITY;
  let after: RecordId | undefined;
  let running: AbortController | null = null;
  const { port } = deps;
  const ask = async (id: RecordId, token: string, signal: AbortSignal): Promise<boolean> => {
    const res = await deps.fetch(deps.baseUrl + recordProofsPath(id, true), {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.any([signal, AbortSignal.timeout(CLAIM_ASK_MS)]),
    });
    if (res.ok) {
      await port.judgeRelayClaims?.(id, await res.json().catch(() => null));
      return true;
    }
    const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
    // The district's own "no such record", passed on: the relay's word that it logged some of
    // it is false. Any other refusal (the relay's own 404, a limit, no link) says nothing.
    if (res.status !== 404 || body?.error !== 'districtNotFound') return false;
    await port.judgeRelayClaims?.(id, 'absent');
    return true;
  };
  return {
    async check() {
      if (running !== null || deps.now() - lastAt < CLAIMS_EVERY_MS) return;
      if (port.relayClaims === undefined || port.judgeRelayClaims === undefined) return;
      const token = deps.getToken();
      if (token === null) return;
      const abort = new AbortController();
      running = abort;
      lastAt = deps.now();
      try {
        for (const id of await port.relayClaims(CLAIMS_PER_RUN, after)) {
          after = id;
          if (!(await ask(id, token, abort.signal))) return;
        }
      } catch {
        // No link, cancelled, or the store closed: the claims stay for a later turn.
      } finally {
        running = null;
      }
    },
    cancel() {
      running?.abort();
    },
  };
}
