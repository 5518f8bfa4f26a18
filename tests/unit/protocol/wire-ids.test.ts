// Ids on the wire (src/protocol/wire-ids.ts): a UUID travels as 16 raw bytes in
// order, anything else as a string; both read back as written.
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { idSize, idTextSize, readId, writeId, writeIdAsText } from '@protocol/wire-ids.ts';
import { createWireReader } from '@protocol/wire-reader.ts';

const written = (id: string): Uint8Array => {
  const enc = encoding.createEncoder();
  writeId(enc, id);
  return encoding.toUint8Array(enc);
};

describe('ids on the wire', () => {
  it('writes a UUID as its 16 bytes, in order, after the tag', () => {
    expect([...written('00112233-4455-6677-8899-aabbccddeeff')]).toEqual([
      1, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,
      0xff,
    ]);
  });

  it('reads back every UUID and every other id as written, in the size it said', () => {
    const id = fc.oneof(
      fc.uuid().map((u) => u.toLowerCase()),
      fc.string(),
      fc.uuid().map((u) => u.toUpperCase()),
    );
    fc.assert(
      fc.property(id, (x) => {
        const bytes = written(x);
        expect(bytes.length).toBe(idSize(x));
        expect(readId(createWireReader(bytes))).toBe(x);
      }),
    );
  });

  it('writes any id as text when asked, and reads it back as writeId wrote it', () => {
    const uuid = '00112233-4455-6677-8899-aabbccddeeff';
    const enc = encoding.createEncoder();
    writeIdAsText(enc, uuid);
    const bytes = encoding.toUint8Array(enc);
    expect([...bytes.slice(0, 2)]).toEqual([0, 36]);
    expect(new TextDecoder().decode(bytes.slice(2))).toBe(uuid);
    expect(bytes.length).toBe(idTextSize(uuid));
    expect(readId(createWireReader(bytes))).toBe(readId(createWireReader(written(uuid))));
  });
});
