import { Socket } from 'node:net';
import pg from 'pg';

/**
 * LISTEN on one channel over a connection of its own, for a server instance's life
 * (the push bus, pg-notify.ts; the directory's changes, pg-directory-watch.ts).
 * PostgreSQL delivers a notification only once its transaction commits, to every
 * listening session, in order. The connection lost (a restart, a failover): it
 * connects again every RECONNECT_MS until it listens, then calls `reconnected`,
 * since what was sent meanwhile never came. An attempt that gets no answer (a host
 * cut off, a proxy that accepts and stays silent) is given up after
 * CONNECT_TIMEOUT_MS and tried again; one under way when closed is ended there, so a
 * stop leaves no connection behind to keep the process up or reach the database later.
 */

const RECONNECT_MS = 1_000;
const CONNECT_TIMEOUT_MS = 10_000;

export interface PgListener {
  close(): Promise<void>;
}

/** Listening before it returns (the first attempt throws), so nothing sent after is missed. */
export async function listenPg(
  url: string,
  channel: string,
  on: { readonly payload: (payload: string) => void; readonly reconnected: () => void },
): Promise<PgListener> {
  let closed = false;
  let listener: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  /** The socket of the connection being opened, null when none is. */
  let connecting: Socket | null = null;

  /** Connects and listens; the first attempt throws, later ones retry until closed. */
  const listen = async (again: boolean): Promise<void> => {
    const socket = new Socket();
    const client = new pg.Client({
      connectionString: url,
      stream: () => socket,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    connecting = socket;
    client.on('error', () => lost(client));
    client.on('end', () => lost(client));
    client.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) on.payload(n.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      if (!again) throw e;
      retry();
      return;
    } finally {
      connecting = null;
    }
    if (closed) {
      await client.end().catch(() => undefined);
      return;
    }
    listener = client;
    if (again) on.reconnected();
  };
  const retry = () => {
    if (closed || timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void listen(true);
    }, RECONNECT_MS);
    timer.unref();
  };
  const lost = (client: pg.Client) => {
    if (listener !== client) return;
    listener = null;
    void client.end().catch(() => undefined);
    retry();
  };

  await listen(false);
  return {
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      connecting?.destroy();
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
    },
  };
}
