import { readEvents, readMeta } from '@doc/record-doc.ts';
import type { DeviceId, RecordId } from '@domain/ids.ts';
import { docFromRows } from '../db/record-store.ts';
import { storedDeviceKeys } from '../session/device-keys.ts';
import type { PatravaliDb } from '../db/db.ts';

/**
 * How each item of a record on this device is vouched for, for the note sheet
 * and the movement history (issue 14): signed by its author's device key, or,
 * for items from before device keys, only "attested by the server" (its HMAC
 * author keys or its author's own session). Derived, never stored: whatever is
 * stored here passed the pull check (pull-check.ts) or was signed here.
 */

export type SignatureStatus =
  | {
      readonly kind: 'device';
      /** The signing key's id (base64url); shown shortened. */
      readonly keyId: string;
      /** The device the directory registers the key for; null while the key is not known here. */
      readonly device: DeviceId | null;
    }
  | { readonly kind: 'server' };

/** By event id, and 'meta' for the record's creation. */
export type RecordSignatures = ReadonlyMap<string, SignatureStatus>;

export async function recordSignatures(
  db: PatravaliDb,
  recordId: RecordId,
): Promise<RecordSignatures> {
  const doc = docFromRows(await db.updates.where('recordId').equals(recordId).toArray());
  try {
    const keys = await storedDeviceKeys(db);
    const statusOf = (key: string | undefined, sig: string | undefined): SignatureStatus =>
      key === undefined || sig === undefined
        ? { kind: 'server' }
        : { kind: 'device', keyId: key, device: keys.get(key)?.device ?? null };
    const out = new Map<string, SignatureStatus>();
    const meta = readMeta(doc);
    if (meta.ok) out.set('meta', statusOf(meta.value.key, meta.value.sig));
    for (const e of readEvents(doc)) out.set(e.id, statusOf(e.key, e.sig));
    return out;
  } finally {
    doc.destroy();
  }
}
