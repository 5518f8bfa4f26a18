import * as encoding from 'lib0/encoding';
import { asRecordId } from '@domain/ids.ts';
import type { DeskMark, JoinRequest, JoinResponse } from './messages.ts';
import { readId, writeId } from './wire-ids.ts';
import { readByte, readUint, WireError, type WireReader } from './wire-reader.ts';
import { writeUint } from './wire-writer.ts';

/**
 * A desk-first join on the wire (protocol 14): the join a sync request asks
 * for and the one a sync response answers with, each led by its phase byte
 * (0 none, 1 desk, 2 rest) and carrying desk marks (a flag byte, then the
 * record id and seq when there is one). codec.ts writes them at the end of
 * the request's and response's fields.
 */

/**
 * Join phases on the wire (protocol 14): 0 none, 1 desk, 2 rest; 3 (protocol 17,
 * requests only) rest with each record whole from a cursor on (decision 0019).
 */
const JOIN_PHASE = { none: 0, desk: 1, rest: 2, wholeRest: 3 } as const;

function writeDeskMark(enc: encoding.Encoder, mark: DeskMark | null): void {
  encoding.writeUint8(enc, mark === null ? 0 : 1);
  if (mark === null) return;
  writeId(enc, mark.recordId);
  writeUint(enc, mark.seq);
}

function readDeskMark(r: WireReader): DeskMark | null {
  const flag = readByte(r);
  if (flag > 1) throw new WireError('bad desk mark flag');
  return flag === 0 ? null : { recordId: asRecordId(readId(r)), seq: readUint(r) };
}

export function writeJoinRequest(enc: encoding.Encoder, join: JoinRequest | undefined): void {
  const whole = join?.phase === 'rest' && join.wholeFrom !== undefined;
  encoding.writeUint8(enc, whole ? JOIN_PHASE.wholeRest : JOIN_PHASE[join?.phase ?? 'none']);
  if (join === undefined) return;
  writeUint(enc, join.seq);
  if (join.phase === 'desk') writeDeskMark(enc, join.after);
  else if (join.wholeFrom !== undefined) writeUint(enc, join.wholeFrom);
}

export function readJoinRequest(r: WireReader): JoinRequest | undefined {
  const phase = readByte(r);
  if (phase === JOIN_PHASE.none) return undefined;
  if (phase === JOIN_PHASE.rest) return { phase: 'rest', seq: readUint(r) };
  if (phase === JOIN_PHASE.wholeRest) {
    const seq = readUint(r);
    return { phase: 'rest', seq, wholeFrom: readUint(r) };
  }
  if (phase !== JOIN_PHASE.desk) throw new WireError('bad join phase');
  const seq = readUint(r);
  return { phase: 'desk', seq, after: readDeskMark(r) };
}

export function writeJoinResponse(enc: encoding.Encoder, join: JoinResponse | undefined): void {
  encoding.writeUint8(enc, JOIN_PHASE[join?.phase ?? 'none']);
  if (join === undefined) return;
  writeUint(enc, join.seq);
  writeDeskMark(enc, join.next);
  writeUint(enc, join.recordsLeft);
  writeUint(enc, join.bytesLeft);
}

export function readJoinResponse(r: WireReader): JoinResponse | undefined {
  const phase = readByte(r);
  if (phase === JOIN_PHASE.none) return undefined;
  if (phase !== JOIN_PHASE.desk && phase !== JOIN_PHASE.rest) throw new WireError('bad join phase');
  return {
    phase: phase === JOIN_PHASE.desk ? 'desk' : 'rest',
    seq: readUint(r),
    next: readDeskMark(r),
    recordsLeft: readUint(r),
    bytesLeft: readUint(r),
  };
}
