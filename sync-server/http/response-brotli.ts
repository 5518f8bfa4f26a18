import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';

/**
 * The pieces of a brotli body (RFC 7932) for sync responses whose first part
 * is compressed once and shared (response-encoding.ts).
 *
 * A brotli stream cannot be cut and re-joined the way a deflate stream can:
 * what a run decodes to depends on where it sits in the stream (the two bytes
 * before a literal pick its context; a distance past the bytes decoded so far
 * is a word of the built-in dictionary). So the shared run is always the start
 * of the stream: the response's head and page of updates, compressed and
 * flushed (left byte-aligned, not finished). What differs per device comes
 * after it as an uncompressed meta-block, which decodes the same wherever it
 * stands, and an empty last meta-block ends the stream. The tail it carries
 * (cursor, times, the signed tree head and its proof) is mostly hashes and a
 * signature, which no compressor shrinks.
 */

const brotliCompressAsync = promisify(brotliCompress);

/**
 * Quality 11, brotli's best, for what devices share: the head and page of a
 * pull, compressed once for all of them (docs/BENCHMARKS.md, "Brotli for sync
 * responses": 17 % under gzip on the bench's pages, where quality 5 to 9 save
 * 5 to 9 %).
 */
export const BROTLI_QUALITY = 11;
/**
 * Quality 5 for a run once the server has spent its budget for quality 11
 * ({@link createByteBudget}): as small as gzip -6 or smaller, and about as fast.
 */
export const BROTLI_QUALITY_FAST = 5;
/**
 * Input a server compresses at quality 11 per second (one second's worth may
 * be spent at once), shared pages and single devices' runs alike: about two
 * full pages, some tenths of a core. A device back from a week away gets its
 * first page small; a whole district reconnecting with work to push, or its
 * tablets joining on their first morning (every person's join pages are their
 * own), does not cost a core per device.
 */
export const BROTLI_FULL_BYTES_PER_SECOND = 256 * 1024;

/** A token bucket of bytes: true (and spent) while `bytes` fit in what has been earned. */
export function createByteBudget(
  bytesPerSecond: number,
  now: () => number = () => performance.now(),
): (bytes: number) => boolean {
  let tokens = bytesPerSecond;
  let at = now();
  return (bytes) => {
    const t = now();
    tokens = Math.min(bytesPerSecond, tokens + ((t - at) / 1000) * bytesPerSecond);
    at = t;
    if (tokens < bytes) return false;
    tokens -= bytes;
    return true;
  };
}

/**
 * Window of 2^18 bytes: a response frame is at most a page (PAGE_BYTES) plus
 * one update, so a larger window finds nothing more and only makes a tablet's
 * decoder hold a larger ring buffer.
 */
const BROTLI_WINDOW_BITS = 18;

/** Compresses a run that opens a brotli stream, flushed and left open for what follows. */
export function brotliOpening(quality: number = BROTLI_QUALITY) {
  return (bytes: Uint8Array): Promise<Uint8Array> =>
    brotliCompressAsync(bytes, {
      finishFlush: constants.BROTLI_OPERATION_FLUSH,
      params: {
        [constants.BROTLI_PARAM_QUALITY]: quality,
        [constants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      },
    }).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
}

/** The largest uncompressed meta-block: MLEN is at most six nibbles. */
const MAX_STORED = 2 ** 24;

/**
 * `bytes` (1 B to 16 MiB) as one uncompressed meta-block, to follow a flushed
 * stream. Bits, least significant first: ISLAST 0, MNIBBLES − 4 (2 bits),
 * MLEN − 1 in the fewest nibbles that hold it (RFC 7932 §9.2: a longer form
 * with a zero top nibble is invalid), ISUNCOMPRESSED 1, then zero bits to the
 * byte boundary, then the bytes as they are.
 */
export function storedMetaBlock(bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength < 1 || bytes.byteLength > MAX_STORED)
    throw new RangeError(`a stored meta-block holds 1 to ${MAX_STORED} bytes`);
  const m = bytes.byteLength - 1;
  const nibbles = m < 2 ** 16 ? 4 : m < 2 ** 20 ? 5 : 6;
  const bits = ((nibbles - 4) << 1) | (m << 3) | (1 << (3 + 4 * nibbles));
  const headerBytes = Math.ceil((4 + 4 * nibbles) / 8);
  const out = new Uint8Array(headerBytes + bytes.byteLength);
  for (let i = 0; i < headerBytes; i++) out[i] = (bits >>> (8 * i)) & 0xff;
  out.set(bytes, headerBytes);
  return out;
}

/** An empty last meta-block: ISLAST 1, ISLASTEMPTY 1, padded to the byte. */
export const BROTLI_END = Uint8Array.of(0x03);
