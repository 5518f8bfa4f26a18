import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib';
import { encodeSyncResponseParts } from '@protocol/codec.ts';
import { COMPRESS_MIN_BYTES, type SyncResponse } from '@protocol/messages.ts';
import { acceptsGzip, type EncodedBody } from './body-encoding.ts';

/**
 * Gzip bodies for sync responses, with each page of updates deflated once.
 * After an outage every device of an office reconnects and pulls the same
 * pages; only the few bytes around the page (acks, cursor, server time) differ
 * per device. Stores, in memory per server, up to `budgetBytes` of deflated
 * pages (least recently used dropped first), keyed by the SHA-256 of the
 * page's bytes, so a key can only ever stand for exactly those bytes.
 *
 * How the body is still one ordinary gzip member (RFC 1952): header, one raw
 * deflate stream, CRC-32 and length of everything uncompressed. The deflate
 * stream is three runs deflated separately: the first two end with a sync
 * flush (a byte-aligned empty stored block, no final bit) and the last one
 * finishes the stream. A run deflated on its own refers back to nothing before
 * it, so the joined runs are a valid deflate stream (RFC 1951 §3.2.3) that any
 * gzip decoder, browsers included, inflates to the whole frame.
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

type Deflate = (bytes: Uint8Array) => Promise<Uint8Array>;

const deflateNotFinal: Deflate = (bytes) =>
  deflateRawAsync(bytes, NOT_FINAL).then((b) => new Uint8Array(b));

/** Deflated pages by content hash, dropped least recently used first past the budget. */
function createPageCache(budgetBytes: number, deflate: Deflate) {
  const pages = new Map<string, Promise<Uint8Array>>();
  const sizes = new Map<string, number>();
  let held = 0;
  const forget = (key: string): void => {
    held -= sizes.get(key) ?? 0;
    sizes.delete(key);
    pages.delete(key);
  };
  return (page: Uint8Array): Promise<Uint8Array> => {
    const key = createHash('sha256').update(page).digest('base64');
    const hit = pages.get(key);
    if (hit !== undefined) {
      pages.delete(key); // re-insert: Map order is the recency order
      pages.set(key, hit);
      return hit;
    }
    // Concurrent pulls of one page share a single deflate still in flight.
    const deflated = deflate(page);
    pages.set(key, deflated);
    deflated.then(
      (bytes) => {
        if (!pages.has(key)) return;
        sizes.set(key, bytes.byteLength);
        held += bytes.byteLength;
        for (const oldest of pages.keys()) {
          if (held <= budgetBytes || oldest === key) break;
          forget(oldest);
        }
      },
      () => forget(key),
    );
    return deflated;
  };
}

/**
 * The response frame, gzipped above COMPRESS_MIN_BYTES when the client accepts
 * gzip, sent as is otherwise. One encoder per server instance.
 */
export function createSyncResponseEncoder({
  budgetBytes = 16 * 2 ** 20,
  deflate = deflateNotFinal,
}: { budgetBytes?: number; deflate?: Deflate } = {}): SyncResponseEncoder {
  const deflatePage = createPageCache(budgetBytes, deflate);
  return async (response, acceptEncoding) => {
    const { head, updates, tail } = encodeSyncResponseParts(response);
    const size = head.byteLength + updates.byteLength + tail.byteLength;
    if (size <= COMPRESS_MIN_BYTES || !acceptsGzip(acceptEncoding)) {
      const bytes = new Uint8Array(size);
      bytes.set(head, 0);
      bytes.set(updates, head.byteLength);
      bytes.set(tail, head.byteLength + updates.byteLength);
      return { bytes, encoding: null };
    }
    const body = Buffer.concat([
      GZIP_HEADER,
      deflateRawSync(head, NOT_FINAL),
      await deflatePage(updates),
      deflateRawSync(tail),
      trailer([head, updates, tail]),
    ]);
    return {
      bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
      encoding: 'gzip',
    };
  };
}
