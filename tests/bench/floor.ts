import { gzipSync } from 'node:zlib';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordMeta } from '@domain/record.ts';
import type { LinkProfile } from './lib/shaper.ts';

/**
 * The physical floor of a reconciliation: the changed content itself
 * (notings' text and every new event's fields, meta for new records) as
 * compact JSON, gzip -9, per direction — and the time to move it on a link:
 * bytes / bandwidth + one round trip. No real protocol can do much better.
 */

export interface Change {
  readonly meta: RecordMeta | null;
  readonly events: readonly RecordEvent[];
}

/** gzip -9 size of the changes as compact JSON. */
export function floorBytes(changes: readonly Change[]): number {
  if (changes.length === 0) return 0;
  const content = changes.map((c) => (c.meta ? { meta: c.meta, events: c.events } : c.events));
  return gzipSync(Buffer.from(JSON.stringify(content)), { level: 9 }).length;
}

/** Both directions: each is its own stream, compressed on its own. */
export function floorBytesBothWays(up: readonly Change[], down: readonly Change[]): number {
  return floorBytes(up) + floorBytes(down);
}

/** Seconds to move `bytes` on `link`: serialisation plus one round trip. */
export function floorSeconds(bytes: number, link: LinkProfile): number {
  const serialise = Number.isFinite(link.bandwidthBps) ? (bytes * 8) / link.bandwidthBps : 0;
  return serialise + link.rttMs / 1000;
}
