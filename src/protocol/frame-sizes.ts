import {
  NO_GENERATION,
  PROTOCOL_VERSION,
  type JoinRequest,
  type PushedUpdate,
  type ServerUpdate,
} from './messages.ts';
import { idSize, idTextSize, varUintSize } from './wire-ids.ts';
import { logEntriesSize } from './log-codec.ts';

/**
 * Bytes parts of a frame take once codec.ts encodes them, counted without
 * encoding: the device pages its pushes and the server its updates by these.
 */

/** Bytes a request's join takes (protocol 14: one byte when there is none). */
export function joinRequestSize(join: JoinRequest | undefined): number {
  if (join === undefined) return 1;
  const mark =
    join.phase === 'rest'
      ? join.wholeFrom === undefined
        ? 0
        : varUintSize(join.wholeFrom)
      : join.after === null
        ? 1
        : 1 + idSize(join.after.recordId) + varUintSize(join.after.seq);
  return 1 + varUintSize(join.seq) + mark;
}

/**
 * Header bytes plus device id, cursor, generation, log size, count, join and the
 * taken refusals' ids: the fixed cost of a sync request (in this build's protocol).
 */
export function syncRequestOverhead(
  deviceId: string,
  cursor: number,
  count: number,
  generation: number = NO_GENERATION,
  logSize = 0,
  join?: JoinRequest,
  taken: readonly number[] = [],
): number {
  return (
    joinRequestSize(join) +
    2 +
    varUintSize(PROTOCOL_VERSION) +
    1 +
    idSize(deviceId) +
    varUintSize(cursor) +
    varUintSize(generation) +
    varUintSize(logSize) +
    varUintSize(count) +
    varUintSize(taken.length) +
    taken.reduce((n, id) => n + varUintSize(id), 0)
  );
}

/** Bytes one pushed update adds to a sync request, for paging. */
export function encodedSizeOfPushedUpdate(u: PushedUpdate): number {
  return varUintSize(u.ref) + idSize(u.recordId) + varUintSize(u.update.length) + u.update.length;
}

/** Bytes one server update adds to a sync response, for paging on the server. */
export function encodedSizeOfServerUpdate(u: ServerUpdate): number {
  return (
    varUintSize(u.seq) +
    idTextSize(u.recordId) +
    varUintSize(u.update.length) +
    u.update.length +
    logEntriesSize(u.entries ?? [], 'text')
  );
}
