import * as Y from 'yjs';
import type { RefusalReason } from '@domain/refusals.ts';

/**
 * What an update costs to apply, checked on its decoded structs before it is
 * applied anywhere. Bytes alone do not bound that cost: Yjs integrates an item
 * by scanning the items that compete for its position, so 6,000 one-character
 * inserts at one spot (105 KiB) took 12.8 s to apply and stayed slow for every
 * later load of the record. A device's real update is a handful of items (a
 * record's meta keys, a few appended events), each after the previous one.
 */

export const UPDATE_SHAPE_LIMITS = {
  /** Items in one update: a week offline on one record is a few dozen. */
  structs: 1_000,
  /** Items inserted at one position (same left neighbour): appends never share one. */
  competing: 16,
  /** Ranges in the delete set: the app deletes nothing today. */
  deleteRanges: 64,
  /** Writers in one update: a shared tablet's people, each on their own Yjs client. */
  clients: 32,
} as const;

export interface ShapeProblem {
  readonly reason: RefusalReason;
  readonly detail: string;
}

/** Where an item asks to be inserted; items with the same key compete for one position. */
function positionKey(item: Y.Item): string {
  if (item.origin !== null) return `o${item.origin.client}:${item.origin.clock}`;
  const parent = typeof item.parent === 'string' ? item.parent : JSON.stringify(item.parent);
  const right =
    item.rightOrigin === null ? '' : `${item.rightOrigin.client}:${item.rightOrigin.clock}`;
  return `p${parent}|${item.parentSub ?? ''}|${right}`;
}

function deleteRanges(ds: { clients: Map<number, readonly unknown[]> }): number {
  let n = 0;
  for (const ranges of ds.clients.values()) n += ranges.length;
  return n;
}

/** Null when the update's shape is within the limits; `update` must decode. */
export function checkUpdateShape(update: Uint8Array): ShapeProblem | null {
  const { structs, ds } = Y.decodeUpdate(update);
  const tooComplex = (detail: string): ShapeProblem => ({ reason: 'updateTooComplex', detail });
  if (structs.length > UPDATE_SHAPE_LIMITS.structs)
    return tooComplex(`${structs.length} items; the limit is ${UPDATE_SHAPE_LIMITS.structs}`);
  const ranges = deleteRanges(ds);
  if (ranges > UPDATE_SHAPE_LIMITS.deleteRanges)
    return tooComplex(`${ranges} deleted ranges; the limit is ${UPDATE_SHAPE_LIMITS.deleteRanges}`);
  const clients = new Set<number>();
  const atPosition = new Map<string, number>();
  for (const s of structs) {
    clients.add(s.id.client);
    // A device never pushes garbage-collected content: its records delete nothing.
    if (s instanceof Y.GC)
      return { reason: 'updateMalformed', detail: 'carries garbage-collected structs' };
    if (!(s instanceof Y.Item)) continue;
    const key = positionKey(s);
    const n = (atPosition.get(key) ?? 0) + 1;
    if (n > UPDATE_SHAPE_LIMITS.competing)
      return tooComplex(
        `more than ${UPDATE_SHAPE_LIMITS.competing} items inserted at one position`,
      );
    atPosition.set(key, n);
  }
  if (clients.size > UPDATE_SHAPE_LIMITS.clients)
    return tooComplex(`${clients.size} writers; the limit is ${UPDATE_SHAPE_LIMITS.clients}`);
  return null;
}
