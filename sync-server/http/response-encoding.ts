import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib';
import { encodeSyncResponseParts } from '@protocol/codec.ts';
import { COMPRESS_MIN_BYTES, type SyncResponse } from '@protocol/messages.ts';
import { responseEncoding, type EncodedBody } from './body-encoding.ts';
import {
  BROTLI_END,
  BROTLI_FULL_BYTES_PER_SECOND,
  BROTLI_QUALITY_FAST,
  brotliOpening,
  createByteBudget,
  storedMetaBlock,
} from './response-brotli.ts';

/**
 * Compressed bodies for sync responses, brotli or gzip as the client's
 * Accept-Encoding asks, with the part that devices share compressed once.
 * After an outage every device of an office reconnects and pulls the same
 * pages; only the few bytes around the page (acks, cursor, server time) differ
 * per device. Stores, in memory per server, up to `budgetBytes` of compressed
 * runs (least recently used dropped first), keyed by the encoding and the
 * SHA-256 of the run's bytes, so a key can only ever stand for exactly those
 * bytes.
 *
 * Brotli (response-brotli.ts): the shared run is the head and the page
 * together, which can be the same for every device whose exchange only pulled
 * (no acks, no refusals): the storm's. The tail follows uncompressed. A head
 * with acks or refusals is one device's own: its run is compressed for that
 * response alone. Full quality costs about 50 times gzip's CPU, so every run
 * compressed at it, cached or not, is within a budget of bytes per second, and
 * past it a run gets a fast quality: a pulled page is often one device's alone
 * too (its own pushes are left out of it, a joining person's desk is theirs,
 * cursors differ). A pulled run cached at the fast quality is compressed at
 * full quality when pulled again within the budget, then shared as that.
 *
 * Gzip: the body is one ordinary gzip member (RFC 1952): header, one raw
 * deflate stream, CRC-32 and length of everything uncompressed. The deflate
 * stream is three runs deflated separately: the first two end with a sync
 * flush (a byte-aligned empty stored block, no final bit) and the last one
 * finishes the stream. A run deflated on its own refers back to nothing before
 * it, so the joined runs are a valid deflate stream (RFC 1951 §3.2.3) that any
 * gzip decoder, browsers included, inflates to the whole frame. The shared run
 * is the page alone.
 */

const deflateRawAsync = promisify(deflateRaw);

/** Magic, CM=deflate, no flags, mtime 0, no extra flags, OS unknown. */
const GZIP_HEADER = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
const NOT_FINAL = { finishFlush: constants.Z_SYNC_FLUSH };

export type SyncResponseEncoder = (
  response: SyncResponse,
  acceptEncoding: string | undefined,
) => Promise<EncodedBody>;

function trailer(parts: readonly Uint8Array[]): Uint8Array {
  let crc = 0;
  let length = 0;
  for (const p of parts) {
    crc = crc32(p, crc);
    length += p.byteLength;
  }
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, crc, true);
  view.setUint32(4, length >>> 0, true);
  return out;
}

type Compress = (bytes: Uint8Array) => Promise<Uint8Array>;

const deflateNotFinal: Compress = (bytes) =>
  deflateRawAsync(bytes, NOT_FINAL).then((b) => new Uint8Array(b));

/** Compressed runs by encoding and content hash, dropped least recently used first past the budget. */
function createRunCache(budgetBytes: number): {
  has: (key: string) => boolean;
  run: (key: string, run: Uint8Array, compress: Compress) => Promise<Uint8Array>;
} {
  const runs = new Map<string, Promise<Uint8Array>>();
  const sizes = new Map<string, number>();
  let held = 0;
  const forget = (key: string): void => {
    held -= sizes.get(key) ?? 0;
    sizes.delete(key);
    runs.delete(key);
  };
  const has = (key: string): boolean => runs.has(key);
  const cached = (key: string, run: Uint8Array, compress: Compress): Promise<Uint8Array> => {
    const hit = runs.get(key);
    if (hit !== undefined) {
      runs.delete(key); // re-insert: Map order is the recency order
      runs.set(key, hit);
      return hit;
    }
    // Concurrent pulls of one run share a single compression still in flight.
    const compressed = compress(run);
    runs.set(key, compressed);
    compressed.then(
      (bytes) => {
        if (!runs.has(key)) return;
        sizes.set(key, bytes.byteLength);
        held += bytes.byteLength;
        for (const oldest of runs.keys()) {
          if (held <= budgetBytes || oldest === key) break;
          forget(oldest);
        }
      },
      () => forget(key),
    );
    return compressed;
  };
  return { has, run: cached };
}

const digest = (run: Uint8Array): string => createHash('sha256').update(run).digest('base64');

const asBytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/**
 * The response frame, compressed above COMPRESS_MIN_BYTES with the encoding
 * the client prefers (brotli over gzip), sent as is when it accepts neither.
 * One encoder per server instance.
 */
export function createSyncResponseEncoder({
  budgetBytes = 16 * 2 ** 20,
  deflate = deflateNotFinal,
  brotli = brotliOpening(),
  brotliFast = brotliOpening(BROTLI_QUALITY_FAST),
  fullBudget = createByteBudget(BROTLI_FULL_BYTES_PER_SECOND),
}: {
  budgetBytes?: number;
  deflate?: Compress;
  brotli?: Compress;
  brotliFast?: Compress;
  /** Whether a run of this many bytes may still be compressed at full quality (and spends it). */
  fullBudget?: (bytes: number) => boolean;
} = {}): SyncResponseEncoder {
  const cache = createRunCache(budgetBytes);
  /** A pulled run: from the cache at full quality, else made at full quality within the budget, else fast. */
  const pulledRun = (run: Uint8Array): Promise<Uint8Array> => {
    const key = digest(run);
    const best = `br:${key}`;
    if (cache.has(best) || fullBudget(run.byteLength)) return cache.run(best, run, brotli);
    return cache.run(`br-fast:${key}`, run, brotliFast);
  };
  return async (response, acceptEncoding) => {
    const { head, updates, tail } = encodeSyncResponseParts(response);
    const size = head.byteLength + updates.byteLength + tail.byteLength;
    const encoding = size <= COMPRESS_MIN_BYTES ? null : responseEncoding(acceptEncoding);
    if (encoding === 'br') {
      const run = Buffer.concat([head, updates]);
      const shared = await (pulledOnly(response)
        ? pulledRun(run)
        : (fullBudget(run.byteLength) ? brotli : brotliFast)(run));
      const body = Buffer.concat([shared, storedMetaBlock(tail), BROTLI_END]);
      return { bytes: asBytes(body), encoding };
    }
    if (encoding === 'gzip') {
      const body = Buffer.concat([
        GZIP_HEADER,
        deflateRawSync(head, NOT_FINAL),
        await cache.run(`gzip:${digest(updates)}`, updates, deflate),
        deflateRawSync(tail),
        trailer([head, updates, tail]),
      ]);
      return { bytes: asBytes(body), encoding };
    }
    const bytes = new Uint8Array(size);
    bytes.set(head, 0);
    bytes.set(updates, head.byteLength);
    bytes.set(tail, head.byteLength + updates.byteLength);
    return { bytes, encoding: null };
  };
}

/** True when the head holds nothing of this device's own: no acks, log entries or refusals. */
const pulledOnly = (r: SyncResponse): boolean =>
  r.acks.length === 0 && (r.logged?.length ?? 0) === 0 && r.refusals.length === 0;
