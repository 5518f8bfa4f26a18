import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Random } from './random.ts';

/**
 * A loopback TCP proxy that behaves like a slow, lossy link, used where
 * `tc netem` is not available (links.ts says which ran). Per direction it is
 * one shared link (all connections queue on it):
 *
 * - serialisation: each segment (≤ MSS bytes) leaves after the previous one,
 *   taking size / bandwidth;
 * - propagation: it arrives RTT/2 after it left;
 * - loss: a lost segment is retransmitted after an RTO (RTT + 200 ms, the
 *   Linux minimum), and everything behind it waits (in-order delivery);
 * - handshake: a new connection's first bytes leave one RTT after it opened.
 *
 * Not modelled: slow start and congestion control (so long transfers are a
 * little optimistic), header bytes of TCP/IP themselves. It also counts the
 * bytes that crossed it (HTTP headers and WebSocket framing included), which
 * is how the benchmark measures header overhead, and can cut the link. Where
 * netem shapes a veth pair instead (`netemHost`), it only counts and cuts.
 */

export interface LinkProfile {
  readonly name: string;
  /** Bits per second each way; Infinity for an unshaped link. */
  readonly bandwidthBps: number;
  readonly rttMs: number;
  /** Probability that a segment is lost. */
  readonly loss: number;
  /**
   * Set when the kernel carries this link (the server at this veth address,
   * netns.ts; netem shaping it, or unshaped as a plumbing check): the proxy
   * then adds no delay or loss of its own and only forwards, counts and cuts.
   */
  readonly netemHost?: string;
}

export const LOOPBACK: LinkProfile = {
  name: 'loopback',
  bandwidthBps: Infinity,
  rttMs: 0,
  loss: 0,
};
export const LINK_2G: LinkProfile = { name: '2G', bandwidthBps: 50_000, rttMs: 600, loss: 0.02 };
export const LINK_3G: LinkProfile = { name: '3G', bandwidthBps: 400_000, rttMs: 300, loss: 0.01 };
export const LINK_SAT: LinkProfile = {
  name: 'satellite',
  bandwidthBps: 2_000_000,
  rttMs: 700,
  loss: 0,
};

const MSS = 1448;
const MIN_RTO_MS = 200;

export interface ShaperStats {
  /** Bytes client → server, as written on the TCP stream. */
  up: number;
  /** Bytes server → client. */
  down: number;
  connections: number;
}

export interface Shaper {
  readonly origin: string;
  readonly stats: ShaperStats;
  /** Drops every connection now and refuses new ones until `restore`. */
  cut(): void;
  /** Cut the link once this many more bytes have been delivered downstream. */
  cutAfterDown(bytes: number): void;
  restore(): void;
  close(): Promise<void>;
}

interface Direction {
  /** When the link is next free to send (ms, performance.now clock). */
  freeAt: number;
}

export async function startShaper(
  targetPort: number,
  profile: LinkProfile,
  random: Random,
): Promise<Shaper> {
  const target = profile.netemHost ?? '127.0.0.1';
  // The proxy's own model: none when netem (or nothing, by request) shapes the veth.
  const model: LinkProfile = profile.netemHost === undefined ? profile : LOOPBACK;
  const stats: ShaperStats = { up: 0, down: 0, connections: 0 };
  const up: Direction = { freeAt: 0 };
  const down: Direction = { freeAt: 0 };
  const sockets = new Set<Socket>();
  let isCut = false;
  let cutAt: number | null = null;

  const cut = (): void => {
    isCut = true;
    cutAt = null;
    for (const s of sockets) s.destroy();
    sockets.clear();
  };

  /** Schedules `chunk` across the link; returns when (ms from now) it arrives. */
  const schedule = (dir: Direction, size: number, earliest: number): number => {
    // The link is idle until now: no credit is saved up while nothing was sent.
    let t = Math.max(dir.freeAt, earliest, performance.now());
    for (let sent = 0; sent < size; sent += MSS) {
      const seg = Math.min(MSS, size - sent);
      if (Number.isFinite(model.bandwidthBps)) t += (seg * 8 * 1000) / model.bandwidthBps;
      if (model.loss > 0 && random() < model.loss) t += model.rttMs + MIN_RTO_MS;
    }
    dir.freeAt = t;
    return t + model.rttMs / 2;
  };

  /** In-order delivery: one FIFO per socket direction, drained by a single timer. */
  const pipe = (
    from: Socket,
    to: Socket,
    dir: Direction,
    isDown: boolean,
    openedAt: number,
  ): void => {
    const queue: { chunk: Buffer; arrive: number }[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    let ended = false;
    const drain = (): void => {
      timer = null;
      while (queue.length > 0 && (queue[0]?.arrive ?? 0) <= performance.now()) {
        const { chunk } = queue.shift() ?? { chunk: Buffer.alloc(0) };
        if (to.destroyed) return;
        to.write(chunk);
        if (isDown) {
          stats.down += chunk.length;
          if (cutAt !== null && stats.down >= cutAt) return cut();
        } else stats.up += chunk.length;
      }
      const head = queue[0];
      if (head !== undefined)
        timer = setTimeout(drain, Math.max(1, Math.ceil(head.arrive - performance.now())));
      else if (ended) to.end();
    };
    from.on('data', (chunk: Buffer) => {
      const arrive = schedule(dir, chunk.length, isDown ? 0 : openedAt + model.rttMs);
      queue.push({ chunk, arrive });
      if (timer === null) drain();
    });
    // The far side finished: pass that on once what is still on the wire has arrived.
    from.on('close', () => {
      ended = true;
      if (timer === null) drain();
    });
    from.on('error', () => to.destroy());
  };

  const server: Server = createServer((client) => {
    if (isCut) {
      client.destroy();
      return;
    }
    stats.connections++;
    const upstream = connect(targetPort, target);
    sockets.add(client);
    sockets.add(upstream);
    const openedAt = performance.now();
    pipe(client, upstream, up, false, openedAt);
    pipe(upstream, client, down, true, openedAt);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    stats,
    cut,
    cutAfterDown: (bytes) => void (cutAt = stats.down + bytes),
    restore: () => void (isCut = false),
    close: async () => {
      cut();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
