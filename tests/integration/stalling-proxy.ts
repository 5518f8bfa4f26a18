import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 whose link can die silently: stall() stops
 * forwarding in both directions while every connection stays open (as when a
 * cable is pulled upstream or a mobile link goes quiet: no FIN, no RST reaches
 * either end), and connections opened meanwhile are accepted but get nothing
 * through. The bytes are held, and resume() lets them flow again in order, as
 * TCP does when a link returns.
 */

export interface StallingProxy {
  /** `http://127.0.0.1:PORT` of the proxy. */
  readonly origin: string;
  stall(): void;
  resume(): void;
  /** Resolves when the server side of some connection closes (it gave up on the link). */
  serverHungUp(): Promise<void>;
  close(): Promise<void>;
}

/** One direction of one connection: forwards, or holds bytes (and the end) while stalled. */
class Leg {
  private held: Buffer[] = [];
  private ended = false;
  private closed = false;
  constructor(
    private readonly to: Socket,
    private readonly isStalled: () => boolean,
  ) {}
  data(chunk: Buffer): void {
    if (this.isStalled()) this.held.push(chunk);
    else this.to.write(chunk);
  }
  end(): void {
    if (this.isStalled()) this.ended = true;
    else this.to.end();
  }
  close(): void {
    if (this.isStalled()) this.closed = true;
    else this.to.destroy();
  }
  flush(): void {
    for (const chunk of this.held) this.to.write(chunk);
    this.held = [];
    if (this.ended) this.to.end();
    if (this.closed) this.to.destroy();
  }
}

export async function startStallingProxy(target: string): Promise<StallingProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const legs = new Set<Leg>();
  const hangUps: (() => void)[] = [];
  let stalled = false;
  const isStalled = () => stalled;
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = createServer((client) => {
    const upstream = createConnection({ host: hostname, port: Number(port) });
    track(client);
    track(upstream);
    const up = new Leg(upstream, isStalled);
    const down = new Leg(client, isStalled);
    legs.add(up).add(down);
    client.on('data', (chunk: Buffer) => up.data(chunk));
    upstream.on('data', (chunk: Buffer) => down.data(chunk));
    client.on('end', () => up.end());
    upstream.on('end', () => {
      for (const wake of hangUps.splice(0)) wake();
      down.end();
    });
    client.on('close', () => up.close());
    upstream.on('close', () => down.close());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${own}`,
    stall: () => {
      stalled = true;
    },
    resume: () => {
      stalled = false;
      for (const leg of legs) leg.flush();
    },
    serverHungUp: () => new Promise<void>((resolve) => hangUps.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
