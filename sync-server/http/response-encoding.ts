import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib';
import { encodeSyncResponseParts } from '@protocol/codec.ts';
import { COMPRESS_MIN_BYTES, type SyncResponse } from '@protocol/messages.ts';
import { responseEncoding, type EncodedBody } from './body-encoding.ts';
import {
  BROTLI_END,
  BROTLI_OWN_BYTES_PER_SECOND,
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
 * together, which is the same for every device whose exchange only pulled
 * (no acks, no refusals): the storm's and a join's. The tail follows
 * uncompressed. A head with acks or refusals is one device's own: its run is
 * compressed for that response alone, at full quality within a budget of
 * bytes per second and at a fast quality past it.
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
function createRunCache(budgetBytes: number) {
  const runs = new Map<string, Promise<Uint8Array>>();
  const sizes = new Map<string, number>();
  let held = 0;
  const forget = (key: string): void => {
    held -= sizes.get(key) ?? 0;
    sizes.delete(key);
    runs.delete(key);
  };
  return (kind: string, run: Uint8Array, compress: Compress): Promise<Uint8Array> => {
    const key = `${kind}:${createHash('sha256').update(run).digest('base64')}`;
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
}

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
  ownBudget = createByteBudget(BROTLI_OWN_BYTES_PER_SECOND),
}: {
  budgetBytes?: number;
  deflate?: Compress;
  brotli?: Compress;
  brotliFast?: Compress;
  /** Whether a device's own run of this many bytes may still have full quality. */
  ownBudget?: (bytes: number) => boolean;
} = {}): SyncResponseEncoder {
  const compressRun = createRunCache(budgetBytes);
  return async (response, acceptEncoding) => {
    const { head, updates, tail } = encodeSyncResponseParts(response);
    const size = head.byteLength + updates.byteLength + tail.byteLength;
    const encoding = size <= COMPRESS_MIN_BYTES ? null : responseEncoding(acceptEncoding);
    if (encoding === 'br') {
      const run = Buffer.concat([head, updates]);
      const shared = await (pulledOnly(response)
        ? compressRun('br', run, brotli)
        : (ownBudget(run.byteLength) ? brotli : brotliFast)(run));
      const body = Buffer.concat([shared, storedMetaBlock(tail), BROTLI_END]);
      return { bytes: asBytes(body), encoding };
    }
    if (encoding === 'gzip') {
      const body = Buffer.concat([
        GZIP_HEADER,
        deflateRawSync(head, NOT_FINAL),
        await compressRun('gzip', updates, deflate),
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
