import type { Tick } from '@domain/change.ts';
import type { RecordEvent } from '@domain/events.ts';
import { createHlc, maxHlc } from '@domain/hlc.ts';
import { KV_KEYS, readKv, writeKv } from '../db/db.ts';
import type { DeviceContext } from './service-types.ts';

/**
 * The device's hybrid logical clock, persisted in kv `hlcLast`, running on the
 * device wall clock corrected by kv `clockOffset` (server − device, saved by
 * the sync engine). Until an offset is known, events say clockVerified=false.
 * Open and save it inside the same transaction as the events it stamps.
 */
export interface DeviceClock {
  /** The clock fields of a new event or meta: a new HLC, device time, whether corrected. */
  tick(): Tick;
  /** Corrected wall time (ms). */
  now(): number;
  /** Makes later stamps sort after these events (events from other devices). */
  observe(events: readonly RecordEvent[]): void;
  readonly verified: boolean;
  save(): Promise<void>;
}

export async function openDeviceClock(ctx: DeviceContext): Promise<DeviceClock> {
  const offset = await readKv<number>(ctx.db, KV_KEYS.clockOffset);
  const last = await readKv<string>(ctx.db, KV_KEYS.hlcLast);
  const verified = typeof offset === 'number';
  const corrected = (): number => ctx.now() + (verified ? offset : 0);
  const hlc = createHlc(ctx.deviceId, corrected, last);
  return {
    tick: () => ({
      hlc: hlc.tick(),
      deviceTime: ctx.now(),
      clockVerified: verified,
    }),
    now: corrected,
    observe(events) {
      const latest = maxHlc(events.map((e) => e.hlc));
      if (latest !== null) hlc.receive(latest);
    },
    verified,
    save: () => writeKv(ctx.db, KV_KEYS.hlcLast, hlc.last()),
  };
}
