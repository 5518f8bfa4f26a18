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

/** A proofs answer is a head and a path per entry: a record of 5,000 entries is far below this. */
export const DISTRICT_PROOFS_MAX_BYTES = 2 * 1024 * 1024;

export type DistrictProofs =
  | { readonly ok: true; readonly body: unknown }
  /** The district answered this status (404: not in the relay's scope there, 429: later). */
  | { readonly ok: false; readonly status: number; readonly detail: string };

export async function fetchDistrictProofs(
  up: Upstream,
  token: string,
  recordId: RecordId,
): Promise<DistrictProofs> {
  if (token === '') return { ok: false, status: 503, detail: 'the relay has no district session' };
  let res: Response;
  let text: string;
  try {
    res = await up.fetch(up.url + recordProofsPath(recordId), {
      headers: { authorization: `Bearer ${token}` },
    });
    text = await res.text();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, status: 503, detail: `the district cannot be reached: ${why}` };
  }
  if (res.status === 404 || res.status === 429)
    return { ok: false, status: res.status, detail: `the district answered ${res.status}` };
  if (res.status !== 200 || text.length > DISTRICT_PROOFS_MAX_BYTES)
    return { ok: false, status: 502, detail: `the district answered ${res.status}` };
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 502, detail: 'the district answered what is not JSON' };
  }
}
