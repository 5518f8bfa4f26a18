import { decodeFrame } from '@protocol/codec.ts';
import { API, pushProtocols } from '@protocol/api.ts';
import { backoffDelay, PUSH_RECONNECT, type BackoffPolicy } from './backoff.ts';

/**
 * The live push channel: a WebSocket on which the server only says "new data
 * past cursor N". It carries no data itself; the engine pulls over HTTP.
 * Reconnects with backoff until stopped.
 *
 * It also watches the link. A server that beats (Heartbeat frames every
 * `intervalMs`) and then falls silent for LINK_LOST_INTERVALS intervals has a
 * dead link between it and us, even if no socket closed: a cable pulled
 * upstream, a mobile link gone quiet, a proxy that stopped forwarding. The
 * channel then reports the link lost and starts connecting again; the socket is
 * abandoned rather than closed, since a closing handshake over a dead link can
 * take minutes. A server that never beats (older builds) is never judged.
 */

/** Silent heartbeat intervals after which the link is called lost (25 s at the default 10 s). */
export const LINK_LOST_INTERVALS = 2.5;
/** A connection not open after this long is given up and tried again (its handshake is one round trip). */
export const CONNECT_TIMEOUT_MS = 20_000;

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
  /**
   * The server took a new directory, of `version` (an office relay took the district's):
   * ask for it now, unless that one or a newer is held (directory-frame.ts).
   */
  readonly onDirectory?: (version: number) => void;
  /** Called on every (re)connect: announcements may have been missed while down. */
  readonly onOpen: () => void;
  /** The server's heartbeat stopped: the link is dead though no socket closed. */
  readonly onLinkLost?: () => void;
  /**
   * The district's own address an office relay named (decision 0015), or null.
   * A connection at `baseUrl` that fails before it opens is followed by one at
   * this address, and the other way round, so a tablet whose relay is off still
   * hears of new data; `home()` brings it back.
   */
  readonly fallbackBase?: () => Promise<string | null>;
}

export interface PushChannel {
  start(): void;
  stop(): void;
  /** The network is back (the browser says so): connect now if not connected, backoff reset. */
  kick(): void;
  /**
   * The tablet's own address answered again (a sync there succeeded): a channel
   * open at the fallback is closed and opened at the own address at once. If that
   * one does not open, an open fallback channel is left alone for a while
   * (HOME_RETRY, growing), so the channel does not flap on every sync.
   */
  home(): void;
  /**
   * The sync went to the fallback because another office's relay answers the own
   * address (decision 0017, amendment 2): a channel open there is closed and opened at
   * the fallback at once, and the channel connects at the fallback first until `home()`.
   */
  away(): void;
}

/** The push channel's URL; the token goes in the subprotocols (pushProtocols), not here. */
export function pushUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}${API.push}`;
}

/**
 * How long `home()` leaves an open fallback channel alone after going home:
 * a relay that answers syncs but not the push channel (a LAN proxy without
 * WebSocket upgrades, its per-person limit) would otherwise be tried after every
 * sync, and every open at the fallback starts one.
 */
const HOME_RETRY: BackoffPolicy = { baseMs: 30_000, maxMs: 10 * 60_000 };

export function createPushChannel(deps: PushChannelDeps): PushChannel {
  let socket: PushSocket | null = null;
  let timer: unknown = null;
  /** The connect timeout until open, then the heartbeat watchdog (once the server beats). */
  let watch: unknown = null;
  let silenceMs: number | null = null;
  let failures = 0;
  let running = false;
  /** The next connection goes to the fallback address (the last one at the own address failed). */
  let tryFallback = false;
  /** The open (or opening) socket is at the fallback address. */
  let atFallback = false;
  /** A connection is being started (the fallback address is being read). */
  let starting = false;
  /** Times home() went home since a channel last opened at the own address. */
  let homeTries = 0;
  /** While set, home() leaves an open fallback channel alone (HOME_RETRY). */
  let homeHold: unknown = null;
  /** Another office's relay answers the own address (away()): connect at the fallback first. */
  let awayFromHome = false;

  const clearHomeHold = (): void => {
    if (homeHold !== null) deps.clearTimeout(homeHold);
    homeHold = null;
  };

  const clearWatch = (): void => {
    if (watch !== null) deps.clearTimeout(watch);
    watch = null;
  };

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

  /** Forgets `ws` without waiting for it to close. */
  const abandon = (ws: PushSocket): void => {
    if (socket === ws) socket = null;
    clearWatch();
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    ws.close();
  };

  const armWatchdog = (ws: PushSocket): void => {
    clearWatch();
    if (silenceMs === null) return;
    watch = deps.setTimeout(() => {
      watch = null;
      abandon(ws);
      deps.onLinkLost?.();
      scheduleReconnect();
    }, silenceMs);
  };

  const connect = (): void => {
    if (!running || socket !== null || starting) return;
    if (!(tryFallback || awayFromHome) || deps.fallbackBase === undefined) {
      open(deps.baseUrl, false);
      return;
    }
    starting = true;
    void deps.fallbackBase().then(
      (fallback) => {
        starting = false;
        if (!running || socket !== null) return;
        if (fallback === null || fallback === deps.baseUrl) open(deps.baseUrl, false);
        else open(fallback, true);
      },
      () => {
        starting = false;
        if (running && socket === null) open(deps.baseUrl, false);
      },
    );
  };

  const open = (base: string, fallback: boolean): void => {
    const token = deps.getToken();
    if (token === null) return;
    let ws: PushSocket;
    try {
      ws = new deps.WebSocket(pushUrl(base), pushProtocols(token));
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    atFallback = fallback;
    silenceMs = null;
    let opened = false;
    ws.binaryType = 'arraybuffer';
    watch = deps.setTimeout(() => {
      watch = null;
      abandon(ws);
      tryFallback = !fallback;
      scheduleReconnect();
    }, CONNECT_TIMEOUT_MS);
    ws.onopen = () => {
      opened = true;
      clearWatch();
      failures = 0;
      if (!fallback) {
        homeTries = 0;
        clearHomeHold();
      }
      deps.onOpen();
    };
    ws.onmessage = (ev) => {
      const bytes = toBytes(ev.data);
      const frame = bytes === null ? null : decodeFrame(bytes);
      if (frame?.ok && frame.value.type === 'heartbeat' && frame.value.intervalMs > 0)
        silenceMs = Math.round(frame.value.intervalMs * LINK_LOST_INTERVALS);
      // Anything heard from the server shows the link works.
      armWatchdog(ws);
      if (frame?.ok && frame.value.type === 'announce') deps.onAnnounce(frame.value.cursor);
      if (frame?.ok && frame.value.type === 'directory') deps.onDirectory?.(frame.value.version);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      clearWatch();
      // Never opened: the other address next (the own one first again after the fallback).
      tryFallback = !opened && !fallback;
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
      clearHomeHold();
      const ws = socket;
      socket = null;
      clearWatch();
      ws?.close();
    },
    kick() {
      if (!running || socket !== null) return;
      if (timer !== null) deps.clearTimeout(timer);
      timer = null;
      failures = 0;
      connect();
    },
    away() {
      awayFromHome = true;
      const ws = socket;
      if (!running || atFallback || deps.fallbackBase === undefined) return;
      if (ws !== null) abandon(ws);
      if (timer !== null) deps.clearTimeout(timer);
      timer = null;
      failures = 0;
      connect();
    },
    home() {
      awayFromHome = false;
      const ws = socket;
      if (!running || ws === null || !atFallback || homeHold !== null) return;
      homeHold = deps.setTimeout(
        () => {
          homeHold = null;
        },
        backoffDelay(homeTries++, deps.random, HOME_RETRY),
      );
      abandon(ws);
      tryFallback = false;
      failures = 0;
      if (timer !== null) deps.clearTimeout(timer);
      timer = null;
      connect();
    },
  };
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}
