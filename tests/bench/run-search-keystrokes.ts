import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRecord } from '@domain/projection.ts';
import { searchKeys, searchedTextOf } from '@domain/search-words.ts';
import { ensureChromium } from '../../scripts/ensure-chromium.mjs';
import { generateOffice, stateOf, VIKASNAGAR } from './generate.ts';
import { launchTablet, median } from './lib/chromium.ts';
import { seeded, shuffled } from './lib/random.ts';
import { createReport } from './lib/report.ts';
import type { SearchPage, SeedRow } from './lib/search-page.ts';
import { pageQueriesScript } from './scenarios/chromium-queries.ts';

/**
 * `node --import tsx tests/bench/run-search-keystrokes.ts [--records N] [--runs R]
 *  [--profile DIR] [--tuning JSON] [--parts]`:
 * the inbox search per keystroke in Chromium over the office the Chromium section
 * generates (VIKASNAGAR, seed 31), without its join: the projection rows and the
 * search index are written straight into the page's store by the app's own index
 * writer (tests/bench/lib/search-page.ts), in a shuffled order (a join's order is
 * not the records' activity order). Minutes instead of the section's ~19; prints,
 * writes nothing. The keystroke figures are the same queries as the section's
 * `device.search_N.keystroke_time`; the section stays the metric. Also prints what
 * each keystroke read (index entries, recent rows, key texts), which no load changes.
 * `--profile DIR` keeps the store for the next run, `--parts` times single reads.
 */

const flag = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const size = flag('--records', 10_000);
const runs = flag('--runs', 3);
// `--tuning '{"page":32}'`: search with other SEARCH_TUNING values (src/storage/db/search-index.ts).
const tuningAt = process.argv.indexOf('--tuning');
const tuning = tuningAt >= 0 ? (JSON.parse(process.argv[tuningAt + 1] ?? '{}') as object) : {};
const TEXTS = ['सीमांकन', 'seemankan', 'VKN/LR/2026/1-77'];
const SEED_BATCH = 250;

const report = createReport();

/** The office's rows, in a shuffled order. */
function generated(): SeedRow[] {
  const t0 = performance.now();
  const office = generateOffice({ spec: VIKASNAGAR, records: size, seed: 31 });
  const now = Date.now();
  const rows = shuffled(
    seeded(17),
    office.records.flatMap((r) => {
      const state = stateOf(r, now);
      return state ? [{ row: projectRecord(state), keys: searchKeys(searchedTextOf(state)) }] : [];
    }),
  );
  report.note(
    `(generated ${rows.length} records in ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
  );
  return rows;
}

// `--profile DIR`: keep the seeded store there and reuse it on the next run (no seeding).
const kept = process.argv.indexOf('--profile');
const profile =
  kept > 0 ? (process.argv[kept + 1] ?? '') : mkdtempSync(join(tmpdir(), 'patravali-search-'));
const tablet = await launchTablet(await ensureChromium(), profile);
try {
  const { page } = tablet;
  const origin = 'http://search-bench.test';
  await page.route(`${origin}/**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>search</title>' }),
  );
  await page.goto(`${origin}/`);
  await page.evaluate(
    await pageQueriesScript(new URL('./lib/search-page.ts', import.meta.url).pathname),
  );
  const t1 = performance.now();
  // A kept profile that already holds the office is searched as it is.
  const had = await page.evaluate(() =>
    (globalThis as { patravaliSearch?: SearchPage }).patravaliSearch?.count(),
  );
  const rows = had === size ? [] : generated();
  for (let i = 0; i < rows.length; i += SEED_BATCH) {
    const batch = rows.slice(i, i + SEED_BATCH);
    await page.evaluate(
      (b) => (globalThis as { patravaliSearch?: SearchPage }).patravaliSearch?.seed(b),
      batch,
    );
  }
  const stored = await page.evaluate(() =>
    (globalThis as { patravaliSearch?: SearchPage }).patravaliSearch?.count(),
  );
  report.note(
    `(${stored} records indexed in the page in ${((performance.now() - t1) / 1000).toFixed(0)} s)`,
  );
  const table: (string | number)[][] = [];
  const readTable: (string | number)[][] = [];
  let slowest = 0;
  for (const text of TEXTS) {
    const all: Awaited<ReturnType<SearchPage['keystrokes']>>[] = [];
    for (let i = 0; i <= runs; i++) {
      const r = await page.evaluate(
        ([t, n]) =>
          (globalThis as { patravaliSearch?: SearchPage }).patravaliSearch?.keystrokes(t, n),
        [text, tuning] as const,
      );
      if (r !== undefined && i > 0) all.push(r);
    }
    for (const k of all[0] ?? []) {
      const r = k.reads;
      readTable.push([
        `"${k.prefix}"`,
        r.searchWords ?? 0,
        r.searchRecent ?? 0,
        r.searchHeads ?? 0,
        r['key text chars'] ?? 0,
        r.records ?? 0,
        r.requests ?? 0,
        r.cursors ?? 0,
        r.transactions ?? 0,
      ]);
    }
    (all[0] ?? []).forEach((k, j) => {
      const ms = all.map((run) => run[j]?.ms ?? NaN);
      slowest = Math.max(slowest, median(ms));
      table.push([`"${k.prefix}"`, k.count, ms.map((m) => m.toFixed(0)).join(' / '), median(ms)]);
    });
  }
  report.table(
    `Search per keystroke over ${size} records in Chromium, index written directly (median of ${runs})`,
    ['typed so far', 'results', 'runs ms', 'median ms'],
    table,
  );
  report.note(`(slowest keystroke's query: ${slowest.toFixed(1)} ms)`);
  report.table(
    'What each keystroke read from IndexedDB (rows, the same on every machine)',
    [
      'typed so far',
      'index entries',
      'recent rows',
      'key texts',
      'key text chars',
      'records',
      'requests',
      'cursors',
      'transactions',
    ],
    readTable,
  );
  for (const text of process.argv.includes('--parts') ? ['सीम', 'seem', 'VKN/L'] : []) {
    const parts = await page.evaluate(
      (t) => (globalThis as { patravaliSearch?: SearchPage }).patravaliSearch?.parts(t),
      text,
    );
    report.table(`The reads of "${text}", each alone`, ['read', 'ms'], Object.entries(parts ?? {}));
  }
} finally {
  await tablet.context.close();
  if (kept < 0) rmSync(profile, { recursive: true, force: true });
}
