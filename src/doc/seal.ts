import type { RecordEvent } from '@domain/events.ts';
import type { RecordId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import { headsOf } from './chain.ts';
import { canonicalBytes } from './signature.ts';

/**
 * Seals a change with a key that signs synchronously (the demo seed and the
 * benchmark, both on Node): new meta first, then each event naming as `prev`
 * the record's heads with the previous event of the same change included, over
 * the same canonical bytes as a tablet's `signChange`
 * (src/storage/commands/sign-change.ts), whose WebCrypto signing is async.
 */

export interface SyncSigner {
  readonly keyId: string;
  /** The signature of `bytes`, base64url. */
  sign(bytes: Uint8Array): string;
}

function sealItem<T extends RecordEvent | RecordMeta>(
  s: SyncSigner,
  recordId: RecordId,
  item: T,
): T {
  const unsigned = { ...item, key: s.keyId };
  return { ...unsigned, sig: s.sign(canonicalBytes(recordId, unsigned)) };
}

/** New meta (when the change creates the record) and events, signed and chained. */
export function sealChange(
  s: SyncSigner,
  recordId: RecordId,
  meta: RecordMeta,
  existing: readonly RecordEvent[],
  change: { readonly meta: RecordMeta | null; readonly events: readonly RecordEvent[] },
): { meta: RecordMeta | null; events: RecordEvent[] } {
  const sealedMeta = change.meta === null ? null : sealItem(s, recordId, change.meta);
  const root = sealedMeta ?? meta;
  const seen = [...existing];
  const events: RecordEvent[] = [];
  for (const e of change.events) {
    const sealed = sealItem(s, recordId, {
      ...e,
      prev: headsOf({ recordId, meta: root, events: seen }),
    });
    seen.push(sealed);
    events.push(sealed);
  }
  return { meta: sealedMeta, events };
}
