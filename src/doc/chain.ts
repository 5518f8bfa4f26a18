import type { RecordEvent } from '@domain/events.ts';
import type { RecordId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import { itemHash } from './signature.ts';

/**
 * A record's items as a DAG: meta is the root, each signed event names in
 * `prev` the heads its author saw. Concurrent offline branches are legal (two
 * events naming the same head); the fold still orders events its own way,
 * this only says what each author had seen.
 *
 * An event from before signing has no `prev`; it counts as following the item
 * just before it in the record (meta for the first), so a record with old
 * events still has one head and its first signed event names just that.
 */

export interface RecordItems {
  readonly recordId: RecordId;
  readonly meta: RecordMeta;
  /** In document order. */
  readonly events: readonly RecordEvent[];
}

export interface ChainIndex {
  /** Hash of meta (index 0) and of each event (index i + 1). */
  readonly hashes: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** Parent indices per item: explicit `prev`, or the implicit predecessor; meta has none. */
  readonly parents: readonly (readonly number[])[];
}

/** Hashes and parents of every item; a `prev` hash not in the record is left out of parents. */
export function indexChain(items: RecordItems): ChainIndex {
  const { recordId, meta, events } = items;
  const hashes = [itemHash(recordId, meta), ...events.map((e) => itemHash(recordId, e))];
  const indexOf = new Map<string, number>();
  hashes.forEach((h, i) => indexOf.set(h, i));
  const parents: number[][] = [[]];
  events.forEach((e, i) => {
    if (e.prev === undefined) parents.push([i]);
    else parents.push(e.prev.flatMap((h) => indexOf.get(h) ?? []));
  });
  return { hashes, indexOf, parents };
}

/** The record's heads in this view: items nobody names as a parent, as sorted hashes. */
export function headsOf(items: RecordItems): string[] {
  const chain = indexChain(items);
  const named = new Set(chain.parents.flat());
  return chain.hashes.filter((_, i) => !named.has(i)).sort();
}

/** Every item index reachable from `start`'s parents (its ancestors). */
export function ancestorsOf(chain: ChainIndex, start: number): Set<number> {
  const seen = new Set<number>();
  const stack = [...(chain.parents[start] ?? [])];
  while (stack.length > 0) {
    const i = stack.pop() as number;
    if (seen.has(i)) continue;
    seen.add(i);
    stack.push(...(chain.parents[i] ?? []));
  }
  return seen;
}
