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
 * it has no such record, a limit, or it does not answer in time), or passes on a head
 * too old to prove claims it gave long ago, could be withholding the work it vouched
 * for and hiding it so. The tablet then asks the district's own address (the relay
 * named it at sign-in, decision 0015) for the same proofs, as it would sync there: a
 * tablet that reaches the district some other way (mobile data) checks the relay's
 * word without it (decision 0020, amendment 1). Only proofs count there: the
 * district's 404 to the person may be a record that left her scope. A district that
 * gives no proofs is not asked again for DIRECT_REST_MS, and the turn ends; the
 * claims wait for the next.
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

/** What the relay's answer said of a record's claims: judged, or nothing (ask the district). */
type Said = 'judged' | 'nothing';

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
  /** The relay's answer: judged, or nothing to go by (ask the district's own address). */
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
      // Proofs out of shape, under a head the district did not sign, or one too old to
      // prove claims long given (a head replayed): nothing but the relay's word.
      if (check === undefined) return 'judged';
      return 'unusable' in check || (check.overdue ?? 0) > 0 ? 'nothing' : 'judged';
    }
    const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
    // The district's own "no such record", passed on: the relay's word that it logged some of
    // it is false. Anything else (no link to the district, a limit, the relay's own 404 or
    // refusal) is no word, which a relay hiding what it withholds could give as well.
    if (res.status !== 404 || body?.error !== 'districtNotFound') return 'nothing';
    await port.judgeRelayClaims?.(id, 'absent');
    return 'judged';
  };
  /**
   * The district's own answer: judged; `skip`, a 404 (a record out of the person's scope
   * says nothing of the rest); or `stop` the turn: no address known, resting, or no proofs
   * (no link, a session it does not know, a limit), after which it rests DIRECT_REST_MS.
   */
  const atDistrict = async (
    id: RecordId,
    token: string,
    signal: AbortSignal,
  ): Promise<'judged' | 'skip' | 'stop'> => {
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
      if (res.status === 404) return 'skip';
    } catch (e) {
      if (signal.aborted) throw e;
    }
    directAfter = deps.now() + DIRECT_REST_MS;
    return 'stop';
  };
  /** Whether the turn goes on to the next record. */
  const ask = async (id: RecordId, token: string, signal: AbortSignal): Promise<boolean> =>
    (await viaRelay(id, token, signal)) === 'judged' ||
    (await atDistrict(id, token, signal)) !== 'stop';
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
