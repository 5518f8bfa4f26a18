// Persistence benchmark: how long Chromium takes to write and load N record documents
// with y-indexeddb (one IndexedDB database per record) and with updates in one Dexie table.
// Usage: node --import tsx tests/bench/persistence/run.ts [records=2000]
// Bundles page.ts with esbuild into a temp dir, serves it on 127.0.0.1 (port 0), and runs
// each strategy in its own fresh Chromium profile: write all, reload, load one (cold),
// load all, load one (warm, median). Prints a table; it measures, it does not judge times.
// Exits non-zero only if a loaded document is missing content.
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { ensureChromium } from '../../../scripts/ensure-chromium.mjs';
import type { Strategy, Timing } from './page.ts';

const STRATEGIES: readonly Strategy[] = [
  'y-indexeddb',
  'dexie-batched',
  'dexie-per-update',
  'dexie-per-update-strict',
];
const WARM_SAMPLES = 21;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];

interface Row {
  readonly strategy: Strategy;
  readonly write: Timing;
  readonly usageMb: number;
  readonly loadOneCold: Timing;
  readonly loadAll: Timing;
  readonly loadOneWarmMs: number;
}

async function bundlePage(dir: string): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(dir, 'page.js'),
    logLevel: 'warning',
    // The page uses no path aliases; don't let the project tsconfig steer the bundle.
    tsconfigRaw: {},
  });
  const html =
    '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>';
  await writeFile(join(dir, 'index.html'), html);
}

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
  const server = createServer((request, response) => {
    const name = request.url === '/' ? 'index.html' : (request.url ?? '').replace(/^\/+/, '');
    if (name.includes('/') || name.includes('..')) return void response.writeHead(404).end();
    readFile(join(dir, name)).then(
      (body) => {
        response.writeHead(200, { 'content-type': types[extname(name)] ?? 'text/plain' });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

async function openBench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => 'bench' in window);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function measure(
  executablePath: string,
  url: string,
  strategy: Strategy,
  count: number,
): Promise<Row> {
  const profile = await mkdtemp(join(tmpdir(), 'patravali-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await openBench(page, url);
    const write = await page.evaluate(([s, n]) => window.bench.write(s, n), [
      strategy,
      count,
    ] as const);
    const usage = await page.evaluate(() => window.bench.usageBytes());
    await page.reload();
    await page.waitForFunction(() => 'bench' in window);
    const middle = Math.floor(count / 2);
    const loadOneCold = await page.evaluate(([s, i]) => window.bench.loadOne(s, i), [
      strategy,
      middle,
    ] as const);
    const loadAll = await page.evaluate(([s, n]) => window.bench.loadAll(s, n), [
      strategy,
      count,
    ] as const);
    const warm: number[] = [];
    for (let k = 0; k < WARM_SAMPLES; k += 1) {
      const index = (k * 97) % count;
      const one = await page.evaluate(([s, i]) => window.bench.loadOne(s, i), [
        strategy,
        index,
      ] as const);
      if (one.checked !== 1) throw new Error(`${strategy}: record ${index} loaded incomplete`);
      warm.push(one.ms);
    }
    if (loadAll.checked !== count || loadOneCold.checked !== 1) {
      throw new Error(`${strategy}: ${loadAll.checked}/${count} records loaded intact`);
    }
    return {
      strategy,
      write,
      usageMb: usage / 2 ** 20,
      loadOneCold,
      loadAll,
      loadOneWarmMs: median(warm),
    };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

function printTable(rows: readonly Row[], count: number, version: string): void {
  const ms = (value: number): string => value.toFixed(value < 10 ? 2 : 0).padStart(9);
  console.log(`\nPersistence of ${count} records (1 meta + 5 event updates each)`);
  console.log(
    `Chromium ${version}, headless; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ` +
      `${Math.round(totalmem() / 2 ** 30)} GB RAM; node ${process.version}\n`,
  );
  console.log(
    'strategy                  write ms  load-all ms  load-one cold ms  load-one warm ms  disk MB',
  );
  for (const row of rows) {
    console.log(
      `${row.strategy.padEnd(24)}${ms(row.write.ms)}  ${ms(row.loadAll.ms).padStart(11)}` +
        `  ${ms(row.loadOneCold.ms).padStart(16)}  ${ms(row.loadOneWarmMs).padStart(16)}` +
        `  ${row.usageMb.toFixed(1).padStart(7)}`,
    );
  }
  const raw = rows.find((row) => row.loadAll.bytes > 0)?.loadAll.bytes ?? 0;
  console.log(`\nraw Yjs update bytes of all records: ${(raw / 1024).toFixed(0)} KB`);
  console.log('disk MB: navigator.storage.estimate().usage after writing, per fresh profile');
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`bad record count: ${process.argv[2]}`);
  const executablePath = await ensureChromium();
  const dir = await mkdtemp(join(tmpdir(), 'patravali-bench-page-'));
  await bundlePage(dir);
  const { server, url } = await serve(dir);
  try {
    const rows: Row[] = [];
    for (const strategy of STRATEGIES) {
      rows.push(await measure(executablePath, url, strategy, count));
      console.log(`measured ${strategy}`);
    }
    const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
    const version = browser.version();
    await browser.close();
    printTable(rows, count, version);
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
