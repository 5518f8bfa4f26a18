import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { asDeviceId } from '@domain/ids.ts';
import { ensurePostgres } from '../../../scripts/ensure-postgres.mjs';
import { startPgCluster, type PgCluster } from '../../postgres/pg-cluster.ts';
import { VIKASNAGAR } from '../generate.ts';
import { createHttpFetch } from '../lib/http-fetch.ts';
import { readProcStats, spreadOver, treeCpuSeconds } from '../lib/proc-tree.ts';
import { uuidFrom } from '../lib/random.ts';
import type { Report } from '../lib/report.ts';
import { startPatravaliServer, type ServerProcess } from '../lib/server.ts';
import { exchange, pullAll, PUSH_ONLY_CURSOR, signIn, type WireSession } from '../lib/wire.ts';
import { setupOffice, type OfficeBench } from './office.ts';
import { percentile } from './storm.ts';
import { pickElsewhere, workElsewhere } from './week.ts';

/**
 * Issue 19's storm: after `changed` records changed, N lean devices reconnect
 * at once and pull past their cursor; on one SQLite instance (the default
 * server), and on PostgreSQL with the same devices spread round-robin over 1, 2
 * and 3 server instances (processes) that share one database, as behind a load
 * balancer. Every run pulls the same changes from the same cursor, so the runs
 * differ only in engine, devices and instances. Measured: devices caught up per
 * second, p50/p95 of one device's catch-up, each instance's CPU and peak RSS
 * (/proc), and the PostgreSQL cluster's CPU (the postmaster's process tree,
 * backends that exited included: lib/proc-tree.ts).
 */

export interface StormScaleOptions {
  readonly records: number;
  readonly changed: number;
  /** Storms on one SQLite instance, one per device count. */
  readonly sqliteDevices: readonly number[];
  /** Devices of each PostgreSQL storm (0: no PostgreSQL part). */
  readonly pgDevices: number;
  /** Instance counts the PostgreSQL storm runs over. */
  readonly instances: readonly number[];
}

interface ScaleResult {
  readonly label: string;
  readonly engine: 'sqlite' | 'pg';
  readonly devices: number;
  readonly instances: number;
  readonly seconds: number;
  readonly latencies: number[];
  /** Requests (pages) the devices made. */
  readonly requests: number;
  /** Updates pulled, all devices. */
  readonly updates: number;
  /** CPU seconds of every instance, summed. */
  readonly serverCpu: number;
  /** The largest instance's peak RSS, bytes. */
  readonly rssPeak: number;
  /** PostgreSQL's CPU seconds (postmaster and backends); null on SQLite. */
  readonly pgCpu: number | null;
  /** CPU seconds of this process, where the lean clients run. */
  readonly clientCpu: number;
  readonly retries: Retries;
  /** The machine's 1-minute load average as the storm began and as it ended. */
  readonly load: readonly [number, number];
}

/** Requests a device sent again after a failure (as the app's engine retries), and why. */
interface Retries {
  count: number;
  first: string | null;
}

const RETRY_ATTEMPTS = 5;

/**
 * pullAll, but a request that fails (no answer, or an answer that is not a frame, such
 * as Node's 408 when a request waited too long) is sent again after a back-off, as a
 * tablet's engine does; each one is counted, so the table says when it happened.
 */
async function pullRetrying(
  s: WireSession,
  cursor: number,
  retries: Retries,
): Promise<{ cursor: number; updates: number }> {
  let c = cursor;
  let n = 0;
  for (;;) {
    let res: Awaited<ReturnType<typeof exchange>> | null = null;
    for (let attempt = 1; res === null; attempt++) {
      try {
        res = await exchange(s, c, []);
      } catch (e) {
        if (attempt >= RETRY_ATTEMPTS) throw e;
        retries.count++;
        retries.first ??= e instanceof Error ? e.message : String(e);
        await new Promise((r) => setTimeout(r, 1000 * attempt));
      }
    }
    n += res.updates.length;
    c = res.cursor;
    if (!res.more) return { cursor: c, updates: n };
  }
}

/** Signs in `count` tablets of the office's people, `parallel` at a time. */
async function signInMany(
  bench: OfficeBench,
  count: number,
  parallel = 16,
): Promise<WireSession[]> {
  const people = bench.office.spec.chain;
  const ids = Array.from({ length: count }, () => asDeviceId(uuidFrom(bench.random)));
  const sessions: WireSession[] = new Array<WireSession>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const deviceId = ids[i] ?? asDeviceId(uuidFrom(bench.random));
      const s = await signIn(bench.server.origin, people[i % people.length] ?? '', deviceId);
      sessions[i] = { origin: bench.server.origin, token: s.token, deviceId, fetch };
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return sessions;
}

async function storm(
  label: string,
  engine: ScaleResult['engine'],
  servers: readonly ServerProcess[],
  sessions: readonly WireSession[],
  cursor: number,
  pgPid: number | null,
): Promise<ScaleResult> {
  const httpFetch = createHttpFetch();
  let requests = 0;
  const counted: typeof fetch = (input, init) => {
    requests++;
    return httpFetch(input, init);
  };
  const placed = spreadOver(sessions, servers).map(([s, server]): WireSession => ({
    ...s,
    origin: server.origin,
    fetch: counted,
  }));
  // One device pulls through each instance first, so every run starts with the same warm
  // caches (the engine's pages, the instance's cache of deflated pages) whatever ran before.
  for (const server of servers) {
    const first = placed.find((s) => s.origin === server.origin);
    if (first !== undefined) await pullAll(first, cursor);
  }
  requests = 0;
  const retries: Retries = { count: 0, first: null };
  const pgBefore = pgPid === null ? 0 : treeCpuSeconds(readProcStats(), pgPid);
  const cpuBefore = servers.map((s) => s.cpuSeconds());
  const clientBefore = process.cpuUsage();
  const peaks = servers.map((s) => s.rss());
  const sampler = setInterval(() => {
    servers.forEach((s, i) => (peaks[i] = Math.max(peaks[i] ?? 0, s.rss())));
  }, 25);
  const loadBefore = loadavg()[0] ?? NaN;
  const t0 = performance.now();
  try {
    const pulls = await Promise.all(
      placed.map(async (s) => {
        const start = performance.now();
        const { updates } = await pullRetrying(s, cursor, retries);
        return { updates, ms: performance.now() - start };
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const client = process.cpuUsage(clientBefore);
    servers.forEach((s, i) => (peaks[i] = Math.max(peaks[i] ?? 0, s.rss())));
    return {
      label,
      engine,
      devices: sessions.length,
      instances: servers.length,
      seconds,
      latencies: pulls.map((p) => p.ms),
      requests,
      updates: pulls.reduce((sum, p) => sum + p.updates, 0),
      serverCpu: servers.reduce((sum, s, i) => sum + s.cpuSeconds() - (cpuBefore[i] ?? 0), 0),
      rssPeak: Math.max(...peaks),
      pgCpu: pgPid === null ? null : treeCpuSeconds(readProcStats(), pgPid) - pgBefore,
      clientCpu: (client.user + client.system) / 1e6,
      retries,
      load: [loadBefore, loadavg()[0] ?? NaN],
    };
  } finally {
    clearInterval(sampler);
  }
}

const describe = (r: ScaleResult | undefined): string =>
  r === undefined
    ? ''
    : `${r.seconds.toFixed(1)} s, load average ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}, ` +
      `${r.retries.count} requests retried` +
      (r.retries.first === null ? '' : `, the first after: ${r.retries.first}`);

/** Seeds the office through `server`, signs in `devices` tablets, then changes records. */
async function prepare(
  server: ServerProcess,
  options: StormScaleOptions,
  devices: number,
): Promise<{ sessions: WireSession[]; cursor: number; changed: number; note: string }> {
  const t0 = performance.now();
  const bench = await setupOffice(server, VIKASNAGAR, options.records, 19);
  const t1 = performance.now();
  const sessions = await signInMany(bench, devices);
  const t2 = performance.now();
  const first = sessions[0];
  if (first === undefined) throw new Error('no devices');
  const cursor = (await exchange(first, PUSH_ONLY_CURSOR, [])).headSeq;
  const picked = pickElsewhere(bench, new Set(), options.changed);
  await workElsewhere(bench, picked);
  const s = (a: number, b: number): string => ((b - a) / 1000).toFixed(1);
  const note = `seeded ${options.records} records in ${s(t0, t1)} s, signed in ${devices} tablets in ${s(t1, t2)} s, changed ${picked.length} records in ${s(t2, performance.now())} s`;
  return { sessions, cursor, changed: picked.length, note };
}

async function sqliteStorms(options: StormScaleOptions, report: Report): Promise<ScaleResult[]> {
  const most = Math.max(0, ...options.sqliteDevices);
  if (most === 0) return [];
  const server = await startPatravaliServer();
  try {
    const { sessions, cursor, note } = await prepare(server, options, most);
    report.note(`(SQLite: ${note})`);
    const results: ScaleResult[] = [];
    for (const n of options.sqliteDevices) {
      results.push(
        await storm(`SQLite, 1 instance`, 'sqlite', [server], sessions.slice(0, n), cursor, null),
      );
      report.note(`(SQLite storm of ${n}: ${describe(results.at(-1))})`);
    }
    return results;
  } finally {
    await server.stop();
  }
}

async function pgStorms(options: StormScaleOptions, report: Report): Promise<ScaleResult[]> {
  if (options.pgDevices === 0 || options.instances.length === 0) return [];
  const cluster: PgCluster = await startPgCluster(await ensurePostgres());
  const dataDir = mkdtempSync(join(tmpdir(), 'patravali-storm-pg-'));
  const servers: ServerProcess[] = [];
  try {
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE storm');
    await admin.end();
    const start = () =>
      startPatravaliServer(undefined, {
        sharedDataDir: dataDir,
        databaseUrl: cluster.urlOf('storm'),
      });
    // The first instance makes the schema and the district's keys; the others open them.
    servers.push(await start());
    const { sessions, cursor, note } = await prepare(
      servers[0] as ServerProcess,
      options,
      options.pgDevices,
    );
    report.note(`(PostgreSQL: ${note})`);
    const most = Math.max(...options.instances);
    servers.push(...(await Promise.all(Array.from({ length: most - 1 }, start))));
    const results: ScaleResult[] = [];
    for (const k of options.instances) {
      results.push(
        await storm(
          `PostgreSQL, ${k} instance${k === 1 ? '' : 's'}`,
          'pg',
          servers.slice(0, k),
          sessions,
          cursor,
          cluster.pid,
        ),
      );
      report.note(`(PostgreSQL storm over ${k}: ${describe(results.at(-1))})`);
    }
    return results;
  } finally {
    for (const s of servers) await s.stop();
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchStormScale(options: StormScaleOptions, report: Report): Promise<void> {
  const results = [...(await sqliteStorms(options, report)), ...(await pgStorms(options, report))];
  const mb = (b: number): number => b / 2 ** 20;
  const ms = (s: number, r: ScaleResult): number => (s * 1000) / r.devices;
  report.table(
    `Storm at scale: tablets reconnect at once after ${options.changed} records changed; ${options.records} records (loopback)`,
    [
      'server',
      'devices',
      'wall s',
      'devices/s',
      'p50 s',
      'p95 s',
      'pages/device',
      'updates/device',
      'server CPU s',
      'server CPU ms/device',
      'RSS peak MiB (largest instance)',
      'PostgreSQL CPU s',
      'PostgreSQL CPU ms/device',
      'clients CPU s',
      'requests retried',
    ],
    results.map((r) => [
      r.label,
      r.devices,
      r.seconds,
      r.devices / r.seconds,
      percentile(r.latencies, 50) / 1000,
      percentile(r.latencies, 95) / 1000,
      r.requests / r.devices,
      r.updates / r.devices,
      r.serverCpu,
      ms(r.serverCpu, r),
      mb(r.rssPeak),
      r.pgCpu ?? NaN,
      r.pgCpu === null ? NaN : ms(r.pgCpu, r),
      r.clientCpu,
      r.retries.count,
    ]),
  );
  for (const r of results) {
    const tag = `server.storm_${r.engine}_${r.devices}x${r.instances}`;
    report.add(`${tag}.throughput`, r.devices / r.seconds, 'devices/s');
    report.add(`${tag}.p95_latency`, percentile(r.latencies, 95) / 1000, 's');
    report.add(`${tag}.server_cpu_per_device`, ms(r.serverCpu, r), 'ms');
    report.add(`${tag}.server_rss_peak`, r.rssPeak, 'bytes');
    report.add(`${tag}.requests_retried`, r.retries.count, 'requests');
    if (r.pgCpu !== null) report.add(`${tag}.pg_cpu_per_device`, ms(r.pgCpu, r), 'ms');
  }
  const pgRuns = results.filter((r) => r.engine === 'pg');
  const one = pgRuns.find((r) => r.instances === 1);
  if (one === undefined) return;
  for (const r of pgRuns.filter((x) => x.instances > 1))
    report.add(
      `server.storm_pg_${r.devices}x${r.instances}.throughput_vs_1`,
      one.seconds / r.seconds,
      'ratio',
    );
  // A real cluster: each instance on a core of its own, PostgreSQL on cores of its own; a
  // storm is bound by whichever saturates first. Predicted from CPU per device, which a
  // shared 2-core machine measures far better than it measures wall time.
  report.table(
    'What CPU per device predicts for a cluster (devices/s one core can serve)',
    ['run', 'one instance core', 'one PostgreSQL core'],
    pgRuns.map((r) => [
      r.label,
      r.devices / r.serverCpu,
      r.pgCpu === null || r.pgCpu === 0 ? NaN : r.devices / r.pgCpu,
    ]),
  );
}
