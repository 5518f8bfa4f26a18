import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordMeta } from '@domain/record.ts';
import { CHAKRATA, generateOffice, VIKASNAGAR, type OfficeSpec } from './generate.ts';
import type { LinkProfile } from './lib/shaper.ts';

/**
 * The physical floor of a reconciliation: the changed content itself
 * (notings' text and every new event's fields, meta for new records) as
 * compact JSON, compressed per direction — and the time to move it on a link:
 * bytes / bandwidth + one round trip. No real protocol can do much better.
 *
 * Three compressors: gzip -9 (what HTTP offers everywhere), brotli -11, and
 * zstd -19 with a 110 KB dictionary trained on *another* office's records, so
 * a dictionary like it could ship in the app. The best of them is the floor
 * the goals are judged against.
 */

export interface Change {
  readonly meta: RecordMeta | null;
  readonly events: readonly RecordEvent[];
}

export interface FloorSizes {
  readonly gzip: number;
  readonly brotli: number;
  /** null when the `zstd` command is not installed (Debian package `zstd`). */
  readonly zstdDict: number | null;
}

function content(changes: readonly Change[]): Buffer {
  const items = changes.map((c) => (c.meta ? { meta: c.meta, events: c.events } : c.events));
  return Buffer.from(JSON.stringify(items));
}

/** gzip -9 size of the changes as compact JSON. */
export function floorBytes(changes: readonly Change[]): number {
  if (changes.length === 0) return 0;
  return gzipSync(content(changes), { level: 9 }).length;
}

/** Every compressor's size of the changes; `dictionary` from {@link dictionaryFor}. */
export function floorSizes(changes: readonly Change[], dictionary: Buffer | null): FloorSizes {
  if (changes.length === 0) return { gzip: 0, brotli: 0, zstdDict: dictionary ? 0 : null };
  const raw = content(changes);
  const brotli = brotliCompressSync(raw, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: 11,
      [zlib.BROTLI_PARAM_LGWIN]: 24,
      [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  }).length;
  return {
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli,
    zstdDict: dictionary ? zstdSize(raw, dictionary) : null,
  };
}

/** The smallest of the compressors. */
export function bestFloor(sizes: FloorSizes): number {
  return Math.min(sizes.gzip, sizes.brotli, sizes.zstdDict ?? Infinity);
}

/** Seconds to move `bytes` on `link`: serialisation plus one round trip. */
export function floorSeconds(bytes: number, link: LinkProfile): number {
  const serialise = Number.isFinite(link.bandwidthBps) ? (bytes * 8) / link.bandwidthBps : 0;
  return serialise + link.rttMs / 1000;
}

function zstdAvailable(): boolean {
  return spawnSync('zstd', ['--version']).status === 0;
}

function zstdSize(raw: Buffer, dictionary: Buffer): number {
  const dir = mkdtempSync(join(tmpdir(), 'patravali-zstd-'));
  try {
    const dict = join(dir, 'dict');
    writeFileSync(dict, dictionary);
    const out = spawnSync('zstd', ['-19', '-q', '-c', '-D', dict], {
      input: raw,
      maxBuffer: 1 << 30,
    });
    if (out.status !== 0) throw new Error(`zstd failed: ${out.stderr.toString()}`);
    return out.stdout.length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const dictionaries = new Map<string, Buffer | null>();

/**
 * A zstd dictionary (110 KB, zstd's default size) for measuring `spec`'s
 * office, trained on 400 records of the *other* generated office, each record
 * (meta and events as compact JSON) one sample: what an app could ship,
 * trained once on real offices, without knowing the office it will serve.
 * null without the `zstd` command.
 */
export function dictionaryFor(spec: OfficeSpec): Buffer | null {
  const cached = dictionaries.get(spec.code);
  if (cached !== undefined) return cached;
  const other = spec.code === CHAKRATA.code ? VIKASNAGAR : CHAKRATA;
  let dictionary: Buffer | null = null;
  if (zstdAvailable()) {
    const office = generateOffice({ spec: other, records: 400, seed: 4242 });
    const dir = mkdtempSync(join(tmpdir(), 'patravali-zstd-train-'));
    try {
      office.records.forEach((r, i) => {
        const change = { meta: r.steps[0]?.meta ?? null, events: r.steps.flatMap((s) => s.events) };
        writeFileSync(join(dir, `s${i}`), content([change]));
      });
      const out = join(dir, 'dict');
      const trained = spawnSync('zstd', [
        '--train',
        '-q',
        '-r',
        dir,
        '-o',
        out,
        '--maxdict=112640',
      ]);
      if (trained.status !== 0)
        throw new Error(`zstd --train failed: ${trained.stderr.toString()}`);
      dictionary = readFileSync(out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  dictionaries.set(spec.code, dictionary);
  return dictionary;
}
