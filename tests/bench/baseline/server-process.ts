import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData } from 'ws';
import * as Y from 'yjs';
import { readDocsFile } from './docs-file.ts';
import {
  authenticatedMessage,
  doneMessage,
  parseMessage,
  syncStep1Message,
  syncStep2Message,
} from './protocol.ts';

/**
 * The per-document baseline server (child process): every document held in
 * memory as a Y.Doc, as y-websocket's server and Hocuspocus keep loaded
 * documents; the sync handshake of protocol.ts per document on one socket.
 * It accepts every token (Hocuspocus's auth round, not its checks) and offers
 * permessage-deflate on every message; a client that does not ask for it
 * gets plain frames.
 */

const docs = new Map<string, Y.Doc>();
for (const [name, state] of readDocsFile(process.env['BASELINE_DOCS'] ?? '')) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  docs.set(name, doc);
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data);
}

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  maxPayload: 1 << 24,
  perMessageDeflate: { threshold: 0 },
});
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const msg = parseMessage(toBytes(data));
    if (msg.kind === 'done') {
      socket.send(doneMessage());
      return;
    }
    if (msg.kind === 'auth') {
      socket.send(authenticatedMessage(msg.docName));
      return;
    }
    let doc = docs.get(msg.docName);
    if (doc === undefined) {
      doc = new Y.Doc();
      docs.set(msg.docName, doc);
    }
    if (msg.kind === 'step1') {
      socket.send(syncStep2Message(msg.docName, doc, msg.payload));
      socket.send(syncStep1Message(msg.docName, doc));
    } else {
      Y.applyUpdate(doc, msg.payload);
    }
  });
});
wss.on('listening', () => process.send?.({ port: (wss.address() as AddressInfo).port }));
const close = (): void => wss.close(() => process.exit(0));
process.on('message', (m) => {
  if (m === 'close') close();
});
process.on('disconnect', close);
