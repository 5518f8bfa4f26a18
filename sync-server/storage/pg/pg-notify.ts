import { randomUUID } from 'node:crypto';
import type { PushBus, PushMessage } from '../../sync/push-fanout.ts';
import { openPool } from './pg-db.ts';
import { listenPg, type PgListener } from './pg-listen.ts';

/**
 * The push bus between server instances on one PostgreSQL database (issue 19):
 * LISTEN on one channel over a connection of its own (pg-listen.ts), NOTIFY through the pool.
 * PostgreSQL delivers a notification only once its transaction commits, to every
 * listening session, in order; it is sent after the commit it announces, so an
 * instance that hears it and lets its devices pull finds the rows there.
 * - A message carries its sender's id, and an instance ignores its own.
 * - A payload must stay under PostgreSQL's 8000 bytes: an announcement whose
 *   records' access lists do not fit becomes "pull, everyone" (a device that pulls
 *   needlessly gets an empty page; one that is not told waits for its next sync).
 * - The listening connection lost (a restart, a failover): it reconnects, and since
 *   messages were lost meanwhile, every local device is told to pull.
 */

export const PUSH_CHANNEL = 'patravali_push';
const MAX_PAYLOAD = 7_900;

interface Envelope {
  readonly from: string;
  readonly message: PushMessage;
}

/** Listening before it returns, so nothing published after the server starts is missed. */
export async function openPgPushBus(url: string): Promise<PushBus> {
  const self = randomUUID();
  // Publishing has connections of its own: a message goes out while the listener reconnects.
  const pool = openPool(url, 2);
  let deliver: (m: PushMessage) => void = () => undefined;
  let missed: () => void = () => undefined;
  let listener: PgListener;
  try {
    listener = await listenPg(url, PUSH_CHANNEL, {
      payload: (payload) => {
        const envelope = parse(payload);
        if (envelope !== null && envelope.from !== self) deliver(envelope.message);
      },
      reconnected: () => missed(),
    });
  } catch (e) {
    await pool.end();
    throw e;
  }
  return {
    async publish(message) {
      let payload = JSON.stringify({ from: self, message } satisfies Envelope);
      if (payload.length > MAX_PAYLOAD && message.kind === 'announce')
        payload = JSON.stringify({
          from: self,
          message: { kind: 'announceAll', cursor: message.cursor },
        } satisfies Envelope);
      await pool.query('SELECT pg_notify($1, $2)', [PUSH_CHANNEL, payload]);
    },
    subscribe(on, onMissed) {
      deliver = on;
      missed = onMissed;
    },
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

function parse(payload: string): Envelope | null {
  try {
    const value = JSON.parse(payload) as Envelope;
    return typeof value.from === 'string' && typeof value.message?.kind === 'string' ? value : null;
  } catch {
    return null;
  }
}
