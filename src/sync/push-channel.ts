import { decodeFrame } from '@protocol/codec.ts';
import { API, pushProtocols } from '@protocol/api.ts';
import { backoffDelay, PUSH_RECONNECT } from './backoff.ts';

/**
 * The live push channel: a WebSocket on which the server only says "new data
 * past cursor N". It carries no data itself; the engine pulls over HTTP.
 * Reconnects with backoff until stopped.
 */

// Method-style signatures keep handler parameters bivariant, so both the DOM
// WebSocket and the `ws` package's class fit this shape.
interface MessageHandler {
  bivarianceHack(ev: { readonly data: unknown }): void;
}
interface EventHandler {
  bivarianceHack(ev: unknown): void;
}

export interface PushSocket {
  binaryType: string;
  onopen: EventHandler['bivarianceHack'] | null;
  onmessage: MessageHandler['bivarianceHack'] | null;
  onclose: EventHandler['bivarianceHack'] | null;
  onerror: EventHandler['bivarianceHack'] | null;
  close(): void;
}
export type PushSocketConstructor = new (url: string, protocols: string[]) => PushSocket;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PushChannelDeps extends Timers {
  readonly baseUrl: string;
  readonly WebSocket: PushSocketConstructor;
  readonly getToken: () => string | null;
  readonly random: () => number;
  readonly onAnnounce: (cursor: number) => void;
  /** Called on every (re)connect: announcements may have been missed while down. */
  readonly onOpen: () => void;
}

export interface PushChannel {
  start(): void;
  stop(): void;
}

/** The push channel's URL; the token goes in the subprotocols (pushProtocols), not here. */
export function pushUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}${API.push}`;
}

export function createPushChannel(deps: PushChannelDeps): PushChannel {
  let socket: PushSocket | null = null;
  let timer: unknown = null;
  let failures = 0;
  let running = false;

  const scheduleReconnect = (): void => {
    if (!running || timer !== null) return;
    timer = deps.setTimeout(
      () => {
        timer = null;
        connect();
      },
      backoffDelay(failures++, deps.random, PUSH_RECONNECT),
    );
  };

  const connect = (): void => {
    const token = deps.getToken();
    if (!running || token === null) return;
    let ws: PushSocket;
    try {
      ws = new deps.WebSocket(pushUrl(deps.baseUrl), pushProtocols(token));
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      failures = 0;
      deps.onOpen();
    };
    ws.onmessage = (ev) => {
      const bytes = toBytes(ev.data);
      const frame = bytes === null ? null : decodeFrame(bytes);
      if (frame?.ok && frame.value.type === 'announce') deps.onAnnounce(frame.value.cursor);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      scheduleReconnect();
    };
    ws.onerror = () => {
      // onclose follows an error; reconnecting is handled there.
    };
  };

  return {
    start() {
      if (running) return;
      running = true;
      connect();
    },
    stop() {
      running = false;
      if (timer !== null) deps.clearTimeout(timer);
      timer = null;
      const ws = socket;
      socket = null;
      ws?.close();
    },
  };
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}
