import * as Y from 'yjs';
import { readEvents } from '@doc/record-doc.ts';
import { verifyItem } from '@doc/verify-bytes.ts';
import type { RecordId } from '@domain/ids.ts';
import { deviceUuid, signIn } from './server-harness.ts';

/** What tests of the office relay check of a record's stored updates at either tier. */

export function docOf(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

/** Indexes of stored updates that add nothing to those before them (a push or pull stored twice). */
export function redundantRows(updates: readonly Uint8Array[]): number[] {
  const doc = new Y.Doc();
  const redundant: number[] = [];
  updates.forEach((u, i) => {
    const before = Y.encodeStateAsUpdate(doc);
    Y.applyUpdate(doc, u);
    if (Buffer.compare(before, Y.encodeStateAsUpdate(doc)) === 0) redundant.push(i);
  });
  return redundant;
}

/** Whether every event of the record verifies against the device keys `url` lists to `reader`. */
export async function everySignatureVerifies(
  url: string,
  recordId: RecordId,
  updates: readonly Uint8Array[],
  reader = 'dm.dehradun',
): Promise<boolean> {
  const keys = (await signIn(url, reader, deviceUuid(95))).body.deviceKeys ?? [];
  const events = readEvents(docOf(updates));
  return (
    events.length > 0 &&
    events.every((e) => {
      const k = keys.find((x) => x.id === e.key && x.person === e.actor);
      if (k === undefined) return false;
      return verifyItem(recordId, e, k.algorithm, Buffer.from(k.publicKey, 'base64url'));
    })
  );
}
