import WebSocket from 'ws';
import * as Y from 'yjs';
import {
  doneMessage,
  parseMessage,
  syncStep1Message,
  syncStep2Message,
  wsFrameOverhead,
} from './protocol.ts';

/**
 * The per-document baseline client: reconnects a device holding `docs` to the
 * baseline server over one WebSocket, one y-protocols handshake per document
 * (protocol.ts). Counts message bytes each way and WebSocket frame headers.
 */

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
  readonly ms: number;
}

export function perDocReconnect(
  wsUrl: string,
  docs: ClientDocs,
  timeoutMs = 600_000,
): Promise<PerDocResult> {
  const started = performance.now();
  let up = 0;
  let down = 0;
  let framing = 0;
  let messages = 0;
  let step2s = 0;
  let step1s = 0;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, { perMessageDeflate: false });
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
      for (const name of docs.names) send(docs.step1.get(name) ?? new Uint8Array());
    });
    socket.on('message', (data: Buffer) => {
      down += data.length;
      framing += wsFrameOverhead(data.length, false);
      messages++;
      const msg = parseMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (msg.kind === 'done') {
        clearTimeout(timer);
        socket.close();
        resolve({ up, down, framing, messages, ms: performance.now() - started });
        return;
      }
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
