import * as encoding from 'lib0/encoding';
import { asRecordId } from '@domain/ids.ts';
import {
  JOIN_PROTOCOL,
  LATER_REFUSALS_PROTOCOL,
  NO_GENERATION,
  REFUSAL_REASONS,
  reasonIndex,
  type RecordEntries,
  type Refusal,
  type ServerUpdate,
  type SyncResponse,
  type TreeHeadFrame,
} from './messages.ts';
import { readJoinResponse, writeJoinResponse } from './join-codec.ts';
import { readLogEntries, writeLogEntries } from './log-codec.ts';
import { readId, writeId, writeIdAsText } from './wire-ids.ts';
import {
  readByte,
  readBytes,
  readCount,
  readString,
  readUint,
  WireError,
  type WireReader,
} from './wire-reader.ts';
import { writeUint } from './wire-writer.ts';

/**
 * A sync response's body on the wire (codec.ts writes the frame's header before it):
 * the acks, the log entries of what was taken, the refusals, the page of updates, and
 * the cursor, tree head, consistency proof and join state after them. Written in three
 * runs (head, updates, tail) so the server can compress a shared page once
 * (encodeSyncResponseParts).
 */

export function writeSyncResponse(enc: encoding.Encoder, f: SyncResponse): void {
  writeResponseHead(enc, f);
  writeResponseUpdates(enc, f.updates);
  writeResponseTail(enc, f);
}

export function writeResponseHead(enc: encoding.Encoder, f: SyncResponse): void {
  writeUint(enc, f.acks.length);
  for (const ref of f.acks) writeUint(enc, ref);
  const logged = f.logged ?? [];
  writeUint(enc, logged.length);
  for (const l of logged) {
    writeId(enc, l.recordId);
    writeLogEntries(enc, l.entries);
  }
  writeUint(enc, f.refusals.length);
  for (const x of f.refusals) {
    writeUint(enc, x.ref);
    writeId(enc, x.recordId);
    encoding.writeUint8(enc, reasonIndex(x.reason));
    encoding.writeVarString(enc, x.detail);
    encoding.writeVarUint8Array(enc, x.serverState);
    writeLogEntries(enc, x.entries ?? []);
    if (f.protocol >= LATER_REFUSALS_PROTOCOL) {
      // 0: a refusal of this request's push; else the id of one made later, and what it refused.
      writeUint(enc, x.later?.id ?? 0);
      if (x.later !== undefined) encoding.writeVarUint8Array(enc, x.later.change);
    }
  }
}

export function writeResponseUpdates(
  enc: encoding.Encoder,
  updates: readonly ServerUpdate[],
): void {
  writeUint(enc, updates.length);
  for (const u of updates) {
    writeUint(enc, u.seq);
    // Ids as text (writeIdAsText), which every protocol's reader reads as it reads 16
    // raw bytes (readId), so no version changes: an event's log entry names the id its
    // event carries as text in the update just before it (and a creation's, the record
    // id of the update's head), and a page's later updates of a record repeat its id;
    // brotli copies each from there, where 16 random bytes stay 16 (docs/BENCHMARKS.md,
    // "Where the join's bytes go": 5 % of a join).
    writeIdAsText(enc, u.recordId);
    encoding.writeVarUint8Array(enc, u.update);
    writeLogEntries(enc, u.entries ?? [], 'text');
  }
}

export function writeResponseTail(enc: encoding.Encoder, f: SyncResponse): void {
  writeUint(enc, f.cursor);
  encoding.writeUint8(enc, f.more ? 1 : 0);
  writeUint(enc, f.serverTime);
  writeUint(enc, f.headSeq);
  writeUint(enc, f.generation ?? NO_GENERATION);
  const head = f.treeHead;
  encoding.writeUint8(enc, head === undefined ? 0 : 1);
  if (head !== undefined) {
    writeUint(enc, head.size);
    encoding.writeVarUint8Array(enc, head.root);
    writeUint(enc, head.time);
    encoding.writeVarUint8Array(enc, head.sig);
  }
  const proof = f.consistency ?? [];
  writeUint(enc, proof.length);
  for (const node of proof) encoding.writeVarUint8Array(enc, node);
  if (f.protocol >= JOIN_PROTOCOL) writeJoinResponse(enc, f.join);
}

/** The signed tree head and consistency proof at the end of a response. */
function readTreeHead(r: WireReader) {
  const flag = readByte(r);
  if (flag > 1) throw new WireError('bad tree head flag');
  const treeHead: TreeHeadFrame | undefined =
    flag === 1
      ? { size: readUint(r), root: readBytes(r), time: readUint(r), sig: readBytes(r) }
      : undefined;
  const consistency: Uint8Array[] = [];
  for (let i = readCount(r, 1); i > 0; i--) consistency.push(readBytes(r));
  return treeHead === undefined ? { consistency } : { treeHead, consistency };
}

export function readSyncResponse(r: WireReader, protocol: number): SyncResponse {
  const acks: number[] = [];
  for (let i = readCount(r, 1); i > 0; i--) acks.push(readUint(r));
  const logged: RecordEntries[] = [];
  for (let i = readCount(r, 2); i > 0; i--) {
    const recordId = asRecordId(readId(r));
    logged.push({ recordId, entries: readLogEntries(r) });
  }
  const refusals: Refusal[] = [];
  for (let i = readCount(r, 6); i > 0; i--) refusals.push(readRefusal(r, protocol));
  const updates: ServerUpdate[] = [];
  for (let i = readCount(r, 3); i > 0; i--) {
    const seq = readUint(r);
    const recordId = asRecordId(readId(r));
    const update = readBytes(r);
    updates.push({ seq, recordId, update, entries: readLogEntries(r) });
  }
  const cursor = readUint(r);
  const moreByte = readByte(r);
  if (moreByte > 1) throw new WireError('bad more flag');
  const serverTime = readUint(r);
  const headSeq = readUint(r);
  const generation = readUint(r);
  const log = readTreeHead(r);
  const join = protocol >= JOIN_PROTOCOL ? readJoinResponse(r) : undefined;
  return {
    type: 'syncResponse',
    protocol,
    acks,
    logged,
    refusals,
    updates,
    cursor,
    more: moreByte === 1,
    serverTime,
    headSeq,
    generation,
    ...log,
    ...(join === undefined ? {} : { join }),
  };
}

function readRefusal(r: WireReader, protocol: number): Refusal {
  const ref = readUint(r);
  const recordId = asRecordId(readId(r));
  const index = readByte(r);
  // A newer server's reason: still a refusal (the change is quarantined), shown as unknown.
  const reason = REFUSAL_REASONS[index] ?? (`unknown:${index}` as const);
  const detail = readString(r);
  const serverState = readBytes(r);
  const refusal = { ref, recordId, reason, detail, serverState, entries: readLogEntries(r) };
  if (protocol < LATER_REFUSALS_PROTOCOL) return refusal;
  const id = readUint(r);
  return id === 0 ? refusal : { ...refusal, later: { id, change: readBytes(r) } };
}
