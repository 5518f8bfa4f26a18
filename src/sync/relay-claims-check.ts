import type { RecordId } from '@domain/ids.ts';
import { recordProofsPath } from '@protocol/api.ts';
import type { SyncPort } from '@storage/sync/sync-port.ts';

/**
 * After a sync with the office relay, the tablet checks the relay's word that the
 * district logged this office's work (decision 0020, storage/sync/relay-claims.ts):
 * for a few records holding such claims, it asks the relay for the district's own
 * proofs (`?of=district`) and checks them against the district's key (or the
 * district's own `districtNotFound`, which no honest relay's word allows). At most once
 * a CLAIMS_EVERY_MS and CLAIMS_PER_RUN records a time, each record in its turn.
 *
 * A relay that does not pass the proofs on (it says the district cannot be reached,
 * it has no such record, or it does not answer in time) could be withholding the work
 * it vouched for and hiding it so. The tablet then asks the district's own address
 * (the relay named it at sign-in, decision 0015) for the same proofs, as it would
 * sync there: a tablet that reaches the district some other way (mobile data) checks
 * the relay's word without it (decision 0020, amendment 1). Only proofs count there:
 * the district's 404 to the person may be a record that left her scope. A district
 * that cannot be reached is not asked again for DIRECT_REST_MS. An answer that says
 * nothing either way, or a limit, ends the turn; the claims wait for the next.
 */

export const CLAIMS_EVERY_MS = 60 * 1000;
export const CLAIMS_PER_RUN = 4;
/** A proofs request the relay has not answered in this time is given up (a hung LAN link). */
export const CLAIM_ASK_MS = 30 * 1000;
/** After the district's own address did not give the proofs, it is not asked for this long. */
export const DIRECT_REST_MS = 10 * 60 * 1000;

export interface ClaimsCheckDeps {
  readonly port: SyncPort;
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly getToken: () => string | null;
  readonly now: () => number;
}

/** What an answer said of a record's claims: judged, nothing (ask elsewhere), or stop the turn. */
type Said = 'judged' | 'nothing' | 'stop';

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
  let directAfter = Number.NEGATIVE_INFINITY;
  const signalFor = (signal: AbortSignal): AbortSignal =>
    AbortSignal.any([signal, AbortSignal.timeout(CLAIM_ASK_MS)]);
  const viaRelay = async (id: RecordId, token: string, signal: AbortSignal): Promise<Said> => {
    let res: Response;
    try {
      res = await deps.fetch(deps.baseUrl + recordProofsPath(id, true), {
        headers: { authorization: `Bearer ${token}` },
        signal: signalFor(signal),
      });
    } catch (e) {
      // Cancelled (the engine stopped), or a relay that does not answer in time.
      if (signal.aborted) throw e;
      return 'nothing';
    }
    if (res.ok) {
      const check = await port.judgeRelayClaims?.(id, await res.json().catch(() => null));
      // Proofs out of shape, or under a head the district did not sign: the relay's alone.
      return check !== undefined && 'unusable' in check ? 'nothing' : 'judged';
    }
    const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
    // The district's own "no such record", passed on: the relay's word that it logged some of
    // it is false. A limit or a session refused waits for the next turn; anything else
    // (no link to the district, the relay's own 404) leaves the district to be asked.
    if (res.status === 404 && body?.error === 'districtNotFound') {
      await port.judgeRelayClaims?.(id, 'absent');
      return 'judged';
    }
    return res.status === 429 || res.status === 401 || res.status === 403 ? 'stop' : 'nothing';
  };
  const atDistrict = async (id: RecordId, token: string, signal: AbortSignal): Promise<Said> => {
    const fallback = deps.now() < directAfter ? null : await port.fallbackBase?.();
    if (fallback == null || fallback === deps.baseUrl) return 'stop';
    try {
      const res = await deps.fetch(fallback + recordProofsPath(id), {
        headers: { authorization: `Bearer ${token}` },
        signal: signalFor(signal),
      });
      if (res.ok) {
        await port.judgeRelayClaims?.(id, await res.json().catch(() => null));
        return 'judged';
      }
    } catch (e) {
      if (signal.aborted) throw e;
    }
    directAfter = deps.now() + DIRECT_REST_MS;
    return 'stop';
  };
  const ask = async (id: RecordId, token: string, signal: AbortSignal): Promise<boolean> => {
    const said = await viaRelay(id, token, signal);
    return (
      said === 'judged' ||
      (said === 'nothing' && (await atDistrict(id, token, signal)) === 'judged')
    );
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
