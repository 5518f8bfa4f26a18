import { verifyConsistency } from '@doc/merkle.ts';
import type { VerifyBytes } from '@doc/signature.ts';
import { verifyTreeHead, type SignedTreeHead } from '@doc/tree-head.ts';
import type { SyncResponse } from '@protocol/messages.ts';

/**
 * The device's check that the server's log only grew
 * (docs/decisions/0003-merkle-log.md): every response's tree head must be
 * signed by the server's log key and extend the last head this device
 * verified, by the response's consistency proof. Each way it can fail has a
 * name, shown to the person (sync status) and kept (log-watch.ts):
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
 * `verify` checks the head's signature (the device loads it: @doc/verify-lazy.ts).
 */
export function checkTreeHead(
  kept: SignedTreeHead | null,
  res: SyncResponse,
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
  res: SyncResponse,
  others: readonly Uint8Array[],
  verify: VerifyBytes,
): Uint8Array | null {
  const head = res.treeHead;
  if (head === undefined) return null;
  return others.find((key) => verifyTreeHead(head, key, verify)) ?? null;
}
