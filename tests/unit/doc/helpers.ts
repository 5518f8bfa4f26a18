import * as Y from 'yjs';
import { appendEvents, createRecordDoc } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordMeta } from '@domain/record.ts';

/** Replicas of one record, as separate devices would hold them. */

export function replicaOf(state: Uint8Array, clientID: number): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  doc.clientID = clientID;
  Y.applyUpdate(doc, state);
  return doc;
}

/** What `doc` has that a holder of `base` lacks, as one update. */
export function diffSince(doc: Y.Doc, base: Uint8Array): Uint8Array {
  return Y.encodeStateAsUpdate(doc, Y.encodeStateVectorFromUpdate(base));
}

export function createdState(meta: RecordMeta, events: readonly RecordEvent[] = []): Uint8Array {
  const doc = createRecordDoc(meta, events);
  return Y.encodeStateAsUpdate(doc);
}

/** Apply `change` to a replica of `current` and return just the resulting update. */
export function changeOf(
  current: Uint8Array,
  change: (doc: Y.Doc) => void,
  clientID = 77,
): Uint8Array {
  const doc = replicaOf(current, clientID);
  change(doc);
  return diffSince(doc, current);
}

export function appendTo(
  current: Uint8Array,
  events: readonly RecordEvent[],
  clientID = 77,
): Uint8Array {
  return changeOf(current, (doc) => appendEvents(doc, events), clientID);
}
