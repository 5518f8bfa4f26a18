import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A TCP proxy in front of a server that counts every byte crossing it in
 * each direction: request lines, headers and bodies, exactly as on the wire.
 * Stores nothing but the two counters.
 */

export interface WireProxy {
  /** `http://127.0.0.1:PORT` of the proxy. */
  readonly origin: string;
  /** Bytes from clients to the server. */
  readonly up: () => number;
  /** Bytes from the server to clients. */
  readonly down: () => number;
  close(): Promise<void>;
}

/** Starts a counting proxy to whatever `target()` names at the time each connection opens. */
export async function startWireProxy(target: () => string): Promise<WireProxy> {
  const counts = { up: 0, down: 0 };
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = createServer((client) => {
    const { hostname, port } = new URL(target());
    const upstream = createConnection({ host: hostname, port: Number(port) });
    track(client);
    track(upstream);
    client.on('data', (chunk: Buffer) => {
      counts.up += chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      counts.down += chunk.length;
      client.write(chunk);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    up: () => counts.up,
    down: () => counts.down,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
