import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenPg } from '../../sync-server/storage/pg/pg-listen.ts';
import { freshDatabase, type TestDatabase } from './pg-database.ts';

/**
 * The listening connection (sync-server/storage/pg/pg-listen.ts) closed while it is
 * connecting again: the database lost, and the host not answering (a failover, a
 * network cut). A proxy passes the first connection to the database and holds every
 * later one unanswered; the instance stopping must not leave that attempt open, which
 * would keep the process alive and a connection to the database once it is back.
 */

const closed = (s: Socket): Promise<void> =>
  s.closed ? Promise.resolve() : new Promise((resolve) => s.once('close', () => resolve()));

describe('a PostgreSQL listener', () => {
  let db: TestDatabase;
  let proxy: Server;
  let proxyUrl: string;
  const accepted: Socket[] = [];
  const arrived: Array<() => void> = [];
  let pass = true;
  beforeAll(async () => {
    db = await freshDatabase();
    const target = new URL(db.url);
    proxy = createServer((client) => {
      client.on('error', () => undefined);
      accepted.push(client);
      for (const wake of arrived.splice(0)) wake();
      // Held: read and dropped, so its end is seen; never answered.
      if (!pass) return void client.resume();
      const upstream = connect(Number(target.port), target.hostname);
      upstream.on('error', () => undefined);
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const url = new URL(db.url);
    url.host = `127.0.0.1:${address.port}`;
    proxyUrl = url.toString();
  });
  afterAll(async () => {
    for (const s of accepted) s.destroy();
    await new Promise((resolve) => proxy.close(resolve));
    await db.drop();
  });

  it('closed while connecting again, ends that attempt too', async () => {
    const listener = await listenPg(proxyUrl, 'patravali_listen_test', {
      payload: () => undefined,
      reconnected: () => undefined,
    });
    expect(accepted.length).toBe(1);
    pass = false;
    const again = new Promise<void>((resolve) => arrived.push(resolve));
    accepted[0]?.destroy();
    await again;
    await listener.close();
    const attempt = accepted[1];
    if (attempt === undefined) throw new Error('no second attempt');
    // Not closed, this waits until the test's time is up.
    await closed(attempt);
    expect(attempt.closed).toBe(true);
  });

  it('gives up an attempt that gets no answer and tries again', async () => {
    pass = true;
    const first = accepted.length;
    let back = 0;
    const listener = await listenPg(proxyUrl, 'patravali_listen_test', {
      payload: () => undefined,
      reconnected: () => back++,
    });
    try {
      pass = false;
      const arrival = () => new Promise<void>((resolve) => arrived.push(resolve));
      const second = arrival();
      accepted[first]?.destroy();
      await second;
      // Unanswered, it is given up (CONNECT_TIMEOUT_MS) and another comes; passed, it listens.
      const third = arrival();
      await closed(accepted[first + 1] as Socket);
      pass = true;
      await third;
      while (back === 0) await new Promise((resolve) => setImmediate(resolve));
      expect(back).toBe(1);
    } finally {
      await listener.close();
    }
  });
});
