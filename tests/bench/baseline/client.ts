import { createConnection, type NetConnectOpts, type Socket } from 'node:net';
import WebSocket from 'ws';
import * as Y from 'yjs';
import {
  authTokenMessage,
  doneMessage,
  parseMessage,
  syncStep1Message,
  syncStep2Message,
  wsFrameOverhead,
} from './protocol.ts';

/**
 * The per-document baseline client: reconnects a device holding `docs` to the
 * baseline server over one WebSocket, one y-protocols handshake per document
 * (protocol.ts). Counts message bytes each way and WebSocket frame headers,
 * and the bytes on the TCP socket (upgrade request and response included).
 *
 * Modes: PLAIN is y-protocols alone, no compression (what earlier runs
 * compared with); HOCUSPOCUS is what a Hocuspocus provider in a browser does:
 * a token per document first, SyncStep1 only after the server's Authenticated
 * (one more round trip), and permessage-deflate negotiated (every browser
 * offers it; the server here grants it and compresses every message).
 */

export interface PerDocMode {
  readonly auth: boolean;
  readonly deflate: boolean;
}
export const PLAIN: PerDocMode = { auth: false, deflate: false };
export const HOCUSPOCUS: PerDocMode = { auth: true, deflate: true };

/** A session token of the size Patravali's is (32 random bytes, base64url). */
const TOKEN = 'x'.repeat(43);

export interface ClientDocs {
  readonly names: readonly string[];
  readonly step1: ReadonlyMap<string, Uint8Array>;
  /** The SyncStep2 answering the server's SyncStep1 for `name`. */
  reply(name: string, serverStateVector: Uint8Array): Uint8Array;
}

/**
 * Prepares a device's handshake messages. With `shareReplies`, answers are
 * computed once per document and reused: the storm's devices all hold the same
 * state, and the benchmark process must not out-eat the server it measures.
 */
export function prepareClientDocs(
  docs: ReadonlyMap<string, Y.Doc>,
  shareReplies: boolean,
): ClientDocs {
  const step1 = new Map<string, Uint8Array>();
  for (const [name, doc] of docs) step1.set(name, syncStep1Message(name, doc));
  const cache = new Map<string, Uint8Array>();
  return {
    names: [...docs.keys()],
    step1,
    reply(name, sv) {
      const hit = shareReplies ? cache.get(name) : undefined;
      if (hit !== undefined) return hit;
      const doc = docs.get(name) ?? new Y.Doc();
      const msg = syncStep2Message(name, doc, sv);
      if (shareReplies) cache.set(name, msg);
      return msg;
    },
  };
}

export interface PerDocResult {
  /** Message bytes client → server. */
  readonly up: number;
  /** Message bytes server → client. */
  readonly down: number;
  /** WebSocket frame headers, both ways. */
  readonly framing: number;
  readonly messages: number;
  /** Bytes on the TCP socket both ways: upgrade, frames, compressed payloads. */
  readonly wire: number;
  readonly ms: number;
}

export function perDocReconnect(
  wsUrl: string,
  docs: ClientDocs,
  mode: PerDocMode,
  timeoutMs = 600_000,
): Promise<PerDocResult> {
  const started = performance.now();
  let up = 0;
  let down = 0;
  let framing = 0;
  let messages = 0;
  let step2s = 0;
  let step1s = 0;
  let tcp: Socket | null = null;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, {
      perMessageDeflate: mode.deflate ? { threshold: 0 } : false,
      // Ours, to count the socket's bytes (ws would make the same call).
      createConnection: ((options: NetConnectOpts) => {
        tcp = createConnection(options);
        return tcp;
      }) as typeof createConnection,
    });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`per-doc reconnect did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    const send = (msg: Uint8Array): void => {
      up += msg.length;
      framing += wsFrameOverhead(msg.length, true);
      messages++;
      socket.send(msg);
    };
    socket.on('open', () => {
      for (const name of docs.names) {
        send(
          mode.auth ? authTokenMessage(name, TOKEN) : (docs.step1.get(name) ?? new Uint8Array()),
        );
      }
    });
    socket.on('message', (data: Buffer) => {
      down += data.length;
      framing += wsFrameOverhead(data.length, false);
      messages++;
      const msg = parseMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (msg.kind === 'done') {
        clearTimeout(timer);
        const wire = tcp === null ? NaN : tcp.bytesRead + tcp.bytesWritten;
        socket.close();
        resolve({ up, down, framing, messages, wire, ms: performance.now() - started });
        return;
      }
      if (msg.kind === 'authenticated') send(docs.step1.get(msg.docName) ?? new Uint8Array());
      if (msg.kind === 'step2') step2s++;
      if (msg.kind === 'step1') {
        step1s++;
        send(docs.reply(msg.docName, msg.payload));
      }
      if (step2s === docs.names.length && step1s === docs.names.length) send(doneMessage());
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
