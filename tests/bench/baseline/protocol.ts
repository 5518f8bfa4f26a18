import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/**
 * The per-document baseline: how y-websocket and Hocuspocus reconcile on
 * reconnect. Many documents share one WebSocket (Hocuspocus-style), each
 * message prefixed with its document name; inside, the y-protocols sync
 * messages: the client sends SyncStep1 (its state vector) for every document,
 * the server answers SyncStep2 (what the client lacks) and its own SyncStep1,
 * and the client answers that with SyncStep2 (what the server lacks).
 * A final `done` message (not part of y-protocols; a few bytes) lets the
 * client know the server has read everything it sent, so time can be measured.
 */

export const MESSAGE_SYNC = 0;
/** Hocuspocus's MessageType.Auth; inside, AuthMessageType Token (0) or Authenticated (2). */
export const MESSAGE_AUTH = 2;
const AUTH_TOKEN = 0;
const AUTH_AUTHENTICATED = 2;
export const MESSAGE_DONE = 9;
/** Document name of the `done` echo. */
export const DONE_DOC = '';

export function syncStep1Message(docName: string, doc: Y.Doc): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarString(enc, docName);
  encoding.writeVarUint(enc, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(enc, doc);
  return encoding.toUint8Array(enc);
}

export function syncStep2Message(docName: string, doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarString(enc, docName);
  encoding.writeVarUint(enc, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(enc, doc, stateVector);
  return encoding.toUint8Array(enc);
}

/**
 * Hocuspocus's per-document authentication: before syncing a document the
 * provider sends its token for that document, and waits for the server's
 * Authenticated (with the scope granted) before its SyncStep1.
 */
export function authTokenMessage(docName: string, token: string): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarString(enc, docName);
  encoding.writeVarUint(enc, MESSAGE_AUTH);
  encoding.writeVarUint(enc, AUTH_TOKEN);
  encoding.writeVarString(enc, token);
  return encoding.toUint8Array(enc);
}

export function authenticatedMessage(docName: string): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarString(enc, docName);
  encoding.writeVarUint(enc, MESSAGE_AUTH);
  encoding.writeVarUint(enc, AUTH_AUTHENTICATED);
  encoding.writeVarString(enc, 'read-write');
  return encoding.toUint8Array(enc);
}

export function doneMessage(): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarString(enc, DONE_DOC);
  encoding.writeVarUint(enc, MESSAGE_DONE);
  return encoding.toUint8Array(enc);
}

export interface Parsed {
  readonly docName: string;
  readonly kind: 'step1' | 'step2' | 'update' | 'done' | 'auth' | 'authenticated';
  /** State vector (step1) or update (step2/update); empty for the others. */
  readonly payload: Uint8Array;
}

export function parseMessage(data: Uint8Array): Parsed {
  const dec = decoding.createDecoder(data);
  const docName = decoding.readVarString(dec);
  const outer = decoding.readVarUint(dec);
  if (outer === MESSAGE_DONE) return { docName, kind: 'done', payload: new Uint8Array(0) };
  if (outer === MESSAGE_AUTH) {
    const kind = decoding.readVarUint(dec) === AUTH_TOKEN ? 'auth' : 'authenticated';
    return { docName, kind, payload: new Uint8Array(0) };
  }
  if (outer !== MESSAGE_SYNC) throw new Error(`unknown message type ${outer}`);
  const inner = decoding.readVarUint(dec);
  const payload = decoding.readVarUint8Array(dec);
  const kind =
    inner === syncProtocol.messageYjsSyncStep1
      ? 'step1'
      : inner === syncProtocol.messageYjsSyncStep2
        ? 'step2'
        : 'update';
  return { docName, kind, payload };
}

/** WebSocket frame header bytes for a binary message of `len` bytes (client frames are masked). */
export function wsFrameOverhead(len: number, fromClient: boolean): number {
  const ext = len < 126 ? 0 : len <= 0xffff ? 2 : 8;
  return 2 + ext + (fromClient ? 4 : 0);
}
