import { headsOf } from '@doc/chain.ts';
import { canonicalBytes } from '@doc/signature.ts';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import { signBytes, type Signer } from '../session/signing-key.ts';

/**
 * Signs what a command adds to a record, with the signed-in person's device key:
 * new meta first, then each event naming as `prev` the record's heads as this
 * device sees them (the previous event of the same change included), so the
 * note sheet's order in the author's view is part of what is signed.
 */
/** What a command adds: meta when it creates the record, and events. */
export interface SealedChange {
  readonly meta: RecordMeta | null;
  readonly events: readonly RecordEvent[];
}

export async function signChange(
  signer: Signer,
  recordId: RecordId,
  meta: RecordMeta,
  existing: readonly RecordEvent[],
  change: SealedChange,
): Promise<SealedChange> {
  const signedMeta = change.meta === null ? null : await signItem(signer, recordId, change.meta);
  const root = signedMeta ?? meta;
  const seen = [...existing];
  const events: RecordEvent[] = [];
  for (const e of change.events) {
    const prev = headsOf({ recordId, meta: root, events: seen });
    const signed = await signItem(signer, recordId, { ...e, prev });
    seen.push(signed);
    events.push(signed);
  }
  return { meta: signedMeta, events };
}

async function signItem<T extends RecordEvent | RecordMeta>(
  signer: Signer,
  recordId: RecordId,
  item: T,
): Promise<T> {
  const unsigned = { ...item, key: signer.keyId };
  return { ...unsigned, sig: await signBytes(signer, canonicalBytes(recordId, unsigned)) };
}
