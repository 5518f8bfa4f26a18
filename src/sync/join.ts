import type { JoinRequest, SyncResponse } from '@protocol/messages.ts';
import type { JoinState } from '@storage/sync/sync-port.ts';

/**
 * A fresh device's join, desk first (docs/decisions/0012-desk-first-join.md),
 * as the device runs it: first the desk pages (the signed-in person's inbox,
 * complete with everything its records need), then paging by cursor up to the
 * join's head without them, with what is left shown meanwhile. The state is
 * kept in the device store (JoinState), so a reload goes on where it stopped,
 * and the inbox reads its progress from there (src/ui/hooks/useJoinProgress.ts).
 */

/**
 * What the inbox shows of a join: `desk` while the signed-in person's inbox is
 * still coming, then `rest` while the rest of the office arrives.
 */
export interface JoinProgress {
  readonly phase: 'desk' | 'rest';
  /** Left of the join, as the server counted after the last page: records and update bytes. */
  readonly recordsLeft: number;
  readonly bytesLeft: number;
  /** Of the join's bytes, how many per cent have arrived (0 to 100). */
  readonly percentDone: number;
  /** At the join's rate so far; null before anything arrived. */
  readonly etaMs: number | null;
}

/** What to ask for: the next desk page, the rest, or nothing (no join, or it is done). */
export function joinRequest(state: JoinState | null, cursor: number): JoinRequest | undefined {
  // Only a person who never synced here joins desk first; a device from before
  // this build, already paging, goes on as it was.
  if (state === null) return cursor === 0 ? { phase: 'desk', seq: 0, after: null } : undefined;
  if (!state.deskDone) return { phase: 'desk', seq: state.seq, after: state.after };
  // Each record whole from where this build's rest began (decision 0019): pages an
  // older build took before it sent rows one by one, so those records go on by
  // cursor. Only while the cursor is where the last whole page left it: anything
  // else (another tab's page, a crash before this state was kept) starts again here.
  if (cursor >= state.seq) return undefined;
  const kept = state.wholeFrom !== undefined && state.wholeAt === cursor;
  return { phase: 'rest', seq: state.seq, wholeFrom: kept ? (state.wholeFrom as number) : cursor };
}

/** The state after a response to `asked`, which took `ms` from request to answer. */
export function joinAfter(
  prev: JoinState | null,
  asked: JoinRequest,
  res: SyncResponse,
  ms: number,
): JoinState {
  const page = res.updates.reduce((n, u) => n + u.update.length, 0);
  const received = {
    bytesReceived: (prev?.bytesReceived ?? 0) + page,
    receivingMs: (prev?.receivingMs ?? 0) + Math.max(0, ms),
  };
  const join = res.join;
  if (join === undefined)
    // A server that does not join desk first paged as ever: nothing to leave out.
    return {
      seq: asked.phase === 'rest' ? asked.seq : 0,
      after: null,
      deskDone: true,
      recordsLeft: 0,
      bytesLeft: 0,
      ...received,
    };
  return {
    seq: join.seq,
    after: join.phase === 'desk' ? join.next : null,
    deskDone: join.phase === 'rest' || join.next === null,
    recordsLeft: join.recordsLeft,
    bytesLeft: join.bytesLeft,
    ...received,
    bytesDone: bytesDone(prev, page, join.bytesLeft),
    ...(asked.phase === 'rest' && asked.wholeFrom !== undefined
      ? { wholeFrom: asked.wholeFrom, wholeAt: res.cursor }
      : {}),
  };
}

/**
 * The join's bytes come, in the server's count (JoinState.bytesDone): what `bytesLeft`
 * fell by since the last page, or the page's own bytes when it did not fall (the first
 * page, or a state from before the server's count was kept).
 */
function bytesDone(prev: JoinState | null, page: number, left: number): number {
  const before = prev === null ? 0 : (prev.bytesDone ?? prev.bytesReceived);
  const fell = prev === null || prev.seq === 0 ? 0 : prev.bytesLeft - left;
  return before + (fell > 0 ? fell : page);
}

/**
 * What the inbox shows of a join: null once it is done (or none ran). `syncing`: an
 * exchange is in flight. A person who never synced on this tablet (no join kept, cursor 0)
 * is joining from the first request on, though nothing is kept until its answer, which
 * on 2G takes a page's time (about 20 s): the desk is said to be coming meanwhile.
 */
export function joinProgress(
  state: JoinState | null,
  cursor: number,
  syncing = false,
): JoinProgress | null {
  if (state === null)
    return syncing && cursor === 0
      ? { phase: 'desk', recordsLeft: 0, bytesLeft: 0, percentDone: 0, etaMs: null }
      : null;
  if (state.deskDone && cursor >= state.seq) return null;
  // In the server's count, as bytesLeft is: the merged updates that arrive are smaller.
  const done = state.bytesDone ?? state.bytesReceived;
  const rate = state.receivingMs > 0 ? done / state.receivingMs : 0;
  const all = done + state.bytesLeft;
  return {
    phase: state.deskDone ? 'rest' : 'desk',
    recordsLeft: state.recordsLeft,
    bytesLeft: state.bytesLeft,
    percentDone: all > 0 ? Math.floor((100 * done) / all) : 0,
    etaMs: rate > 0 ? Math.round(state.bytesLeft / rate) : null,
  };
}
