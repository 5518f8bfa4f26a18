import type { RecordEvent } from '@domain/events.ts';
import { parseHlc } from '@domain/hlc.ts';
import type { RecordMeta } from '@domain/record.ts';
import { buildsOn, CLAIM_TOLERANCE_MS } from '@domain/record-log.ts';
import type { RefusalReason } from '@domain/refusals.ts';
import { itemHash } from './signature.ts';

/**
 * The times new items claim (issue 15, docs/decisions/0002-record-order.md).
 * The record's order is the server's log, so a claimed time cannot reorder
 * anything; these refusals stop a device from claiming a time it cannot
 * honestly have. A device stamps with a hybrid logical clock corrected by the
 * server's offset, and observes a record's events before it adds one
 * (command-runner.ts), so an honest claim is never far ahead of the server
 * and never before what the device already had in the record.
 */

/**
 * How far ahead of the server's clock a claim may be: the device's corrected
 * clock drifts between syncs, and a device that observed a claim this far
 * ahead stamps after it.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface ClaimProblem {
  readonly reason: Extract<RefusalReason, 'clockAhead' | 'clockBehind'>;
  readonly detail: string;
}

export interface ClaimsInput {
  readonly meta: RecordMeta;
  /** True when this update creates the record (its meta is new too). */
  readonly created: boolean;
  /** Every event of the record after the update, old and new. */
  readonly events: readonly RecordEvent[];
  readonly newIds: ReadonlySet<string>;
  /** The server's clock (ms). */
  readonly now: number;
}

const wall = (hlc: string): number => parseHlc(hlc).wallMs;
const iso = (ms: number): string => new Date(ms).toISOString();

function ahead(what: string, claimed: number, now: number): ClaimProblem | null {
  if (claimed <= now + CLOCK_SKEW_MS) return null;
  return {
    reason: 'clockAhead',
    detail: `${what} claims ${iso(claimed)}; the server's clock is ${iso(now)}`,
  };
}

/** Events by every key `buildsOn` may use: id (basis) and, when signed, item hash (prev). */
function byKey(input: ClaimsInput): ReadonlyMap<string, RecordEvent> {
  const signed = input.events.some((e) => input.newIds.has(e.id) && e.prev !== undefined);
  const out = new Map<string, RecordEvent>();
  for (const e of input.events) {
    out.set(e.id, e);
    if (signed) out.set(itemHash(input.meta.id, e), e);
  }
  return out;
}

/**
 * The latest time `e`'s device had already seen in the record: its creation,
 * the events `e` builds on, and the device's own events the server had before.
 */
function seenBefore(
  e: RecordEvent,
  input: ClaimsInput,
  keys: ReadonlyMap<string, RecordEvent>,
  latestByDevice: ReadonlyMap<string, RecordEvent>,
): { readonly ms: number; readonly what: string } {
  let seen = { ms: wall(input.meta.createdAt), what: 'the record’s creation' };
  const consider = (other: RecordEvent | undefined, what: string): void => {
    if (other !== undefined && wall(other.hlc) > seen.ms) seen = { ms: wall(other.hlc), what };
  };
  for (const k of buildsOn(e)) consider(keys.get(k), `event ${keys.get(k)?.id ?? ''} it follows`);
  const own = latestByDevice.get(parseHlc(e.hlc).node);
  consider(own, `its device’s earlier event ${own?.id ?? ''}`);
  return seen;
}

/** Each device's (HLC node's) latest event the server had before this update. */
function latestOf(input: ClaimsInput): ReadonlyMap<string, RecordEvent> {
  const out = new Map<string, RecordEvent>();
  for (const e of input.events) {
    if (input.newIds.has(e.id)) continue;
    const node = parseHlc(e.hlc).node;
    const prior = out.get(node);
    if (prior === undefined || e.hlc > prior.hlc) out.set(node, e);
  }
  return out;
}

/** The first claimed time in an update the server refuses, or null. */
export function checkClaims(input: ClaimsInput): ClaimProblem | null {
  if (input.created) {
    const problem = ahead('the new record', wall(input.meta.createdAt), input.now);
    if (problem !== null) return problem;
  }
  const fresh = input.events.filter((e) => input.newIds.has(e.id));
  if (fresh.length === 0) return null;
  const keys = byKey(input);
  const latestByDevice = latestOf(input);
  for (const e of fresh) {
    const claimed = wall(e.hlc);
    const problem = ahead(`event ${e.id}`, claimed, input.now);
    if (problem !== null) return problem;
    const seen = seenBefore(e, input, keys, latestByDevice);
    if (claimed < seen.ms - CLAIM_TOLERANCE_MS) {
      return {
        reason: 'clockBehind',
        detail: `event ${e.id} claims ${iso(claimed)}, before ${seen.what} (${iso(seen.ms)})`,
      };
    }
  }
  return null;
}
