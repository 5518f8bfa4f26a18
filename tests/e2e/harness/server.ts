// Runs the real sync server the way `npm start` does (after its build step):
// `node --import tsx sync-server/main.ts`, on 127.0.0.1 and a free port, with its
// SQLite data in a temp PATRAVALI_DATA_DIR (under the OS temp dir) unless a dataDir is given,
// so a test can stop or SIGKILL the server and start it again on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isBuildFresh } from '../../build-fresh.ts';
import { REPO_ROOT } from './paths.ts';
import { nodeArgs } from '../../server-bundle.ts';

// http, or https when the server runs with PATRAVALI_HTTPS=1 (classroom mode).
const LISTENING = /Patravali listening on (https?:\/\/\S+?):(\d+)\/?/;
// Only a guard against a start that hangs: on a fully loaded 2-core machine a
// healthy start (demo seed, password hashes) can take most of a minute.
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const LOG_LINES_KEPT = 200;

export interface ServerOptions {
  /** Reuse a data directory (e.g. to restart after kill9). Default: a fresh temp dir. */
  readonly dataDir?: string;
  /** Extra environment for the server process. */
  readonly env?: Readonly<Record<string, string>>;
  /** Build the PWA first when dist/ is missing (default true); server-only tests skip it. */
  readonly withApp?: boolean;
  /**
   * Listen on this port (default: a free one). A restart on the same data dir
   * passes the old port, so the tablets keep their origin (service worker, IndexedDB).
   */
  readonly port?: number;
}

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly pid: number;
  readonly dataDir: string;
  /** Server stdout and stderr lines so far (the last few hundred), for failure messages. */
  readonly logs: readonly string[];
  /** SIGTERM, then waits for exit (SIGKILL if it does not exit in time). Keeps the data dir. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash or power cut would; waits for exit. Keeps the data dir. */
  kill9(): Promise<void>;
  /** Deletes the data dir; call after stop() or kill9(). */
  removeData(): Promise<void>;
}

let built: Promise<void> | null = null;

/**
 * Builds the PWA into dist/ when it is missing or older than the app's sources,
 * once per test file: a rebuild midway (a source edited, a branch merged) would
 * take the chunks from under a page a tablet already has open. The e2e project builds
 * it once before its files start (tests/e2e/global-setup.ts), since two files run at once.
 */
export function ensureBuilt(): Promise<void> {
  built ??= buildIfStale().catch((e: unknown) => {
    built = null;
    throw e;
  });
  return built;
}

async function buildIfStale(): Promise<void> {
  if (isBuildFresh(REPO_ROOT)) return;
  // Built beside dist/ and swapped in, so a server or a copy reading dist/ (another
  // test run in this checkout) never meets it half-written or emptied.
  const scratch = join(REPO_ROOT, '.tmp');
  await mkdir(scratch, { recursive: true });
  const next = await mkdtemp(join(scratch, 'dist-next-'));
  const build = spawn(
    'npx',
    ['vite', 'build', '--outDir', next, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: REPO_ROOT,
      // The app as it ships: vitest sets NODE_ENV=test, and vite build then bundles React's
      // development build (a 245 KB shell instead of 184 KB, which the benchmark's bundle
      // figures then read from dist/ as if it were the release).
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const code = await exitOf(build);
  if (code !== 0 || !existsSync(join(next, 'index.html'))) {
    await rm(next, { recursive: true, force: true });
    throw new Error(`vite build failed (exit ${String(code)}); the e2e tests need dist/`);
  }
  const dist = join(REPO_ROOT, 'dist');
  const old = `${next}-old`;
  await rename(dist, old).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  });
  await rename(next, dist);
  await rm(old, { recursive: true, force: true });
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  if (options.withApp ?? true) await ensureBuilt();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'patravali-e2e-data-')));
  const child = spawn(process.execPath, nodeArgs('main'), {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      // scrypt at 2^10 instead of the default 2^15: start-up hashes every demo password
      // (13 of them, about 0.35 s each at 2^15 on a quiet core, several times that on a
      // busy machine) and each sign-in verifies one. The cost is a stored parameter, so
      // what the tests check is the same (config.test.ts checks the default).
      PATRAVALI_SCRYPT_LOG_N: '10',
      // The demo directory without the demo files (`npm start` seeds them): a test makes its
      // own, and a tablet then joins only those. A test that shows the seeded office asks.
      PATRAVALI_DEMO_CONTENT: '0',
      ...options.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      PATRAVALI_DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const url = await waitForListening(child, logs);
  const pid = child.pid;
  if (pid === undefined) throw new Error('server process has no pid');
  return {
    url,
    pid,
    dataDir,
    logs,
    stop: () => stopProcess(child, 'SIGTERM'),
    kill9: () => stopProcess(child, 'SIGKILL'),
    removeData: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** Resolves with the base URL from the server's "listening" line; rejects if it exits first. */
function waitForListening(child: ChildProcess, logs: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`server did not report listening in ${START_TIMEOUT_MS} ms:\n${tail(logs)}`),
      );
    }, START_TIMEOUT_MS);
    const onLine = (line: string): void => {
      logs.push(line);
      if (logs.length > LOG_LINES_KEPT) logs.shift();
      const match = LISTENING.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(`${match[1] ?? ''}:${match[2] ?? ''}`);
      }
    };
    forEachLine(child.stdout, onLine);
    forEachLine(child.stderr, onLine);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`server exited (${String(code ?? signal)}) before listening:\n${tail(logs)}`),
      );
    });
  });
}

function forEachLine(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = exitOf(child);
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function tail(lines: readonly string[]): string {
  return lines.slice(-40).join('\n');
}
