import * as encoding from 'lib0/encoding';
import { asDeviceId, asRecordId } from '@domain/ids.ts';
import {
  ERROR_CODES,
  CHANNEL_FRAME_VERSION,
  JOIN_PROTOCOL,
  LATER_REFUSALS_PROTOCOL,
  MAX_TAKEN_PER_REQUEST,
  MIN_CLIENT_PROTOCOL,
  NO_GENERATION,
  PROTOCOL_VERSION,
  type Announce,
  type Heartbeat,
  type DirectoryAnnounce,
  type ErrorFrame,
  type Frame,
  type PushedUpdate,
  type SyncRequest,
  type SyncResponse,
} from './messages.ts';
import { err, ok, type Result } from '@domain/result.ts';
import { readId, writeId } from './wire-ids.ts';
import {
  readSyncResponse,
  writeResponseHead,
  writeResponseTail,
  writeResponseUpdates,
  writeSyncResponse,
} from './response-codec.ts';
import { readJoinRequest, writeJoinRequest } from './join-codec.ts';
import {
  atEnd,
  createWireReader,
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
 * Binary frames (DESIGN.md §5). Every frame starts with a header:
 *
 *   'P' 'V' | varUint protocol version | uint8 frame tag
 *
 * then the frame's fields in declaration order: integers as lib0 varUints,
 * strings as length-prefixed UTF-8, ids via wire-ids.ts, Yjs updates as
 * length-prefixed raw bytes. Enumerations (refusal reasons, error codes)
 * travel as their index in the shared constant arrays, so those arrays are
 * append-only.
 *
 * Error frames keep one layout in every protocol version, so a peer can always
 * read why it was refused, including a version mismatch.
 */

const MAGIC_0 = 0x50; // 'P'
const MAGIC_1 = 0x56; // 'V'

const TAG = {
  syncRequest: 1,
  syncResponse: 2,
  announce: 3,
  error: 4,
  heartbeat: 5,
  directory: 6,
} as const;

export type DecodeErrorCode = 'frameMalformed' | 'clientTooOld' | 'serverTooOld';
export interface DecodeError {
  /**
   * From the decoder's side: `serverTooOld` = the frame is from a newer protocol
   * than this build speaks; `clientTooOld` = older than MIN_CLIENT_PROTOCOL.
   */
  readonly code: DecodeErrorCode;
  readonly detail: string;
}

function writeHeader(enc: encoding.Encoder, version: number, tag: number): void {
  encoding.writeUint8(enc, MAGIC_0);
  encoding.writeUint8(enc, MAGIC_1);
  writeUint(enc, version);
  encoding.writeUint8(enc, tag);
}

export function encodeFrame(frame: Frame): Uint8Array<ArrayBuffer> {
  const enc = encoding.createEncoder();
  // Push-channel and error frames have kept their layout since protocol 2 and carry that
  // version, so every device reads them (a device refuses frames newer than its own).
  const version =
    frame.type === 'syncRequest' || frame.type === 'syncResponse'
      ? frame.protocol
      : CHANNEL_FRAME_VERSION;
  writeHeader(enc, version, TAG[frame.type]);
  switch (frame.type) {
    case 'syncRequest':
      writeSyncRequest(enc, frame);
      break;
    case 'syncResponse':
      writeSyncResponse(enc, frame);
      break;
    case 'announce':
      writeUint(enc, frame.cursor);
      break;
    case 'heartbeat':
      writeUint(enc, frame.intervalMs);
      break;
    case 'directory':
      writeUint(enc, frame.version);
      break;
    case 'error':
      writeErrorFrame(enc, frame);
      break;
  }
  return encoding.toUint8Array(enc);
}

/** Never throws: garbage, truncation and absurd lengths all come back as errors. */
export function decodeFrame(bytes: Uint8Array): Result<Frame, DecodeError> {
  try {
    return decodeUnchecked(createWireReader(bytes));
  } catch (e) {
    const detail = e instanceof WireError ? e.message : 'undecodable frame';
    return err({ code: 'frameMalformed', detail });
  }
}

function decodeUnchecked(r: WireReader): Result<Frame, DecodeError> {
  if (readByte(r) !== MAGIC_0 || readByte(r) !== MAGIC_1) {
    return err({ code: 'frameMalformed', detail: 'not a Patravali frame' });
  }
  const version = readUint(r);
  const tag = readByte(r);
  if (tag !== TAG.error) {
    if (version > PROTOCOL_VERSION) {
      return err({
        code: 'serverTooOld',
        detail: `frame protocol ${version} > ${PROTOCOL_VERSION}`,
      });
    }
    // Push-channel frames carry CHANNEL_FRAME_VERSION whatever the protocol.
    const sync = tag === TAG.syncRequest || tag === TAG.syncResponse;
    if (sync && version < MIN_CLIENT_PROTOCOL) {
      return err({
        code: 'clientTooOld',
        detail: `frame protocol ${version} < ${MIN_CLIENT_PROTOCOL}`,
      });
    }
  }
  const frame = readBody(r, tag, version);
  if (!atEnd(r)) return err({ code: 'frameMalformed', detail: 'trailing bytes after frame' });
  return ok(frame);
}

function readBody(r: WireReader, tag: number, version: number): Frame {
  switch (tag) {
    case TAG.syncRequest:
      return readSyncRequest(r, version);
    case TAG.syncResponse:
      return readSyncResponse(r, version);
    case TAG.announce:
      return { type: 'announce', cursor: readUint(r) } satisfies Announce;
    case TAG.heartbeat:
      return { type: 'heartbeat', intervalMs: readUint(r) } satisfies Heartbeat;
    case TAG.directory:
      return { type: 'directory', version: readUint(r) } satisfies DirectoryAnnounce;
    case TAG.error:
      return readErrorFrame(r);
    default:
      throw new WireError(`unknown frame tag ${tag}`);
  }
}

function writeSyncRequest(enc: encoding.Encoder, f: SyncRequest): void {
  writeId(enc, f.deviceId);
  writeUint(enc, f.cursor);
  writeUint(enc, f.generation ?? NO_GENERATION);
  writeUint(enc, f.logSize ?? 0);
  writeUint(enc, f.updates.length);
  for (const u of f.updates) {
    writeUint(enc, u.ref);
    writeId(enc, u.recordId);
    encoding.writeVarUint8Array(enc, u.update);
  }
  if (f.protocol >= JOIN_PROTOCOL) writeJoinRequest(enc, f.join);
  if (f.protocol >= LATER_REFUSALS_PROTOCOL) {
    const taken = f.taken ?? [];
    writeUint(enc, taken.length);
    for (const id of taken) writeUint(enc, id);
  }
}

function readSyncRequest(r: WireReader, protocol: number): SyncRequest {
  const deviceId = asDeviceId(readId(r));
  const cursor = readUint(r);
  const generation = readUint(r);
  const logSize = readUint(r);
  const count = readCount(r, 3);
  const updates: PushedUpdate[] = [];
  for (let i = 0; i < count; i++) {
    const ref = readUint(r);
    const recordId = asRecordId(readId(r));
    updates.push({ ref, recordId, update: readBytes(r) });
  }
  const join = protocol >= JOIN_PROTOCOL ? readJoinRequest(r) : undefined;
  const taken: number[] = [];
  if (protocol >= LATER_REFUSALS_PROTOCOL) {
    const count = readCount(r, 1);
    if (count > MAX_TAKEN_PER_REQUEST)
      throw new WireError(
        `a sync request names at most ${MAX_TAKEN_PER_REQUEST} taken refusals, not ${count}`,
      );
    for (let i = count; i > 0; i--) taken.push(readUint(r));
  }
  const request: SyncRequest = {
    type: 'syncRequest',
    protocol,
    deviceId,
    cursor,
    generation,
    logSize,
    updates,
  };
  const withJoin = join === undefined ? request : { ...request, join };
  return taken.length > 0 ? { ...withJoin, taken } : withJoin;
}

/**
 * A sync response as three byte runs whose concatenation is exactly
 * encodeFrame(f): everything before the updates, the page of updates, and
 * everything after. Devices pulling the same page get the same middle run, so
 * the server can compress it once (sync-server/http/response-encoding.ts).
 */
export function encodeSyncResponseParts(f: SyncResponse): {
  readonly head: Uint8Array;
  readonly updates: Uint8Array;
  readonly tail: Uint8Array;
} {
  const head = encoding.createEncoder();
  writeHeader(head, f.protocol, TAG.syncResponse);
  writeResponseHead(head, f);
  const updates = encoding.createEncoder();
  writeResponseUpdates(updates, f.updates);
  const tail = encoding.createEncoder();
  writeResponseTail(tail, f);
  return {
    head: encoding.toUint8Array(head),
    updates: encoding.toUint8Array(updates),
    tail: encoding.toUint8Array(tail),
  };
}

function writeErrorFrame(enc: encoding.Encoder, f: ErrorFrame): void {
  encoding.writeUint8(enc, ERROR_CODES.indexOf(f.code));
  encoding.writeVarString(enc, f.detail);
}

function readErrorFrame(r: WireReader): ErrorFrame {
  const code = ERROR_CODES[readByte(r)];
  if (code === undefined) throw new WireError('unknown error code');
  return { type: 'error', code, detail: readString(r) };
}
