import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { readEvents } from '@doc/record-doc.ts';
import type { RecordId } from '@domain/ids.ts';
import { loadRecordDoc } from '@storage/db/record-store.ts';
import { finaliseDraft, saveDraft, sendRecord } from '@storage/services.ts';
import {
  HOCUSPOCUS,
  prepareClientDocs,
  perDocReconnect,
  PLAIN,
  type PerDocMode,
  type PerDocResult,
} from '../baseline/client.ts';
import { writeDocsFile } from '../baseline/docs-file.ts';
import { bestFloor, dictionaryFor, floorSizes, type Change, type FloorSizes } from '../floor.ts';
import { stateOf, workOn, type GenRecord } from '../generate.ts';
import { syncUntilSynced, type BenchDevice } from '../lib/device.ts';
import { shuffled } from '../lib/random.ts';
import { startBaselineServer } from '../lib/server.ts';
import { startShaper, type LinkProfile } from '../lib/shaper.ts';
import { hindiNoting, notingLength } from '../phrases.ts';
import { pushTurns, type Turn } from '../seed.ts';
import type { Transfer } from './join.ts';
import { counterDelta, snapshotCounter, type OfficeBench } from './office.ts';

/**
 * A week offline: while the device is away, `elsewhere` records are worked on
 * by colleagues (a noting each, half of them sent on; pushed to the server by
 * their own sessions), and the device's person works on `here` records (a
 * noting each through the real device store, half of them sent). Then the
 * device reconnects on `link`. The same reconciliation is run by the
 * per-document baseline (optional) and compared with the floor.
 */

export interface WeekSize {
  readonly elsewhere: number;
  readonly here: number;
}

export interface WeekResult {
  readonly patravali: Transfer;
  /** The baseline as a Hocuspocus provider runs it (auth per document, permessage-deflate). */
  readonly perdoc: (PerDocResult & { readonly tcp: number }) | null;
  /** y-protocols alone, uncompressed (what runs before 2026-12-05 compared with); loopback only. */
  readonly perdocPlain: PerDocResult | null;
  /** gzip -9 floors, per direction (the floor the older metrics compare with). */
  readonly floorUp: number;
  readonly floorDown: number;
  /** Every compressor's floor, per direction. */
  readonly floorSizesUp: FloorSizes;
  readonly floorSizesDown: FloorSizes;
  /** The best compressor's floor, both directions. */
  readonly floorBest: number;
  readonly notings: number;
  /** Bytes of the device's own pushed updates, raw (the server leaves them out of its pull). */
  readonly ownUpdateBytes: number;
  /** Whether the link was cut mid-catch-up (and resumed). */
  readonly dropped: boolean;
}

interface HereWork {
  readonly changes: Change[];
  /** Each record's local updates, merged, as the device will push them. */
  readonly updates: Map<RecordId, Uint8Array>;
}

async function workHere(bench: OfficeBench, device: BenchDevice, count: number): Promise<HereWork> {
  const { ctx, db } = device;
  const me = ctx.person.id;
  const next = bench.office.spec.chain[1] ?? me;
  const mine = await db.records
    .filter((r) => r.holder === me && r.status === 'active' && r.kind === 'file')
    .toArray();
  const picked = shuffled(bench.random, mine).slice(0, count);
  if (picked.length < count)
    throw new Error(`only ${picked.length} files with ${me}; need ${count}`);
  const byId = new Map(bench.office.records.map((r) => [r.id, r]));
  const changes: Change[] = [];
  const updates = new Map<RecordId, Uint8Array>();
  for (const [i, summary] of picked.entries()) {
    const text = hindiNoting(bench.random, notingLength(bench.random), bench.office.prose);
    await saveDraft(ctx, summary.id, text);
    const outcome =
      i % 2 === 0
        ? await sendRecord(ctx, summary.id, {
            to: next,
            remarks: 'कृपया देखें',
            dueDate: null,
            priority: 'normal',
          })
        : await finaliseDraft(ctx, summary.id);
    if (!outcome.ok) throw new Error(`device command refused: ${outcome.error}`);
    const known = new Set(readEvents(byId.get(summary.id)?.doc ?? new Y.Doc()).map((e) => e.id));
    const doc = await loadRecordDoc(db, summary.id);
    changes.push({ meta: null, events: readEvents(doc).filter((e) => !known.has(e.id)) });
    doc.destroy();
    const rows = await db.outbox.where('recordId').equals(summary.id).toArray();
    updates.set(summary.id, Y.mergeUpdates(rows.map((r) => r.update)));
  }
  return { changes, updates };
}

export function pickElsewhere(
  bench: OfficeBench,
  exclude: ReadonlySet<RecordId>,
  count: number,
): GenRecord[] {
  const me = bench.office.spec.chain[0];
  const now = Date.now();
  const candidates = bench.office.records.filter((r) => {
    if (exclude.has(r.id)) return false;
    const s = stateOf(r, now);
    return s !== null && s.meta.kind === 'file' && s.status === 'active' && s.holder !== me;
  });
  return shuffled(bench.random, candidates).slice(0, count);
}

export async function workElsewhere(
  bench: OfficeBench,
  records: readonly GenRecord[],
): Promise<Change[]> {
  const turns: Turn[] = [];
  for (const rec of records) {
    const step = workOn(bench.office, rec, Date.now(), {
      sendOn: bench.random() < 0.5,
      note: true,
    });
    if (step !== null) turns.push({ recordId: rec.id, step });
  }
  await pushTurns(bench.sessions, turns);
  return turns.map((t) => ({ meta: null, events: t.step.events }));
}

async function reconnect(
  bench: OfficeBench,
  device: BenchDevice,
  link: LinkProfile,
  dropAfter: number | null,
): Promise<Transfer & { dropped: boolean }> {
  const shaper = await startShaper(bench.server.port, link, bench.random);
  device.setOrigin(shaper.origin);
  const before = snapshotCounter(device.counter);
  const t0 = performance.now();
  let dropped = false;
  try {
    if (dropAfter !== null) {
      shaper.cutAfterDown(dropAfter);
      const first = await device.engine.syncNow();
      dropped = first.kind !== 'synced';
      shaper.restore();
      if (first.kind !== 'synced') await syncUntilSynced(device, 10);
    } else {
      await syncUntilSynced(device, 3);
    }
  } finally {
    await shaper.close();
    device.setOrigin(bench.server.origin);
  }
  const ms = performance.now() - t0;
  const d = counterDelta(device.counter, before);
  return { ...d, tcp: shaper.stats.up + shaper.stats.down, ms, dropped };
}

/** One per-document reconnection in `mode`, against a fresh baseline server holding the office. */
async function perDocWeek(
  bench: OfficeBench,
  before: ReadonlyMap<RecordId, Uint8Array>,
  here: HereWork,
  link: LinkProfile,
  mode: PerDocMode,
): Promise<PerDocResult & { tcp: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'patravali-perdoc-'));
  const file = join(dir, 'docs.bin');
  writeDocsFile(
    file,
    new Map(bench.office.records.map((r) => [r.id as string, Y.encodeStateAsUpdate(r.doc)])),
  );
  const server = await startBaselineServer(file);
  const shaper = await startShaper(server.port, link, bench.random);
  try {
    const docs = new Map<string, Y.Doc>();
    for (const [id, state] of before) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      const mine = here.updates.get(id);
      if (mine !== undefined) Y.applyUpdate(doc, mine);
      docs.set(id, doc);
    }
    const result = await perDocReconnect(
      shaper.origin.replace('http', 'ws'),
      prepareClientDocs(docs, false),
      mode,
    );
    return { ...result, tcp: shaper.stats.up + shaper.stats.down };
  } finally {
    await shaper.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface WeekOptions {
  readonly size: WeekSize;
  readonly link: LinkProfile;
  readonly perdoc: boolean;
  /** Cut the link after this many downstream bytes, then resume. */
  readonly dropAfter?: number;
}

export async function runWeek(
  bench: OfficeBench,
  device: BenchDevice,
  opts: WeekOptions,
): Promise<WeekResult> {
  const before = opts.perdoc
    ? new Map(bench.office.records.map((r) => [r.id, Y.encodeStateAsUpdate(r.doc)]))
    : new Map<RecordId, Uint8Array>();
  const here = await workHere(bench, device, opts.size.here);
  const elsewhere = await workElsewhere(
    bench,
    pickElsewhere(bench, new Set(here.updates.keys()), opts.size.elsewhere),
  );
  const patravali = await reconnect(bench, device, opts.link, opts.dropAfter ?? null);
  const perdoc = opts.perdoc ? await perDocWeek(bench, before, here, opts.link, HOCUSPOCUS) : null;
  const perdocPlain =
    opts.perdoc && opts.link.rttMs === 0
      ? await perDocWeek(bench, before, here, opts.link, PLAIN)
      : null;
  // The generator's documents stay the server's truth: add what the device pushed.
  const byId = new Map(bench.office.records.map((r) => [r.id, r]));
  for (const [id, update] of here.updates) {
    const rec = byId.get(id);
    if (rec === undefined) continue;
    Y.applyUpdate(rec.doc, update);
    rec.lastAt = Math.max(rec.lastAt, Date.now());
  }
  const count = (cs: readonly Change[]): number =>
    cs.reduce((n, c) => n + c.events.filter((e) => e.type === 'noting').length, 0);
  const dictionary = dictionaryFor(bench.office.spec);
  const up = floorSizes(here.changes, dictionary);
  const down = floorSizes(elsewhere, dictionary);
  return {
    patravali,
    perdoc,
    perdocPlain,
    floorUp: up.gzip,
    floorDown: down.gzip,
    floorSizesUp: up,
    floorSizesDown: down,
    floorBest: bestFloor(up) + bestFloor(down),
    notings: count(here.changes) + count(elsewhere),
    ownUpdateBytes: [...here.updates.values()].reduce((n, u) => n + u.length, 0),
    dropped: patravali.dropped,
  };
}
