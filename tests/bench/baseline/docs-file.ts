import { readFileSync, writeFileSync } from 'node:fs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** A list of (document name, Yjs state) pairs in one file, to hand documents to the baseline server process. */

export function writeDocsFile(path: string, docs: ReadonlyMap<string, Uint8Array>): void {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, docs.size);
  for (const [name, state] of docs) {
    encoding.writeVarString(enc, name);
    encoding.writeVarUint8Array(enc, state);
  }
  writeFileSync(path, encoding.toUint8Array(enc));
}

export function readDocsFile(path: string): Map<string, Uint8Array> {
  const dec = decoding.createDecoder(new Uint8Array(readFileSync(path)));
  const n = decoding.readVarUint(dec);
  const out = new Map<string, Uint8Array>();
  for (let i = 0; i < n; i++) out.set(decoding.readVarString(dec), decoding.readVarUint8Array(dec));
  return out;
}
