import * as decoding from 'lib0/decoding';

/**
 * Bounds-checked reads over lib0/decoding. lib0 trusts its input (a length
 * prefix may point past the end of the view into the rest of the buffer);
 * frames come off the network, so every read is checked here and a bad one
 * throws WireError, which decodeFrame turns into a `frameMalformed` result.
 */

export class WireError extends Error {
  override readonly name = 'WireError';
}

export interface WireReader {
  readonly decoder: decoding.Decoder;
}

export const createWireReader = (bytes: Uint8Array): WireReader => ({
  decoder: decoding.createDecoder(bytes),
});

const remaining = (r: WireReader): number => r.decoder.arr.length - r.decoder.pos;

export const atEnd = (r: WireReader): boolean => remaining(r) === 0;

export function readByte(r: WireReader): number {
  if (remaining(r) < 1) throw new WireError('truncated');
  return decoding.readUint8(r.decoder);
}

/** A non-negative integer up to 2^53 − 1 (lib0 throws beyond; we rethrow as WireError). */
export function readUint(r: WireReader): number {
  try {
    const n = decoding.readVarUint(r.decoder);
    if (!Number.isSafeInteger(n)) throw new WireError('integer out of range');
    return n;
  } catch (e) {
    throw e instanceof WireError ? e : new WireError('bad varint');
  }
}

/** A length-prefixed byte string, copied so it does not pin the whole frame's buffer. */
export function readBytes(r: WireReader): Uint8Array {
  const len = readUint(r);
  if (len > remaining(r)) throw new WireError(`length ${len} past end of frame`);
  return decoding.readUint8Array(r.decoder, len).slice();
}

export function readString(r: WireReader): string {
  return new TextDecoder().decode(readBytes(r));
}

/**
 * A count of items that each take at least `minItemBytes`: a count larger than
 * what the rest of the frame could hold is refused before any loop runs.
 */
export function readCount(r: WireReader, minItemBytes: number): number {
  const n = readUint(r);
  if (n * minItemBytes > remaining(r)) throw new WireError(`count ${n} exceeds frame`);
  return n;
}
