import type { RecordId } from '@domain/ids.ts';
import type * as Y from 'yjs';
import { leafHash, type Hash } from './merkle.ts';
import { readEvents, readMeta } from './record-doc.ts';
import { itemHash } from './signature.ts';

/**
 * What one leaf of the server's Merkle log (merkle.ts) says: this record took
 * this item (an event, or the record's meta for its creation, under the
 * record's id) with this item hash (signature.ts). The leaf data is
 *
 *   "patravali/log/v1\n" + record id + "\n" + event id + "\n" + item hash
 *
 * so a leaf names the item it logs and the exact bytes it had: a noting edited
 * in the database afterwards has another hash, hence another leaf.
 */

const PREFIX = 'patravali/log/v1\n';

export function logLeafData(recordId: RecordId, eventId: string, hash: string): Uint8Array {
  return new TextEncoder().encode(`${PREFIX}${recordId}\n${eventId}\n${hash}`);
}

export function logLeafHash(recordId: RecordId, eventId: string, hash: string): Hash {
  return leafHash(logLeafData(recordId, eventId, hash));
}

/** Item hashes by log entry id (the record's id for its meta) of every item in the record. */
export function itemHashesOf(recordId: RecordId, doc: Y.Doc): Map<string, string> {
  const out = new Map<string, string>();
  const meta = readMeta(doc);
  if (meta.ok) out.set(meta.value.id, itemHash(recordId, meta.value));
  for (const e of readEvents(doc)) out.set(e.id, itemHash(recordId, e));
  return out;
}
