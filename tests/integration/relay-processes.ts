import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { BUNDLED, nodeArgs, type Bundled } from '../server-bundle.ts';
import { tempDir } from './server-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { startWanProxy, type WanProxy } from './wan-proxy.ts';

/**
 * The district server (`npm start`'s entry), the office relay (`npm run relay`'s)
 * and admin commands as child processes of a test, each on its own data
 * directory and on 127.0.0.1 port 0; stopped by their own pid.
 */

export interface Child {
  readonly proc: ChildProcess;
  readonly url: string;
  /** Everything it printed so far. */
  readonly output: () => string;
  stop(): Promise<void>;
  /** SIGKILL: no handler runs, nothing is flushed (a power cut, the OOM killer). */
  kill(): Promise<void>;
}

const BASE_ENV = {
  PORT: '0',
  HOST: '127.0.0.1',
  PATRAVALI_SCRYPT_LOG_N: '10',
};

function start(
  script: Bundled,
  args: readonly string[],
  env: Record<string, string>,
  listening: RegExp,
) {
  const proc = spawn(process.execPath, nodeArgs(script, args), {
    cwd: process.cwd(),
    env: { ...process.env, ...BASE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => proc.once('exit', resolve));
  return new Promise<Child>((resolve, reject) => {
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = listening.exec(out);
      if (m?.[1] !== undefined)
        resolve({
          proc,
          url: m[1],
          output: () => out,
          stop: async () => {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
            await exited;
          },
          kill: async () => {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
            await exited;
          },
        });
    });
    void exited.then((code) =>
      reject(new Error(`${BUNDLED[script]} exited ${code} before listening:\n${out}`)),
    );
  });
}

export function startDistrict(dataDir: string, env: Record<string, string> = {}): Promise<Child> {
  return start(
    'main',
    [],
    {
      PATRAVALI_DATA_DIR: dataDir,
      PATRAVALI_STATIC_DIR: join(dataDir, 'no-dist'),
      // Tests read the district every 20 ms while they wait (eventually); no per-person limit.
      PATRAVALI_SYNC_PER_MINUTE: '0',
      // The demo directory without the demo files (`npm start` seeds them): a test makes its own.
      PATRAVALI_DEMO_CONTENT: '0',
      ...env,
    },
    /Patravali listening on (https?:\/\/[\d.]+:\d+)\//,
  );
}

export function startRelay(
  dataDir: string,
  upstream: string,
  office: string,
  key: string,
  env: Record<string, string> = {},
) {
  return start(
    'relay-main',
    ['--upstream', upstream, '--office', office],
    {
      PATRAVALI_DATA_DIR: dataDir,
      PATRAVALI_STATIC_DIR: join(dataDir, 'no-dist'),
      PATRAVALI_RELAY_KEY: key,
      PATRAVALI_RELAY_SYNC_MS: '100',
      ...env,
    },
    /Patravali relay \w+ listening on (https?:\/\/[\d.]+:\d+)\//,
  );
}

/**
 * `npm run admin -- <args>` on a data directory, `input` on its stdin (a new
 * password); resolves with what it printed.
 */
export async function runAdminProcess(
  dataDir: string,
  args: readonly string[],
  input?: string,
): Promise<string> {
  const { code, out } = await adminProcess(dataDir, args, input);
  if (code !== 0) throw new Error(`admin ${args.join(' ')}: ${out}`);
  return out;
}

/** As runAdminProcess, resolving with the exit code beside what it printed, whatever the code. */
export function adminProcess(
  dataDir: string,
  args: readonly string[],
  input?: string,
): Promise<{ readonly code: number | null; readonly out: string }> {
  const proc = spawn(process.execPath, nodeArgs('admin', args), {
    cwd: process.cwd(),
    env: { ...process.env, ...BASE_ENV, PATRAVALI_DATA_DIR: dataDir },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  proc.stdin?.end(input);
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => proc.once('close', (code) => resolve({ code, out })));
}

/** `admin add-relay <office>` on the district's data directory: the relay key it printed. */
export async function addRelayKey(districtDir: string, office: string): Promise<string> {
  const printed = await runAdminProcess(districtDir, ['add-relay', office]);
  return /relay key .*: (\S+)/.exec(printed)?.[1] ?? '';
}

/** A relay as its tablets' server (tablet-harness.ts): `relay()` is read at each call. */
export const tabletServer = (relay: () => Child, dataDir: string): TestServer => ({
  origin: () => relay().url,
  dataDir,
  restart: async () => undefined,
  close: async () => undefined,
});

/**
 * The district, Vikasnagar's relay (an `add-relay VKN` key) and a WAN between
 * them the test controls, each on a temporary data directory; `relay` is the
 * running relay, replaced by restartRelay.
 */
export interface RelayWorld {
  readonly district: Child;
  relay: Child;
  readonly wan: WanProxy;
  readonly districtDir: string;
  readonly relayDir: string;
  /** Kills the relay (SIGKILL) and starts it again on the same data directory. */
  restartRelay(): Promise<void>;
  close(): Promise<void>;
}

export async function startRelayWorld(
  relayEnv: Record<string, string>,
  districtEnv: Record<string, string> = {},
): Promise<RelayWorld> {
  const districtData = await tempDir('patravali-district-');
  const relayData = await tempDir('patravali-relay-');
  const district = await startDistrict(districtData.path, districtEnv);
  const printed = await runAdminProcess(districtData.path, ['add-relay', 'VKN']);
  const key = /relay key .*: (\S+)/.exec(printed)?.[1] ?? '';
  const wan = await startWanProxy(district.url);
  const startVkn = () => startRelay(relayData.path, wan.origin, 'VKN', key, relayEnv);
  const world: RelayWorld = {
    district,
    relay: await startVkn(),
    wan,
    districtDir: districtData.path,
    relayDir: relayData.path,
    async restartRelay() {
      await world.relay.kill();
      world.relay = await startVkn();
    },
    async close() {
      await world.relay.stop();
      await district.stop();
      await wan.close();
      await districtData.remove();
      await relayData.remove();
    },
  };
  return world;
}

/**
 * Three tiers as processes (relay-wan, relay-tier-conflict): the district,
 * Vikasnagar's relay behind a WAN the test controls, and Chakrata's relay on
 * the district directly, each on a temporary data directory.
 */
export interface ThreeTiers {
  readonly district: Child;
  readonly relay: Child;
  readonly chakrataRelay: Child;
  readonly wan: WanProxy;
  readonly districtDir: string;
  readonly relayDir: string;
  readonly chakrataDir: string;
  close(): Promise<void>;
}

export async function startThreeTiers(
  districtEnv: Record<string, string> = {},
): Promise<ThreeTiers> {
  const dirs = [
    await tempDir('patravali-district-'),
    await tempDir('patravali-relay-'),
    await tempDir('patravali-relay-ckt-'),
  ];
  const [districtDir, relayDir, chakrataDir] = dirs.map((d) => d.path) as [string, string, string];
  const started: { stop(): Promise<void> }[] = [];
  const close = async () => {
    for (const c of started.reverse()) await c.stop();
    for (const d of dirs) await d.remove();
  };
  try {
    const district = await startDistrict(districtDir, districtEnv);
    started.push(district);
    const key = await addRelayKey(districtDir, 'VKN');
    const wan = await startWanProxy(district.url);
    started.push({ stop: () => wan.close() });
    const relay = await startRelay(relayDir, wan.origin, 'VKN', key);
    started.push(relay);
    const chakrataKey = await addRelayKey(districtDir, 'CKT');
    const chakrataRelay = await startRelay(chakrataDir, district.url, 'CKT', chakrataKey);
    started.push(chakrataRelay);
    return { district, relay, chakrataRelay, wan, districtDir, relayDir, chakrataDir, close };
  } catch (e) {
    await close();
    throw e;
  }
}
