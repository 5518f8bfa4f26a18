import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { decodeFrame, encodeSyncResponseParts } from '@protocol/codec.ts';
import { writeLogEntries } from '@protocol/log-codec.ts';
import type { ServerUpdate, SyncResponse } from '@protocol/messages.ts';
import { idTextSize } from '@protocol/wire-ids.ts';

/**
 * `node --import tsx tests/bench/join-bytes.ts <dir>`: where a join's bytes go, from the
 * exchanges tests/bench/join-pages.ts saved in <dir>, each response decoded and encoded
 * again by this build's codec (the bytes as sent are pages.json's). Breaks every frame into
 * its head, per-update fields (seq, record id, length, Yjs update, log entries and their
 * event ids) and tail; compresses each page as the server does (brotli 11, window 2^18)
 * and as what-ifs (without log entries, without record ids, two neighbouring pages in one
 * response, the pages as one stream); and compares the Yjs updates with the JSON of the
 * items they carry.
 */

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: join-bytes.ts <dir>');
const only = process.argv.includes('--quick');
/** `--every N`: the compressed figures over every Nth page only (brotli 11 is slow on a busy machine). */
const everyAt = process.argv.indexOf('--every');
const every = everyAt > 0 ? Number(process.argv[everyAt + 1]) : 1;

const br = (bytes: Uint8Array, window = 18): number =>
  brotliCompressSync(bytes, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: 11,
      [zlib.BROTLI_PARAM_LGWIN]: window,
      [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
    },
  }).byteLength;

interface Page {
  readonly encoding: string | null;
  readonly wire: number;
  readonly raw: number;
  readonly up: number;
}
const pages = JSON.parse(readFileSync(join(dir, 'pages.json'), 'utf8')) as Page[];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.res'))
  .sort();
const frames: SyncResponse[] = files.map((f) => {
  const d = decodeFrame(readFileSync(join(dir, f)));
  if (!d.ok || d.value.type !== 'syncResponse') throw new Error(`${f}: not a sync response`);
  return d.value;
});

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const rows: [string, number][] = [];
const row = (label: string, n: number): void => {
  rows.push([label, n]);
  console.log(`${label}: ${n.toLocaleString('en-US')}`);
};

const up = sum(pages.map((p) => p.up));
const down = sum(pages.map((p) => p.wire));
row('exchanges', pages.length);
row('bytes up (requests as sent)', up);
row('bytes down (responses as sent)', down);
row('bytes total', up + down);
row('responses raw (decoded frames)', sum(pages.map((p) => p.raw)));

// Raw breakdown.
let heads = 0;
let tails = 0;
let seqs = 0;
let recordIds = 0;
let lengths = 0;
let yjs = 0;
let entryBytes = 0;
let entryIds = 0;
let entries = 0;
let updates = 0;
const varUint = (n: number): number => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, n);
  return encoding.length(e);
};
const entriesSize = (u: ServerUpdate): number => {
  const e = encoding.createEncoder();
  writeLogEntries(e, u.entries ?? [], 'text');
  return encoding.length(e);
};
for (const f of frames) {
  const parts = encodeSyncResponseParts(f);
  heads += parts.head.byteLength;
  tails += parts.tail.byteLength;
  for (const u of f.updates) {
    updates++;
    seqs += varUint(u.seq);
    recordIds += idTextSize(u.recordId);
    lengths += varUint(u.update.byteLength);
    yjs += u.update.byteLength;
    entryBytes += entriesSize(u);
    entries += u.entries?.length ?? 0;
    entryIds += sum((u.entries ?? []).map((e) => idTextSize(e.eventId)));
  }
}
row('updates', updates);
row('records', new Set(frames.flatMap((f) => f.updates.map((u) => u.recordId))).size);
row('log entries', entries);
row('raw: heads (magic, version, acks, logged, refusals)', heads);
row('raw: tails (cursor, times, tree head, proof, join)', tails);
row('raw: updates: seq', seqs);
row('raw: updates: record ids', recordIds);
row('raw: updates: length prefixes', lengths);
row('raw: updates: Yjs updates', yjs);
row('raw: updates: log entries', entryBytes);
row('raw: updates: log entries: event ids', entryIds);

// The items the updates carry, as JSON (what the floor compresses).
const itemsJson: string[] = [];
let yjsContent = 0;
for (const f of frames) {
  const page: unknown[] = [];
  for (const u of f.updates) {
    const { structs } = Y.decodeUpdate(u.update);
    for (const s of structs) {
      if (!(s instanceof Y.Item)) continue;
      const c = s.content;
      if (c instanceof Y.ContentAny) page.push(...c.arr);
      else if (c instanceof Y.ContentString) page.push(c.str);
      else if (c instanceof Y.ContentFormat) page.push([c.key, c.value]);
    }
  }
  const json = JSON.stringify(page);
  yjsContent += Buffer.byteLength(json);
  itemsJson.push(json);
}
row('raw: the items the updates carry, as JSON', yjsContent);

if (!only) {
  const sampled = frames.filter((_, i) => i % every === 0);
  row(`compressed figures over pages`, sampled.length);
  row(
    'bytes down of those pages (as sent)',
    sum(pages.filter((_, i) => i % every === 0).map((p) => p.wire)),
  );
  const compressed = sampled.map((f) => {
    const p = encodeSyncResponseParts(f);
    return br(Buffer.concat([p.head, p.updates]));
  });
  const tailsWire = sum(sampled.map((f) => encodeSyncResponseParts(f).tail.byteLength + 5));
  row(
    'brotli 11 per page, as the server at full quality (head + page; tail stored)',
    sum(compressed) + tailsWire,
  );
  row(
    'brotli 11 of the items as JSON, per page',
    sum(itemsJson.filter((_, i) => i % every === 0).map((j) => br(Buffer.from(j)))),
  );
  const noEntries = sampled.map((f) =>
    br(
      encodeSyncResponseParts({ ...f, updates: f.updates.map((u) => ({ ...u, entries: [] })) })
        .updates,
    ),
  );
  const updatesOnly = sampled.map((f) => br(encodeSyncResponseParts(f).updates));
  row('brotli 11 per page: updates run', sum(updatesOnly));
  row('brotli 11 per page: updates run without log entries', sum(noEntries));
  const noRecordIds = sampled.map((f) =>
    br(
      encodeSyncResponseParts({
        ...f,
        updates: f.updates.map((u) => ({ ...u, recordId: 'r' as typeof u.recordId })),
      }).updates,
    ),
  );
  row('brotli 11 per page: updates run without record ids (what-if)', sum(noRecordIds));
  const runs = sampled.map((f) => encodeSyncResponseParts(f).updates);
  // Two neighbouring pages in one response, against each on its own.
  let apart = 0;
  let together = 0;
  frames.forEach((f, i) => {
    const next = frames[i + 1];
    if (i % every !== 0 || next === undefined) return;
    const a = Buffer.from(encodeSyncResponseParts(f).updates);
    const b = Buffer.from(encodeSyncResponseParts(next).updates);
    apart += br(a) + br(b);
    together += br(Buffer.concat([a, b]));
  });
  row('brotli 11: those pages and the next, each on its own: updates runs', apart);
  row('brotli 11: those pages and the next, two pages a response (what-if)', together);
  row(
    "brotli 11 window 2^24: the pages' updates runs as one stream (what-if)",
    br(Buffer.concat(runs.map((r) => Buffer.from(r))), 24),
  );
  row(
    'wire bytes of responses that were not brotli',
    sum(pages.filter((p) => p.encoding !== 'br').map((p) => p.wire)),
  );
}

console.log('');
const width = Math.max(...rows.map(([l]) => l.length));
for (const [label, n] of rows) console.log(`${label.padEnd(width)}  ${n.toLocaleString('en-US')}`);
