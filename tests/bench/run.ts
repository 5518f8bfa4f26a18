import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHAKRATA, generateOffice, VIKASNAGAR } from './generate.ts';
import { chooseLinkEmulation, probeNetem, type LinkEmulation } from './lib/netem.ts';
import { createReport, type Report } from './lib/report.ts';
import { BENCH_ACCEPT_ENCODING } from './lib/http-fetch.ts';
import { startPatravaliServer, type ServerProcess } from './lib/server.ts';
import { LINK_2G } from './lib/shaper.ts';
import { benchBundle, builtApp, type BuiltApp } from './scenarios/bundle.ts';
import { benchChromiumJoin } from './scenarios/chromium-join.ts';
import { benchChromiumQueries } from './scenarios/chromium-queries.ts';
import { benchThrottled } from './scenarios/chromium-throttled.ts';
import { benchColdStart } from './scenarios/cold-start.ts';
import { benchDeviceQueries } from './scenarios/device-queries.ts';
import { benchEngineReconnect } from './scenarios/engine-reconnect.ts';
import { benchFirstVisit } from './scenarios/first-visit.ts';
import { benchIdle } from './scenarios/idle.ts';
import { benchJoin } from './scenarios/join.ts';
import { benchLinks, benchWeekLoopback } from './scenarios/links.ts';
import { setupOffice, type OfficeBench } from './scenarios/office.ts';
import { benchRelay } from './scenarios/relay.ts';
import { benchStorm } from './scenarios/storm.ts';
import { benchStormScale, type StormScaleOptions } from './scenarios/storm-scale.ts';

/**
 * `npm run bench [-- --quick]`: every benchmark of issue 8 against the real
 * server (child process, SQLite in a temp dir), real devices (Dexie over
 * fake-indexeddb + the real sync engine) and the per-document baseline.
 * Prints tables and writes tests/bench/results/latest.json. It never fails on
 * a number; a section that breaks prints its error and the run goes on.
 */

const ROOT = join(new URL('.', import.meta.url).pathname, '..', '..');
const quick = process.argv.includes('--quick');
/** `--storm-scale`: only issue 19's storm, at its sizes (or `--devices N`, `--changed N`). */
const stormScaleOnly = process.argv.includes('--storm-scale');
/** `--relay`: only issue 18's office relay benchmarks (`--files N`: the day's files). */
const relayOnly = process.argv.includes('--relay');
/** Only the 2,000-record join on loopback (desk first beside oldest first, 2G modelled). */
const joinOnly = process.argv.includes('--join');
/**
 * `--links`: the join's bytes, the week offline on loopback and on 2G, 3G and
 * satellite (no per-document runs), then the storm: what compression changes.
 */
const linksOnly = process.argv.includes('--links');
/** `--week`: only the 2,000-record join and the week offline on loopback (its bytes and floor). */
const weekOnly = process.argv.includes('--week');
/**
 * `--chromium`: only the tehsildar's tablet in Chromium at 10,000 records (search,
 * pendency) and the same tablet with its CPU slowed 4× (issue 20's cheap tablets).
 */
const chromiumOnly = process.argv.includes('--chromium');
/** `--chromium-join`: only a fresh Chromium tablet joining 2,000 records with its CPU slowed 4×. */
const chromiumJoinOnly = process.argv.includes('--chromium-join');
const flag = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const WEEK = { elsewhere: 100, here: 50 };
/** The tehsildar's tablet in the Chromium search, pendency and slowed-CPU runs. */
const CHROMIUM_RECORDS = 10_000;

function machine(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  return `${availableParallelism()} cores, ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

async function section(
  report: Report,
  name: string,
  work: () => Promise<void> | void,
): Promise<void> {
  const t0 = performance.now();
  try {
    await work();
    report.note(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    report.note(
      `!! ${name} did not complete: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
  }
}

function benchGenerator(report: Report, sizes: readonly number[]): void {
  const rows: (string | number)[][] = [];
  for (const n of sizes) {
    const t0 = performance.now();
    const office = generateOffice({ spec: VIKASNAGAR, records: n, seed: 7 });
    const ms = performance.now() - t0;
    const notings = office.records
      .flatMap((r) => r.steps.flatMap((s) => s.events))
      .filter((e) => e.type === 'noting');
    const chars = notings.map((e) => (e.type === 'noting' ? e.text.length : 0));
    const text = Buffer.from(
      JSON.stringify(notings.slice(0, 150).map((e) => (e.type === 'noting' ? e.text : ''))),
    );
    const updates = office.records.reduce(
      (b, r) => b + r.steps.reduce((s, st) => s + st.update.length, 0),
      0,
    );
    rows.push([
      `${n} records`,
      office.records.filter((r) => r.steps[0]?.meta?.kind === 'receipt').length,
      office.records.reduce((k, r) => k + r.steps.length, 0),
      notings.length,
      Math.min(...chars),
      Math.round(chars.reduce((a, b) => a + b, 0) / chars.length),
      Math.max(...chars),
      text.length / gzipSync(text, { level: 9 }).length,
      updates,
      ms / 1000,
    ]);
  }
  report.table(
    'Generated offices (seeded; Vikasnagar tehsil)',
    [
      'office',
      'dak',
      'turns (updates)',
      'notings',
      'min chars',
      'mean chars',
      'max chars',
      'gzip ratio of 150 notings',
      'Yjs update bytes',
      'generate s',
    ],
    rows,
  );
}

/** Prints every metric and writes them to tests/bench/results/`file`. */
function finish(report: Report, file: string, started: number): void {
  report.table(
    'All metrics',
    ['name', 'value', 'unit'],
    report.metrics.map((m) => [m.name, m.value, m.unit]),
  );
  const out = join(ROOT, 'tests', 'bench', 'results', file);
  report.write(out);
  report.note(
    `wrote ${relative(ROOT, out)} (${report.metrics.length} metrics) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

/**
 * Issue 19's storm alone: N tablets after `changed` records changed, on one SQLite
 * instance (N/10 and N) and on PostgreSQL over 1, 2 and 3 instances. At the issue's
 * sizes (3,000 tablets, 1,000 changes: 17 pages each) it takes far longer than the
 * whole full run on 2 cores, so it has a flag of its own and its own results file.
 */
async function stormScaleMain(): Promise<void> {
  const started = performance.now();
  const report = createReport();
  const devices = flag('devices', 3000);
  report.note(`# Patravali benchmarks (--storm-scale)`);
  report.note(`machine: ${machine()}`);
  await section(report, 'storm at scale', () =>
    benchStormScale(
      {
        records: 2000,
        changed: flag('changed', 1000),
        sqliteDevices: [Math.round(devices / 10), devices],
        pgDevices: devices,
        instances: [1, 2, 3],
      },
      report,
    ),
  );
  finish(report, 'storm-scale.json', started);
}

/** The office relay's day: files made and moved at the relay while the WAN is down. */
const RELAY_DAY_FILES = { quick: 10, full: 30 } as const;

async function relayMain(): Promise<void> {
  const started = performance.now();
  const report = createReport();
  report.note(`# Patravali benchmarks (--relay)`);
  report.note(`machine: ${machine()}`);
  await section(report, 'office relay', () =>
    benchRelay(report, flag('files', RELAY_DAY_FILES.full)),
  );
  finish(report, 'relay.json', started);
}

/** The full run's storm at scale: the same runs, small enough for the run's 20 minutes. */
const STORM_SCALE_FULL: StormScaleOptions = {
  records: 500,
  changed: 100,
  sqliteDevices: [300],
  pgDevices: 300,
  instances: [1, 2, 3],
};

/**
 * The 2,000-record office joined by a fresh device, its week offline on loopback
 * and on the links, then the storm (the full run's and --links' common part).
 */
async function weekLinksStorm(
  server: ServerProcess,
  report: Report,
  emulation: LinkEmulation,
  opts: { readonly perdoc: boolean; readonly allLinks: boolean },
): Promise<OfficeBench> {
  const office = await setupOffice(server, VIKASNAGAR, 2000, 1);
  const device = await benchJoin(office, report);
  let loopbackDown = 300_000;
  await section(report, 'week offline (loopback)', async () => {
    loopbackDown = (await benchWeekLoopback(office, device, WEEK, report)).patravali.down;
  });
  await section(report, 'links', () =>
    benchLinks(office, device, { size: WEEK, ...opts, loopbackDown, emulation }, report),
  );
  device.close();
  await section(report, 'storm', () => benchStorm(office, 300, 100, report));
  return office;
}

async function main(): Promise<void> {
  const started = performance.now();
  const report = createReport();
  report.note(`# Patravali benchmarks (${quick ? '--quick' : 'full'})`);
  report.note(`machine: ${machine()}`);
  // PATRAVALI_BENCH_LINK=netem|netns-unshaped|shaper forces one; unset, the probe decides.
  const links = chooseLinkEmulation(process.env['PATRAVALI_BENCH_LINK'], probeNetem());
  report.note(`link emulation: ${links.note}`);

  let app: BuiltApp | null = null;
  await section(report, 'bundle', () => {
    app = builtApp(ROOT, report);
    benchBundle(app.dir, report);
  });
  await section(report, 'generator', () => benchGenerator(report, quick ? [2000] : [2000, 10_000]));

  const server = await startPatravaliServer();
  try {
    await section(report, 'idle reconnect', async () => {
      const office = await setupOffice(server, CHAKRATA, 1000, 11);
      const device = await benchJoin(office, report);
      await benchIdle(office, device, report);
      device.close();
      await benchEngineReconnect(office, report, LINK_2G);
    });
    const office = await weekLinksStorm(server, report, links.emulation, {
      perdoc: !quick,
      allLinks: !quick,
    });
    await section(report, 'office relay', () =>
      benchRelay(report, quick ? RELAY_DAY_FILES.quick : RELAY_DAY_FILES.full),
    );
    if (!quick) {
      await section(report, 'join on 2G', async () => {
        (await benchJoin(office, report, LINK_2G)).close();
      });
    }
  } finally {
    await server.stop();
  }
  if (quick) {
    report.note('');
    report.note(
      "--quick: skipped the 2,000-record join over 2G, the storm on PostgreSQL over 1-3 instances (it starts a PostgreSQL cluster and seeds two offices), device queries at 10,000 records, the Chromium cold start, a fresh Chromium tablet's join with its CPU slowed, a fresh tablet's first visit on 2G and Chromium search and pendency (run without --quick)",
    );
  } else {
    await section(report, 'storm at scale', () => benchStormScale(STORM_SCALE_FULL, report));
    await section(report, 'device queries', () => benchDeviceQueries(report, 10_000));
    const appDir = (app as BuiltApp | null)?.dir;
    await section(report, 'Chromium cold start', () => {
      if (appDir === undefined) throw new Error('no built app (see the bundle section)');
      return benchColdStart(report, appDir);
    });
    await section(report, 'first visit on 2G', () => {
      if (appDir === undefined) throw new Error('no built app (see the bundle section)');
      return benchFirstVisit(report, appDir, LINK_2G);
    });
    await section(report, 'Chromium join, CPU slowed', () => {
      if (appDir === undefined) throw new Error('no built app (see the bundle section)');
      return benchChromiumJoin(report, appDir);
    });
    await section(report, 'Chromium search and pendency', () => {
      if (appDir === undefined) throw new Error('no built app (see the bundle section)');
      return benchChromiumQueries(report, appDir, CHROMIUM_RECORDS, 3, (page, origin, office) =>
        benchThrottled(report, page, origin, office, CHROMIUM_RECORDS, 3),
      );
    });
  }
  (app as BuiltApp | null)?.dispose();
  finish(report, 'latest.json', started);
}

/** The full run's Chromium search, pendency and slowed-CPU section alone. */
async function chromiumMain(): Promise<void> {
  const started = performance.now();
  const report = createReport();
  report.note(`# Patravali benchmarks (--chromium)`);
  report.note(`machine: ${machine()}`);
  const app = builtApp(ROOT, report);
  try {
    await section(report, 'Chromium search and pendency', () =>
      benchChromiumQueries(report, app.dir, CHROMIUM_RECORDS, 3, (page, origin, office) =>
        benchThrottled(report, page, origin, office, CHROMIUM_RECORDS, 3),
      ),
    );
  } finally {
    app.dispose();
  }
  finish(report, 'chromium.json', started);
}

/** The full run's fresh Chromium tablet joining 2,000 records on a slowed CPU, alone. */
async function chromiumJoinMain(): Promise<void> {
  const started = performance.now();
  const report = createReport();
  report.note(`# Patravali benchmarks (--chromium-join)`);
  report.note(`machine: ${machine()}`);
  const app = builtApp(ROOT, report);
  try {
    await section(report, 'Chromium join, CPU slowed', () => benchChromiumJoin(report, app.dir));
  } finally {
    app.dispose();
  }
  finish(report, 'chromium-join.json', started);
}

async function joinMain(): Promise<void> {
  const started = performance.now();
  const report = createReport();
  report.note(`# Patravali benchmarks (--join)`);
  report.note(`machine: ${machine()}`);
  const server = await startPatravaliServer();
  try {
    await section(report, 'join', async () => {
      const office = await setupOffice(server, VIKASNAGAR, 2000, 1);
      (await benchJoin(office, report)).close();
    });
  } finally {
    await server.stop();
  }
  finish(report, 'join.json', started);
}

async function weekMain(): Promise<void> {
  const started = performance.now();
  const report = createReport();
  report.note(`# Patravali benchmarks (--week)`);
  report.note(`machine: ${machine()}`);
  report.note(`bench clients offer Accept-Encoding: ${BENCH_ACCEPT_ENCODING}`);
  const server = await startPatravaliServer();
  try {
    await section(report, 'week offline (loopback)', async () => {
      const office = await setupOffice(server, VIKASNAGAR, 2000, 1);
      const device = await benchJoin(office, report);
      await benchWeekLoopback(office, device, WEEK, report);
      device.close();
    });
  } finally {
    await server.stop();
  }
  finish(report, 'week.json', started);
}

async function linksMain(): Promise<void> {
  const started = performance.now();
  const report = createReport();
  report.note(`# Patravali benchmarks (--links)`);
  report.note(`machine: ${machine()}`);
  const links = chooseLinkEmulation(process.env['PATRAVALI_BENCH_LINK'], probeNetem());
  report.note(`link emulation: ${links.note}`);
  report.note(`bench clients offer Accept-Encoding: ${BENCH_ACCEPT_ENCODING}`);
  const server = await startPatravaliServer();
  try {
    await weekLinksStorm(server, report, links.emulation, { perdoc: false, allLinks: true });
  } finally {
    await server.stop();
  }
  finish(report, 'links.json', started);
}

await (stormScaleOnly
  ? stormScaleMain()
  : relayOnly
    ? relayMain()
    : joinOnly
      ? joinMain()
      : linksOnly
        ? linksMain()
        : weekOnly
          ? weekMain()
          : chromiumJoinOnly
            ? chromiumJoinMain()
            : chromiumOnly
              ? chromiumMain()
              : main());
