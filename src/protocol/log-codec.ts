import * as encoding from 'lib0/encoding';
import type { LogEntry } from '@domain/record-log.ts';
import { idSize, idTextSize, readId, varUintSize, writeId, writeIdAsText } from './wire-ids.ts';
import { readCount, readUint, WireError, type WireReader } from './wire-reader.ts';

/**
 * Log entries on the wire (protocol 3). A list is sorted by position and
 * delta-coded, so the entries of one commit cost about 20 bytes each (about 44 with
 * their ids as text, in a pulled update: EntryIds below):
 *
 *   varUint count, then per entry:
 *   id (wire-ids.ts: a UUID as 16 bytes, or as text) | varUint pos − previous pos
 *   | zigzag varUint receivedAt − previous receivedAt | varUint receivedAt − notBefore
 *   | varUint register serial (0: none) [| varUint register year, when the serial is not 0]
 *
 * (the first entry's previous pos and receivedAt are 0). The register fields
 * (protocol 7, docs/decisions/0008-running-register.md) cost one byte per entry
 * without a register number and about four with one.
 */

const zigzag = (n: number): number => (n >= 0 ? 2 * n : -2 * n - 1);
const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

function sorted(entries: readonly LogEntry[]): readonly LogEntry[] {
  return entries.every((e, i) => i === 0 || (entries[i - 1]?.pos ?? 0) < e.pos)
    ? entries
    : [...entries].sort((a, b) => a.pos - b.pos);
}

function fields(entries: readonly LogEntry[]) {
  let pos = 0;
  let at = 0;
  return sorted(entries).map((e) => {
    const f = {
      id: e.eventId,
      pos: e.pos - pos,
      at: zigzag(e.receivedAt - at),
      before: Math.max(0, e.receivedAt - e.notBefore),
      serial: e.register?.serial ?? 0,
      year: e.register?.year ?? 0,
    };
    pos = e.pos;
    at = e.receivedAt;
    return f;
  });
}

/**
 * How the entries' event ids are written: `binary` as writeId (16 bytes a UUID);
 * `text` as writeIdAsText, for the entries of a pulled update, whose events carry
 * the same ids as text just before them (the reader is the same for both).
 */
export type EntryIds = 'binary' | 'text';

export function writeLogEntries(
  enc: encoding.Encoder,
  entries: readonly LogEntry[],
  ids: EntryIds = 'binary',
): void {
  encoding.writeVarUint(enc, entries.length);
  for (const f of fields(entries)) {
    if (ids === 'text') writeIdAsText(enc, f.id);
    else writeId(enc, f.id);
    encoding.writeVarUint(enc, f.pos);
    encoding.writeVarUint(enc, f.at);
    encoding.writeVarUint(enc, f.before);
    encoding.writeVarUint(enc, f.serial);
    if (f.serial > 0) encoding.writeVarUint(enc, f.year);
  }
}

export function readLogEntries(r: WireReader): LogEntry[] {
  const out: LogEntry[] = [];
  let pos = 0;
  let at = 0;
  for (let i = readCount(r, 5); i > 0; i--) {
    const eventId = readId(r);
    pos += readUint(r);
    at += unzigzag(readUint(r));
    const notBefore = at - readUint(r);
    if (!Number.isSafeInteger(pos) || !Number.isSafeInteger(at) || notBefore < 0)
      throw new WireError('log entry out of range');
    const serial = readUint(r);
    const year = serial > 0 ? readUint(r) : 0;
    if (serial > 0 && (year < 1000 || year > 9999))
      throw new WireError('register year out of range');
    out.push({
      eventId,
      pos,
      receivedAt: at,
      notBefore,
      ...(serial > 0 ? { register: { year, serial } } : {}),
    });
  }
  return out;
}

/** Bytes writeLogEntries will use. */
export function logEntriesSize(entries: readonly LogEntry[], ids: EntryIds = 'binary'): number {
  let n = varUintSize(entries.length);
  for (const f of fields(entries))
    n +=
      (ids === 'text' ? idTextSize(f.id) : idSize(f.id)) +
      varUintSize(f.pos) +
      varUintSize(f.at) +
      varUintSize(f.before) +
      varUintSize(f.serial) +
      (f.serial > 0 ? varUintSize(f.year) : 0);
  return n;
}
