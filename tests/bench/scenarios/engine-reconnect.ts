import WebSocket from 'ws';
import { asDeviceId } from '@domain/ids.ts';
import { createBenchDevice, syncUntilSynced, type BenchDevice } from '../lib/device.ts';
import { uuidFrom } from '../lib/random.ts';
import type { Report } from '../lib/report.ts';
import { startShaper, type LinkProfile } from '../lib/shaper.ts';
import { counterDelta, snapshotCounter, type OfficeBench } from './office.ts';

/**
 * The real engine's reconnect, as the app runs it: push channel (WebSocket)
 * and the browser's `online` event, nothing driven by hand. A device that
 * holds the office is live on `link`; the link is cut (every socket dropped,
 * new ones refused) until the channel has closed; then it comes back and the
 * `online` event fires. Counted from that moment until the device is synced,
 * its channel open again and nothing more is sent for QUIET_MS: HTTP
 * exchanges, body bytes, and every byte on TCP (headers, the WebSocket
 * upgrade, the server's announcement and heartbeats). Nothing changed on the
 * server meanwhile, so one exchange is all a reconnect needs.
 */

/** Nothing sent for this long after the device is synced: the reconnect is over (a benchmark, not a test). */
const QUIET_MS = 3_000;
const DEADLINE_MS = 120_000;

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20)); // polling a condition, bounded by the deadline
  }
}

interface Live {
  readonly device: BenchDevice;
  readonly sockets: WebSocket[];
  readonly online: () => void;
}

async function liveDevice(bench: OfficeBench): Promise<Live> {
  const person = bench.office.spec.chain[0];
  if (person === undefined) throw new Error('office without people');
  const sockets: WebSocket[] = [];
  const listeners = new Set<() => void>();
  class Tracked extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  const device = await createBenchDevice(
    bench.server.origin,
    person,
    asDeviceId(uuidFrom(bench.random)),
    bench.random,
    {
      WebSocket: Tracked,
      onlineEvents: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  );
  return { device, sockets, online: () => listeners.forEach((l) => l()) };
}

export async function benchEngineReconnect(
  bench: OfficeBench,
  report: Report,
  link: LinkProfile,
): Promise<void> {
  const { device, sockets, online } = await liveDevice(bench);
  const shaper = await startShaper(bench.server.port, link, bench.random);
  try {
    await syncUntilSynced(device, 20); // the join, before the link is shaped for real
    device.setOrigin(shaper.origin);
    const status = (): string => device.engine.status.getSnapshot().state;
    const channelOpen = (): boolean => sockets.at(-1)?.readyState === WebSocket.OPEN;
    device.engine.start();
    await until('live on the link', () => status() === 'synced' && channelOpen());

    shaper.cut();
    await until('the channel closed', () => sockets.at(-1)?.readyState === WebSocket.CLOSED);
    const opened = sockets.length;
    const counter = snapshotCounter(device.counter);
    const tcp = { up: shaper.stats.up, down: shaper.stats.down };
    shaper.restore();
    const t0 = performance.now();
    online();
    await until('synced, channel open', () => {
      const open = sockets.length > opened && channelOpen();
      return open && status() === 'synced';
    });
    const ms = performance.now() - t0;
    let last = { ...device.counter };
    let quietSince = Date.now();
    await until('quiet', () => {
      if (device.counter.requests !== last.requests) {
        last = { ...device.counter };
        quietSince = Date.now();
      }
      return Date.now() - quietSince >= QUIET_MS;
    });
    const d = counterDelta(device.counter, counter);
    const wire = shaper.stats.up - tcp.up + shaper.stats.down - tcp.down;
    report.table(
      `The real engine reconnects after a cut (${link.name}; push channel and the online event; nothing changed on the server)`,
      ['metric', 'value'],
      [
        ['sync exchanges (HTTP requests)', d.requests],
        ['body bytes (up + down)', d.up + d.down],
        ['on TCP: HTTP headers, WebSocket upgrade, announcement', wire],
        ['WebSocket connections opened', sockets.length - opened],
        ['time from the online event to synced with the channel open (s)', ms / 1000],
      ],
    );
    const tag = `sync.engine_reconnect_${link.name.toLowerCase()}`;
    report.add(`${tag}.requests`, d.requests, 'count');
    report.add(`${tag}.bytes_tcp`, wire, 'bytes');
    report.add(`${tag}.time`, ms / 1000, 's');
  } finally {
    device.close();
    await shaper.close();
  }
}
