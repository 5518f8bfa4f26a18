import type { RecordId } from '@domain/ids.ts';
import { recordProofsPath } from '@protocol/api.ts';
import type { Upstream } from './upstream-calls.ts';

/**
 * A tablet at an office relay asks for the district's own inclusion proofs of a
 * record (decision 0020): the relay asks the district with its own session and
 * passes the answer on unchanged. The district signed its head with its log key,
 * which the tablet knows and the relay does not hold, so the relay can only pass
 * the proofs on or not: it cannot make the district's log seem to hold what it
 * withheld.
 */

/**
 * A proofs answer is a head and, per entry, its id and a path of up to 64 hashes of 43
 * characters: about 1.1 KB an entry in a log of four million leaves, so this passes a
 * record of some 7,000 entries (a file of 60 notings has about 200).
 */
export const DISTRICT_PROOFS_MAX_BYTES = 8 * 1024 * 1024;

/** The wait passed on with a 429 when the district gave none. */
const RETRY_AFTER_MS = 60_000;

export type DistrictProofs =
  | { readonly ok: true; readonly body: unknown }
  /**
   * The district answered this status (404: it has no such record in the relay's
   * scope, 429: later, after `retryAfterMs`), or the relay could not ask it (503, 502).
   */
  | {
      readonly ok: false;
      readonly status: number;
      readonly detail: string;
      readonly retryAfterMs: number;
    };

/**
 * A tablet gives up on its proofs request after 30 s (src/sync/relay-claims-check.ts):
 * the relay gives up on the district's before that, and an answer not had is no
 * evidence either way.
 */
export const DISTRICT_PROOFS_ASK_MS = 20_000;

export interface DistrictProofsAsker {
  ask(recordId: RecordId): Promise<DistrictProofs>;
}

/** Asks with the relay's session as it is at each request, for at most DISTRICT_PROOFS_ASK_MS. */
export function districtProofsAsker(up: Upstream, token: () => string): DistrictProofsAsker {
  return {
    ask: (recordId) =>
      fetchDistrictProofs(up, token(), recordId, AbortSignal.timeout(DISTRICT_PROOFS_ASK_MS)),
  };
}

export async function fetchDistrictProofs(
  up: Upstream,
  token: string,
  recordId: RecordId,
  signal?: AbortSignal,
): Promise<DistrictProofs> {
  const refused = (status: number, detail: string, retryAfterMs = RETRY_AFTER_MS) =>
    ({ ok: false, status, detail, retryAfterMs }) as const;
  if (token === '') return refused(503, 'the relay has no district session');
  let res: Response;
  let text: string;
  try {
    res = await up.fetch(up.url + recordProofsPath(recordId), {
      headers: { authorization: `Bearer ${token}` },
      ...(signal === undefined ? {} : { signal }),
    });
    // The relay's timed fetch has read the body already; its length is checked before parsing.
    text = await res.text();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return refused(503, `the district cannot be reached: ${why}`);
  }
  if (res.status === 404) return refused(404, 'the district has no such record');
  if (res.status === 429) {
    const seconds = Number(res.headers.get('retry-after'));
    const wait = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : RETRY_AFTER_MS;
    return refused(429, 'the district asks to wait', wait);
  }
  if (res.status !== 200) return refused(502, `the district answered ${res.status}`);
  if (text.length > DISTRICT_PROOFS_MAX_BYTES)
    return refused(502, `the district's answer is larger than ${DISTRICT_PROOFS_MAX_BYTES} bytes`);
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return refused(502, 'the district answered what is not JSON');
  }
}
