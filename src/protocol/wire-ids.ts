import * as encoding from 'lib0/encoding';
import { isUuid } from '@domain/ids.ts';
import { readByte, readString, WireError, type WireReader } from './wire-reader.ts';

/**
 * Ids on the wire. Record and device ids are lowercase UUIDs in practice:
 * those travel as 16 raw bytes (tag 1) instead of 36 characters; anything
 * else (test ids, future formats) travels as a string (tag 0).
 */

const ID_STRING = 0;
const ID_UUID = 1;

const HEX = '0123456789abcdef';
const DASH = 45;
const ZERO = 48;
const NINE = 57;
const LOWER_A = 97;

export function writeId(enc: encoding.Encoder, id: string): void {
  if (isUuid(id)) {
    encoding.writeUint8(enc, ID_UUID);
    // Two hex digits per byte, past the dashes (isUuid: lowercase only). A storm's
    // responses write some 100,000 ids, so no string is cut or parsed here.
    let high = -1;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      if (c === DASH) continue;
      const digit = c <= NINE ? c - ZERO : c - LOWER_A + 10;
      if (high < 0) high = digit;
      else {
        encoding.writeUint8(enc, (high << 4) | digit);
        high = -1;
      }
    }
  } else {
    encoding.writeUint8(enc, ID_STRING);
    encoding.writeVarString(enc, id);
  }
}

/**
 * `id` in its text form (tag 0) whatever it is, which readId reads as it reads
 * writeId's. A UUID takes 38 bytes so, not 17; but where the same text has gone by
 * shortly before (an event's id inside the Yjs update before its log entry), a
 * compressor sends it as a short copy of that, and 16 raw bytes are random to it.
 */
export function writeIdAsText(enc: encoding.Encoder, id: string): void {
  encoding.writeUint8(enc, ID_STRING);
  encoding.writeVarString(enc, id);
}

/** Bytes writeIdAsText will use for `id`. */
export function idTextSize(id: string): number {
  const len = new TextEncoder().encode(id).length;
  return 1 + varUintSize(len) + len;
}

/** Bytes writeId will use for `id`. */
export function idSize(id: string): number {
  return isUuid(id) ? 17 : idTextSize(id);
}

export function readId(r: WireReader): string {
  const tag = readByte(r);
  if (tag === ID_STRING) return readString(r);
  if (tag !== ID_UUID) throw new WireError(`unknown id tag ${tag}`);
  let hex = '';
  for (let i = 0; i < 16; i++) {
    const b = readByte(r);
    hex += (HEX[b >> 4] ?? '') + (HEX[b & 15] ?? '');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Bytes lib0's writeVarUint uses for `n` (7 bits per byte). */
export function varUintSize(n: number): number {
  let size = 1;
  let rest = n;
  while (rest > 127) {
    rest = Math.floor(rest / 128);
    size++;
  }
  return size;
}
