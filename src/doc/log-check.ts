import { verifyConsistency } from './merkle.ts';
import type { VerifyBytes } from './signature.ts';
import { verifyTreeHead, type SignedTreeHead } from './tree-head.ts';

/**
 * The check that a server's log only grew (docs/decisions/0003-merkle-log.md),
 * made by a device of its server and by an office relay of its district
 * (decision 0010, amendment 2): every sync response's tree head must be signed
 * by the server's log key and extend the last head the checker verified, by the
 * response's consistency proof. Each way it can fail has a name, shown to the
 * person on a tablet (sync status) and kept (log-watch.ts), and in a relay's log
 * and health answer (sync-server/relay/district-log.ts):
 * - headSignature   the head is not signed by the server's key;
 * - headMissing     a device that verified a head got a response without one;
 * - logShrank       the head is smaller than the one this device verified;
 * - logRootChanged  same size, another root: the history was rewritten;
 * - logInconsistent the proof does not show the old log as a prefix of the new.
 */

export const LOG_ALARMS = [
  'headSignature',
  'headMissing',
  'logShrank',
  'logRootChanged',
  'logInconsistent',
] as const;
export type LogAlarm = (typeof LOG_ALARMS)[number];

/** What of a sync response the check reads (src/protocol's SyncResponse has both). */
export interface HeadAnswer {
  readonly treeHead?: SignedTreeHead;
  /** RFC 6962 consistency proof from the request's `logSize` to `treeHead.size`. */
  readonly consistency?: readonly Uint8Array[];
}

export type LogVerdict =
  | { readonly ok: true; readonly head: SignedTreeHead | null }
  | { readonly ok: false; readonly alarm: LogAlarm };

const alarm = (a: LogAlarm): LogVerdict => ({ ok: false, alarm: a });

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Judges a response against the head kept here. With no log key (a session from
 * before the server had one) nothing can be checked and nothing is kept.
 * `verify` checks the head's signature (the device loads it: verify-lazy.ts; the
 * relay has Node's).
 */
export function checkTreeHead(
  kept: SignedTreeHead | null,
  res: HeadAnswer,
  logKey: Uint8Array | null,
  verify: VerifyBytes,
): LogVerdict {
  if (logKey === null) return { ok: true, head: null };
  const head = res.treeHead;
  if (head === undefined) return kept === null ? { ok: true, head: null } : alarm('headMissing');
  if (!verifyTreeHead(head, logKey, verify)) return alarm('headSignature');
  if (kept === null || kept.size === 0) return { ok: true, head };
  if (head.size < kept.size) return alarm('logShrank');
  if (head.size === kept.size)
    return sameBytes(head.root, kept.root) ? { ok: true, head } : alarm('logRootChanged');
  const proof = res.consistency ?? [];
  return verifyConsistency(kept.size, head.size, proof, kept.root, head.root)
    ? { ok: true, head }
    : alarm('logInconsistent');
}

/**
 * Which of the other tiers' log keys (an office relay and its district, decision
 * 0015) signed the response's head: that tier answered on purpose (the relay
 * was off, or the tablet was carried out of the office), which is no alarm.
 * Null when there is no head or no key of them signed it.
 */
export function tierOf(
  res: HeadAnswer,
  others: readonly Uint8Array[],
  verify: VerifyBytes,
): Uint8Array | null {
  const head = res.treeHead;
  if (head === undefined) return null;
  return others.find((key) => verifyTreeHead(head, key, verify)) ?? null;
}
