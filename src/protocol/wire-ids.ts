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

export function writeId(enc: encoding.Encoder, id: string): void {
  if (isUuid(id)) {
    encoding.writeUint8(enc, ID_UUID);
    const hex = id.replaceAll('-', '');
    for (let i = 0; i < 32; i += 2) encoding.writeUint8(enc, parseInt(hex.slice(i, i + 2), 16));
  } else {
    encoding.writeUint8(enc, ID_STRING);
    encoding.writeVarString(enc, id);
  }
}

/** Bytes writeId will use for `id`. */
export function idSize(id: string): number {
  if (isUuid(id)) return 17;
  const len = new TextEncoder().encode(id).length;
  return 1 + varUintSize(len) + len;
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
