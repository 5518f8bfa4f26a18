import pg from 'pg';

/**
 * LISTEN on one channel over a connection of its own, for a server instance's life
 * (the push bus, pg-notify.ts; the directory's changes, pg-directory-watch.ts).
 * PostgreSQL delivers a notification only once its transaction commits, to every
 * listening session, in order. The connection lost (a restart, a failover): it
 * connects again every RECONNECT_MS until it listens, then calls `reconnected`,
 * since what was sent meanwhile never came.
 */

const RECONNECT_MS = 1_000;

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

  /** Connects and listens; the first attempt throws, later ones retry until closed. */
  const listen = async (again: boolean): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
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
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
    },
  };
}
