import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordMeta } from '@domain/record.ts';
import {
  HOCUSPOCUS,
  perDocReconnect,
  prepareClientDocs,
  type PerDocResult,
} from '../baseline/client.ts';
import { writeDocsFile } from '../baseline/docs-file.ts';
import {
  bestFloor,
  dictionaryFor,
  floorSeconds,
  floorSizes,
  type Change,
  type FloorSizes,
} from '../floor.ts';
import type { BenchDevice, PageMark } from '../lib/device.ts';
import { syncUntilSynced } from '../lib/device.ts';
import type { Report } from '../lib/report.ts';
import { startBaselineServer } from '../lib/server.ts';
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
  const sizes = floorSizes(
    bench.office.records.map((r) => changeOf(r)),
    dictionaryFor(bench.office.spec),
  );
  const floor = sizes.gzip;
  const best = bestFloor(sizes);
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
      ['floor: brotli -11 of all content', sizes.brotli],
      ["floor: zstd -19 with another office's dictionary", sizes.zstdDict ?? NaN],
      ['bytes / best floor', bytes / best],
      ['wall time (s)', ms / 1000],
      ['2G time, modelled (s)', model2g],
      ['2G floor time (s)', floorSeconds(floor, LINK_2G)],
      ['2G best floor time (s)', floorSeconds(best, LINK_2G)],
      ['signed items (meta and events)', items.length],
      ['signature bytes per item (sig, key, prev; before compression)', sigBytes],
      ['signatures verified on the device', verifiedSigs],
      ['device time verifying them (ms)', verifyMs],
    ],
  );
  const tag = `sync.join_${n}`;
  const desk = deskComplete(device.pages, t0);
  if (link === undefined) {
    await benchDeskFirst(bench, report, desk, tag, { model2g, requests: d.requests, bytes, ms });
    await benchFloorParts(bench, report, device, tag, sizes);
    benchProgressBar(report, device.pages, tag);
    const theirs = await perDocJoin(bench);
    const theirs2g = modelSeconds(theirs.wire, PERDOC_JOIN_ROUND_TRIPS, LINK_2G);
    report.table(
      `Fresh device joins an office of ${n} records: beside the per-document baseline as Hocuspocus (loopback; 2G modelled)`,
      ['', 'Patravali', 'per-document as Hocuspocus'],
      [
        ['bytes (Patravali: bodies; baseline: on the socket, deflated)', bytes, theirs.wire],
        ['sequential round trips', d.requests, PERDOC_JOIN_ROUND_TRIPS],
        ['loopback wall time (s)', ms / 1000, theirs.ms / 1000],
        ['2G time, modelled (s)', model2g, theirs2g],
      ],
    );
    report.add(`${tag}.bytes_perdoc_hocuspocus_wire`, theirs.wire, 'bytes');
    report.add(`${tag}_2g.time_model_perdoc_hocuspocus`, theirs2g, 's');
    report.add(`${tag}_2g.time_ratio_perdoc_hocuspocus_model`, model2g / theirs2g, 'ratio');
    report.add(`${tag}.bytes_total`, bytes, 'bytes');
    report.add(`${tag}.bytes_ratio_floor`, bytes / floor, 'ratio');
    report.add(`${tag}.bytes_floor_best`, best, 'bytes');
    report.add(`${tag}.bytes_ratio_best_floor`, bytes / best, 'ratio');
    report.add(`${tag}_2g.time_model`, model2g, 's');
    report.add(`${tag}_2g.time_ratio_floor_model`, model2g / floorSeconds(floor, LINK_2G), 'ratio');
    report.add(
      `${tag}_2g.time_ratio_best_floor_model`,
      model2g / floorSeconds(best, LINK_2G),
      'ratio',
    );
    report.add(`${tag}.signature_bytes_per_item`, sigBytes, 'bytes');
    report.add(`${tag}.signatures_verified`, verifiedSigs, 'count');
    report.add(`${tag}.verify_ms`, verifyMs, 'ms');
  } else {
    const linkTag = `${tag}_${link.name.toLowerCase()}`;
    report.add(`${linkTag}.time`, ms / 1000, 's');
    if (desk !== null) report.add(`${linkTag}.desk_time`, desk.ms / 1000, 's');
    report.add(`${linkTag}.time_ratio_floor`, ms / 1000 / floorSeconds(floor, link), 'ratio');
    report.add(`${linkTag}.time_ratio_best_floor`, ms / 1000 / floorSeconds(best, link), 'ratio');
  }
  return device;
}

/**
 * The join's progress bar (issue 20: "records and bytes left, time estimate") against
 * the truth: after each page, the per cent it shows beside the share of the join's bytes
 * on the wire that had arrived, which is what time follows on a slow link (the estimate
 * is what is left at the rate so far, so it is as right as the per cent). As the device
 * shows it, and as it did before it counted in the server's bytes.
 */
function benchProgressBar(report: Report, pages: readonly PageMark[], tag: string): void {
  const joined = pages.filter((p) => p.shown !== undefined);
  const total = joined.at(-1)?.down ?? 0;
  if (total === 0) return;
  const gaps = (pick: (s: { now: number; before: number }) => number) => {
    const each = joined.map((p) =>
      p.shown === undefined ? 0 : Math.abs(pick(p.shown) - (100 * p.down) / total),
    );
    return { max: Math.max(...each), mean: each.reduce((a, b) => a + b, 0) / each.length };
  };
  const now = gaps((s) => s.now);
  const before = gaps((s) => s.before);
  const half = joined.find((p) => p.down >= total / 2)?.shown;
  report.table(
    `The join's progress bar against the share of its bytes arrived (${joined.length} pages; percentage points)`,
    ['', "counted in the server's bytes (now)", "counted in the updates' bytes (before)"],
    [
      ['largest gap', now.max, before.max],
      ['mean gap', now.mean, before.mean],
      ['per cent shown when half the bytes had arrived', half?.now ?? NaN, half?.before ?? NaN],
    ],
  );
  report.add(`${tag}.progress_gap_max`, now.max, 'points');
  report.add(`${tag}.progress_gap_mean`, now.mean, 'points');
  report.add(`${tag}.progress_gap_max_before`, before.max, 'points');
}

/** When the signed-in person's desk was complete on the device, from its pages. */
interface DeskDone {
  readonly bytes: number;
  readonly requests: number;
  readonly ms: number;
  /** The highest seq of a desk row: a device paging oldest first has its desk once past it. */
  readonly maxSeq: number;
}

function deskComplete(pages: readonly PageMark[], t0: number): DeskDone | null {
  const done = pages.findIndex((p) => p.join === 'deskDone');
  const page = pages[done];
  if (page === undefined) return null;
  const maxSeq = Math.max(0, ...pages.slice(0, done + 1).map((p) => p.maxSeq));
  return { bytes: page.up + page.down, requests: page.requests, ms: page.at - t0, maxSeq };
}

/**
 * The inbox complete (issue 20, decision 0012): the join above brings the desk
 * first; a second fresh device of the same person joins oldest first, as before,
 * and has its desk only once its cursor passes the desk's last row. Both on
 * loopback, with 2G modelled from their bytes and round trips.
 */
async function benchDeskFirst(
  bench: OfficeBench,
  report: Report,
  desk: DeskDone | null,
  tag: string,
  whole: {
    readonly model2g: number;
    readonly requests: number;
    readonly bytes: number;
    readonly ms: number;
  },
): Promise<void> {
  const { model2g, requests, bytes } = whole;
  if (desk === null) {
    report.note('desk first: the join had no desk phase');
    return;
  }
  const person = bench.office.spec.chain[0];
  if (person === undefined) return;
  const old = await newDevice(bench, person, { oldestFirst: true });
  const t0 = performance.now();
  await syncUntilSynced(old, 5);
  const oldMs = performance.now() - t0;
  const last = old.pages[old.pages.length - 1];
  const reached = old.pages.find((p) => p.cursor >= desk.maxSeq) ?? last;
  old.close();
  if (reached === undefined || last === undefined) return;
  const deskModel = modelSeconds(desk.bytes, desk.requests, LINK_2G);
  const oldBytes = reached.up + reached.down;
  const oldModel = modelSeconds(oldBytes, reached.requests, LINK_2G);
  const oldTotal = last.up + last.down;
  report.table(
    `Fresh device: the signed-in person's inbox complete (desk first, decision 0012; loopback, 2G modelled)`,
    ['', 'desk first', 'oldest first (before)'],
    [
      ['requests until the inbox is complete', desk.requests, reached.requests],
      ['bytes until the inbox is complete', desk.bytes, oldBytes],
      ['2G time until the inbox is complete, modelled (s)', deskModel, oldModel],
      ['loopback wall time until then (s)', desk.ms / 1000, (reached.at - t0) / 1000],
      ['whole join: requests', requests, last.requests],
      ['whole join: bytes', bytes, oldTotal],
      ['whole join: 2G modelled (s)', model2g, modelSeconds(oldTotal, last.requests, LINK_2G)],
      ['whole join: loopback wall time (s)', whole.ms / 1000, oldMs / 1000],
    ],
  );
  report.add(`${tag}.desk_bytes`, desk.bytes, 'bytes');
  report.add(`${tag}.desk_requests`, desk.requests, 'count');
  report.add(`${tag}_2g.desk_time_model`, deskModel, 's');
  report.add(`${tag}_2g.desk_time_model_oldest_first`, oldModel, 's');
}

/**
 * Round trips of the per-document join before its last byte: TCP connect,
 * WebSocket upgrade, auth for every document (pipelined), SyncStep1 for every
 * document (pipelined).
 */
const PERDOC_JOIN_ROUND_TRIPS = 4;

/**
 * The per-document baseline's join: a new device that knows every record's
 * name (how it would learn them is left out, in the baseline's favour) opens
 * them all at once, as a Hocuspocus provider does (token per document,
 * permessage-deflate), with empty documents.
 */
async function perDocJoin(bench: OfficeBench): Promise<PerDocResult> {
  const dir = mkdtempSync(join(tmpdir(), 'patravali-perdoc-'));
  const file = join(dir, 'docs.bin');
  writeDocsFile(
    file,
    new Map(bench.office.records.map((r) => [r.id as string, Y.encodeStateAsUpdate(r.doc)])),
  );
  const server = await startBaselineServer(file);
  try {
    const empty = new Map(bench.office.records.map((r) => [r.id as string, new Y.Doc()]));
    return await perDocReconnect(
      server.origin.replace('http', 'ws'),
      prepareClientDocs(empty, false),
      HOCUSPOCUS,
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A generated record's content as the floors measure it; `bare`: without `sig`, `key` and `prev`. */
function changeOf(record: OfficeBench['office']['records'][number], bare = false): Change {
  const strip = <T extends object>(item: T): T => {
    if (!bare) return item;
    const {
      sig: _s,
      key: _k,
      prev: _p,
      ...rest
    } = item as T & Record<'sig' | 'key' | 'prev', unknown>;
    return rest as T;
  };
  const meta = record.steps[0]?.meta ?? null;
  return {
    meta: meta === null ? null : strip(meta),
    events: record.steps.flatMap((s) => s.events).map(strip),
  };
}

/**
 * What the goals are up against (issue 20): the floor of the signed-in person's
 * desk alone (the records the join's desk phase brought), and the floors of all content and of the desk
 * without the signatures (`sig`, `key`, `prev`), which a verifiable join must
 * carry and no compressor shrinks. A goal under the floor of what must be
 * carried cannot be met by any encoding of it.
 */
async function benchFloorParts(
  bench: OfficeBench,
  report: Report,
  device: BenchDevice,
  tag: string,
  all: FloorSizes,
): Promise<void> {
  const deskPages = device.pages.filter((p) => p.join === 'desk' || p.join === 'deskDone');
  const held = new Set(deskPages.flatMap((p) => p.records));
  const deskRecords = bench.office.records.filter((r) => held.has(r.id as string));
  const dictionary = dictionaryFor(bench.office.spec);
  const deskSizes = floorSizes(
    deskRecords.map((r) => changeOf(r)),
    dictionary,
  );
  const deskBare = floorSizes(
    deskRecords.map((r) => changeOf(r, true)),
    dictionary,
  );
  const allBare = floorSizes(
    bench.office.records.map((r) => changeOf(r, true)),
    dictionary,
  );
  const row = (label: string, sizes: FloorSizes): [string, number, number] => [
    label,
    bestFloor(sizes),
    floorSeconds(bestFloor(sizes), LINK_2G),
  ];
  report.table(
    `What a join must carry at the least: best floors of the desk and of all content, with and without signatures (${deskRecords.length} desk records; 2G: 50 kbit/s + one round trip)`,
    ['content', 'best floor (bytes)', '2G floor time (s)'],
    [
      row('the desk, signed (what the inbox needs)', deskSizes),
      row('the desk without sig, key, prev', deskBare),
      row('all content, signed', all),
      row('all content without sig, key, prev', allBare),
    ],
  );
  report.add(`${tag}.desk_records`, deskRecords.length, 'count');
  report.add(`${tag}.desk_bytes_floor_best`, bestFloor(deskSizes), 'bytes');
  report.add(`${tag}_2g.desk_time_best_floor`, floorSeconds(bestFloor(deskSizes), LINK_2G), 's');
  report.add(`${tag}.bytes_floor_best_unsigned`, bestFloor(allBare), 'bytes');
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
