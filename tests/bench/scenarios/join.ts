import type { RecordEvent } from '@domain/events.ts';
import type { RecordMeta } from '@domain/record.ts';
import { floorBytes, floorSeconds } from '../floor.ts';
import type { BenchDevice } from '../lib/device.ts';
import { syncUntilSynced } from '../lib/device.ts';
import type { Report } from '../lib/report.ts';
import { LINK_2G, startShaper, type LinkProfile } from '../lib/shaper.ts';
import { counterDelta, newDevice, snapshotCounter, type OfficeBench } from './office.ts';

/**
 * A fresh device joins the office: the whole office (every record's full
 * state) comes down in pages. Bytes are measured on loopback, with the 2G
 * time modelled from them by the shaper's own model; the full run also joins
 * through the 2G shaper for real (`link`), which takes minutes.
 */

export interface Transfer {
  readonly up: number;
  readonly down: number;
  /** Bytes on the TCP stream (HTTP headers included). */
  readonly tcp: number;
  readonly requests: number;
  /** What-if: body bytes with HTTP gzip. */
  readonly gzip: number;
  readonly ms: number;
}

/** Expected time on `link` for a transfer of `bytes` in `roundTrips` sequential exchanges. */
export function modelSeconds(bytes: number, roundTrips: number, link: LinkProfile): number {
  const segments = bytes / 1448;
  const lossPenalty = segments * link.loss * (link.rttMs + 200);
  return (bytes * 8) / link.bandwidthBps + (roundTrips * link.rttMs + lossPenalty) / 1000;
}

export async function benchJoin(
  bench: OfficeBench,
  report: Report,
  link?: LinkProfile,
): Promise<BenchDevice> {
  const person = bench.office.spec.chain[0];
  if (person === undefined) throw new Error('office without people');
  const device = await newDevice(bench, person);
  const shaper = await startShaper(
    bench.server.port,
    link ?? { name: 'loopback', bandwidthBps: Infinity, rttMs: 0, loss: 0 },
    bench.random,
  );
  device.setOrigin(shaper.origin);
  const before = snapshotCounter(device.counter);
  const t0 = performance.now();
  await syncUntilSynced(device, 5);
  const ms = performance.now() - t0;
  const d = counterDelta(device.counter, before);
  await shaper.close();
  device.setOrigin(bench.server.origin);
  const n = bench.office.records.length;
  const floor = floorBytes(
    bench.office.records.map((r) => ({
      meta: r.steps[0]?.meta ?? null,
      events: r.steps.flatMap((s) => s.events),
    })),
  );
  const records = await device.db.records.count();
  const items = bench.office.records.flatMap((r) => [
    ...(r.steps[0]?.meta ? [r.steps[0].meta] : []),
    ...r.steps.flatMap((st) => st.events),
  ]);
  const sigBytes = signatureBytesPerItem(items);
  const { jobs: verifiedSigs, ms: verifyMs } = device.verified;
  const bytes = d.up + d.down;
  const model2g = modelSeconds(bytes, d.requests, LINK_2G);
  report.table(
    `Fresh device joins an office of ${n} records (${link?.name ?? 'loopback'})`,
    ['metric', 'value'],
    [
      ['records on device after join', records],
      ['body bytes (up + down)', bytes],
      ['bytes on TCP incl. HTTP headers', shaper.stats.up + shaper.stats.down],
      ['what-if: bodies with HTTP gzip', d.gzip],
      ['requests (pages)', d.requests],
      ['bytes per record', Math.round(bytes / n)],
      ['floor: gzip of all content', floor],
      ['bytes / floor', bytes / floor],
      ['wall time (s)', ms / 1000],
      ['2G time, modelled (s)', model2g],
      ['2G floor time (s)', floorSeconds(floor, LINK_2G)],
      ['signed items (meta and events)', items.length],
      ['signature bytes per item (sig, key, prev; before compression)', sigBytes],
      ['signatures verified on the device', verifiedSigs],
      ['device time verifying them (ms)', verifyMs],
    ],
  );
  const tag = `sync.join_${n}`;
  if (link === undefined) {
    report.add(`${tag}.bytes_total`, bytes, 'bytes');
    report.add(`${tag}.bytes_ratio_floor`, bytes / floor, 'ratio');
    report.add(`${tag}_2g.time_model`, model2g, 's');
    report.add(`${tag}_2g.time_ratio_floor_model`, model2g / floorSeconds(floor, LINK_2G), 'ratio');
    report.add(`${tag}.signature_bytes_per_item`, sigBytes, 'bytes');
    report.add(`${tag}.signatures_verified`, verifiedSigs, 'count');
    report.add(`${tag}.verify_ms`, verifyMs, 'ms');
  } else {
    const linkTag = `${tag}_${link.name.toLowerCase()}`;
    report.add(`${linkTag}.time`, ms / 1000, 's');
    report.add(`${linkTag}.time_ratio_floor`, ms / 1000 / floorSeconds(floor, link), 'ratio');
  }
  return device;
}

/** What signing adds to an item as it is stored: `sig`, `key` and `prev`, JSON, uncompressed. */
function signatureBytesPerItem(items: readonly (RecordEvent | RecordMeta)[]): number {
  let added = 0;
  for (const item of items) {
    const { sig: _s, key: _k, prev: _p, ...bare } = item as RecordEvent;
    added += JSON.stringify(item).length - JSON.stringify(bare).length;
  }
  return items.length === 0 ? 0 : added / items.length;
}
