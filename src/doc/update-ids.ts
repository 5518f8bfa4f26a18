import * as Y from 'yjs';

/**
 * What a raw Yjs update of a record carries, by id, without applying it:
 * the ids of the events it inserts and, when it writes the meta, the record's
 * id. The server uses it to answer an ack with the log entries of exactly the
 * pushed events (a retried push included) and to find which stored row
 * brought which event. Never throws: an undecodable update carries nothing.
 */

export interface UpdateIds {
  /** The record id when the update writes the meta (creates the record). */
  readonly created: string | null;
  readonly eventIds: readonly string[];
}

const isEventLike = (v: unknown): v is { readonly id: string } =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { id?: unknown }).id === 'string' &&
  typeof (v as { type?: unknown }).type === 'string' &&
  typeof (v as { hlc?: unknown }).hlc === 'string';

export function idsInUpdate(update: Uint8Array): UpdateIds {
  let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return { created: null, eventIds: [] };
  }
  let created: string | null = null;
  const eventIds: string[] = [];
  for (const s of structs) {
    if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentAny)) continue;
    if (s.parentSub === 'id') {
      const id = s.content.arr[0];
      if (typeof id === 'string') created = id;
      continue;
    }
    if (s.parentSub !== null) continue;
    for (const v of s.content.arr) if (isEventLike(v)) eventIds.push(v.id);
  }
  return { created, eventIds };
}
