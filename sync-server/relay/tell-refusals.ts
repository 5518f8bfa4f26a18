import { LATER_REFUSALS_PROTOCOL, MAX_TAKEN_PER_REQUEST, PAGE_BYTES } from '@protocol/messages.ts';
import type { Refusal, SyncRequest, SyncResponse } from '@protocol/messages.ts';
import type { AppContext } from '../http/context.ts';

/** Bytes of refused changes one response carries at most (always at least one refusal). */
const LATER_BYTES = PAGE_BYTES / 2;

/**
 * On an office relay, a tablet's sync answer also carries the district's refusals
 * of its work the relay had taken (decision 0013), each until the tablet names it
 * as taken in a later request. Those past the page wait for the next request of
 * the same sync run: the answer then says `more`, so the tablet asks again at
 * once, naming the ones it took (sync-run.ts). A tablet of a
 * protocol before 15 cannot read them: they wait until it runs a build that can.
 */
export async function tellLaterRefusals(
  ctx: Pick<AppContext, 'laterRefusals' | 'storage' | 'now'>,
  req: SyncRequest,
  response: SyncResponse,
): Promise<SyncResponse> {
  const later = ctx.laterRefusals;
  if (later === undefined || req.protocol < LATER_REFUSALS_PROTOCOL) return response;
  if (req.taken !== undefined && req.taken.length > 0)
    later.taken(req.deviceId, req.taken, ctx.now());
  // No more than the tablet may name as taken in one request.
  const { refusals: waiting, more } = later.pending(
    req.deviceId,
    LATER_BYTES,
    MAX_TAKEN_PER_REQUEST,
  );
  if (waiting.length === 0) return response;
  const told: Refusal[] = [];
  for (const r of waiting) {
    // The record as the relay holds it now: set back to the district's state (keep-refusal.ts);
    // nothing, when the district refused it whole (the relay took its copy back).
    const serverState = r.whole ? new Uint8Array(0) : await ctx.storage.recordState(r.recordId);
    const entries = serverState.length > 0 ? await ctx.storage.recordLog(r.recordId) : [];
    told.push({
      ref: 0,
      recordId: r.recordId,
      reason: r.reason,
      detail: r.detail,
      serverState,
      entries,
      later: { id: r.id, change: r.change },
    });
  }
  return {
    ...response,
    refusals: [...response.refusals, ...told],
    more: response.more || more,
  };
}
