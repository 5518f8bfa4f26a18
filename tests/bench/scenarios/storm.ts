import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { asDeviceId } from '@domain/ids.ts';
import { writeDocsFile } from '../baseline/docs-file.ts';
import { uuidFrom } from '../lib/random.ts';
import { createHttpFetch } from '../lib/http-fetch.ts';
import type { Report } from '../lib/report.ts';
import { startBaselineServer, type ServerProcess } from '../lib/server.ts';
import { exchange, PUSH_ONLY_CURSOR, signIn, type WireSession } from '../lib/wire.ts';
import { runStormClients, type StormClients } from '../lib/storm-clients.ts';
import type { OfficeBench } from './office.ts';
import { pickElsewhere, workElsewhere } from './week.ts';

/**
 * The storm's baseline authenticates per document as Hocuspocus does, but
 * leaves permessage-deflate out: compressing costs the baseline's server CPU,
 * and the storm measures throughput, so leaving it out favours the baseline.
 */
const STORM_PERDOC = { auth: true, deflate: false } as const;

/**
 * After an outage, every device of the district reconnects at once (loopback).
 * Patravali devices each pull what changed past their cursor; per-document
 * devices each run the handshake for every record. Throughput is devices
 * fully caught up per second; memory is the server process's resident set.
 * Devices here are lean protocol clients (no device store) in a process of
 * their own (storm-clients.ts), so both servers are measured, not the
 * clients' databases.
 */

interface StormResult {
  readonly seconds: number;
  readonly latencies: number[];
  readonly rssBefore: number;
  readonly rssPeak: number;
  /** Server CPU seconds spent during the storm (both cores count). */
  readonly serverCpu: number;
  /** CPU seconds of the lean clients' process. */
  readonly clientCpu: number;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(server: ServerProcess, clients: StormClients): Promise<StormResult> {
  let rssBefore = 0;
  let cpuBefore = 0;
  let rssPeak = 0;
  let sampler: NodeJS.Timeout | undefined;
  try {
    const r = await runStormClients(clients, () => {
      rssBefore = server.rss();
      cpuBefore = server.cpuSeconds();
      rssPeak = rssBefore;
      sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, server.rss());
      }, 25);
    });
    return {
      ...r,
      rssBefore,
      rssPeak: Math.max(rssPeak, server.rss()),
      serverCpu: server.cpuSeconds() - cpuBefore,
    };
  } finally {
    clearInterval(sampler);
  }
}

async function signInDevices(bench: OfficeBench, count: number): Promise<WireSession[]> {
  const people = bench.office.spec.chain;
  const sessions: WireSession[] = [];
  const httpFetch = createHttpFetch();
  for (let i = 0; i < count; i++) {
    const person = people[i % people.length] ?? '';
    const deviceId = asDeviceId(uuidFrom(bench.random));
    const s = await signIn(bench.server.origin, person, deviceId);
    sessions.push({ origin: bench.server.origin, token: s.token, deviceId, fetch: httpFetch });
  }
  return sessions;
}

export async function benchStorm(
  bench: OfficeBench,
  devices: number,
  changed: number,
  report: Report,
): Promise<void> {
  const sessions = await signInDevices(bench, devices);
  const first = sessions[0];
  if (first === undefined) throw new Error('no devices');
  const cursor = (await exchange(first, PUSH_ONLY_CURSOR, [])).headSeq;
  const before = new Map(
    bench.office.records.map((r) => [r.id as string, Y.encodeStateAsUpdate(r.doc)]),
  );
  await workElsewhere(bench, pickElsewhere(bench, new Set(), changed));

  const ours = await measure(bench.server, {
    kind: 'patravali',
    sessions: sessions.map((s) => ({ origin: s.origin, token: s.token, deviceId: s.deviceId })),
    cursor,
  });

  const dir = mkdtempSync(join(tmpdir(), 'patravali-perdoc-'));
  const file = join(dir, 'docs.bin');
  writeDocsFile(
    file,
    new Map(bench.office.records.map((r) => [r.id as string, Y.encodeStateAsUpdate(r.doc)])),
  );
  // The devices hold the records as they were before the change elsewhere.
  const devicesFile = join(dir, 'devices.bin');
  writeDocsFile(devicesFile, before);
  const baseline = await startBaselineServer(file);
  let theirs: StormResult;
  try {
    theirs = await measure(baseline, {
      kind: 'perdoc',
      url: baseline.origin.replace('http', 'ws'),
      docsFile: devicesFile,
      devices: sessions.length,
      mode: STORM_PERDOC,
    });
  } finally {
    await baseline.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const mb = (b: number): number => b / 2 ** 20;
  const row = (name: string, r: StormResult): (string | number)[] => [
    name,
    r.seconds,
    devices / r.seconds,
    percentile(r.latencies, 50) / 1000,
    percentile(r.latencies, 95) / 1000,
    mb(r.rssBefore),
    mb(r.rssPeak),
    r.serverCpu,
    r.clientCpu,
  ];
  report.table(
    `Storm: ${devices} devices reconnect at once after ${changed} records changed; ${bench.office.records.length} records (loopback)`,
    [
      'server',
      'wall s',
      'devices/s',
      'p50 s',
      'p95 s',
      'RSS before MiB',
      'RSS peak MiB',
      'server CPU s',
      'clients CPU s',
    ],
    [
      row('Patravali (SQLite, batched)', ours),
      row('per-document (y-protocols, docs in memory)', theirs),
    ],
  );
  const tag = `server.storm_${devices}`;
  report.add(`${tag}.throughput`, devices / ours.seconds, 'devices/s');
  report.add(`${tag}.throughput_perdoc`, devices / theirs.seconds, 'devices/s');
  report.add(`${tag}.throughput_ratio_perdoc`, theirs.seconds / ours.seconds, 'ratio');
  report.add(`${tag}.p95_latency`, percentile(ours.latencies, 95) / 1000, 's');
  report.add(`${tag}.p95_latency_perdoc`, percentile(theirs.latencies, 95) / 1000, 's');
  report.add(`${tag}.server_rss_peak`, ours.rssPeak, 'bytes');
  report.add(`${tag}.server_rss_peak_perdoc`, theirs.rssPeak, 'bytes');
}
