import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Starts a benchmark server script in a child process (the real Patravali
 * server, or the per-document baseline) and reads its memory from /proc.
 * The data directory is a fresh temp dir, removed on stop.
 */

export interface ServerProcess {
  readonly origin: string;
  /** The Patravali server's data directory (absent for the baseline). */
  readonly dataDir?: string;
  readonly port: number;
  readonly pid: number;
  /** Resident memory now, in bytes (VmRSS). */
  rss(): number;
  /** CPU time used so far (user + system), in seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

const HERE = new URL('.', import.meta.url).pathname;

export function procMemory(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  return m?.[1] === undefined ? 0 : Number(m[1]) * 1024;
}

/** utime + stime from /proc/<pid>/stat, in seconds (USER_HZ is 100 on Linux). */
export function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 60 s')), 60_000);
    child.once('message', (msg) => {
      clearTimeout(timer);
      const port = (msg as { port?: unknown }).port;
      if (typeof port === 'number') resolve(port);
      else reject(new Error(`unexpected message ${JSON.stringify(msg)}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}`));
    });
  });
}

/** Where a server process listens: 127.0.0.1 here, or an address inside a network namespace. */
export interface Placement {
  readonly netns: string;
  readonly host: string;
}

const NODE_ARGS = ['--import', 'tsx', '--max-old-space-size=4096'];

async function startScript(
  script: string,
  env: Record<string, string>,
  cleanup: () => void,
  placement?: Placement,
): Promise<ServerProcess> {
  // `ip netns exec` execs node in place (same pid), so /proc readings and the
  // IPC channel work as for a plain fork.
  const child = fork(join(HERE, script), [], {
    ...(placement === undefined
      ? { execArgv: NODE_ARGS }
      : {
          execPath: 'ip',
          execArgv: ['netns', 'exec', placement.netns, process.execPath, ...NODE_ARGS],
        }),
    // The storm signs in hundreds of tablets as a handful of people, each one a real office's
    // tablet; per-person rate limits (tests/integration/harden-rate.test.ts) would measure
    // themselves instead of sync, so the benchmark's server runs without them.
    env: { PATRAVALI_SYNC_PER_MINUTE: '0', PATRAVALI_MB_PER_DAY: '0', ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let port: number;
  try {
    port = await waitForPort(child);
  } catch (e) {
    child.kill('SIGKILL');
    cleanup();
    throw e;
  }
  const pid = child.pid ?? 0;
  return {
    origin: `http://${placement?.host ?? '127.0.0.1'}:${port}`,
    ...(env['PATRAVALI_DATA_DIR'] === undefined ? {} : { dataDir: env['PATRAVALI_DATA_DIR'] }),
    port,
    pid,
    rss: () => procMemory(pid, 'VmRSS'),
    cpuSeconds: () => procCpuSeconds(pid),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.send('close');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      cleanup();
    },
  };
}

export interface PatravaliServerOptions {
  /**
   * Open another running server's data directory instead of a fresh one (left
   * in place on stop): SQLite in WAL mode with a busy timeout lets the two
   * processes share it, and the server reads its state from the database on
   * every request.
   */
  readonly sharedDataDir?: string;
  /** Run inside this network namespace, listening on `host` (port 0). */
  readonly placement?: Placement;
  /**
   * Store in this PostgreSQL database (PATRAVALI_DATABASE_URL) instead of SQLite;
   * several instances given the same URL and `sharedDataDir` serve one district.
   */
  readonly databaseUrl?: string;
}

/**
 * The real server (buildServer) on 127.0.0.1, port 0, SQLite in a temp dir,
 * demo directory; serving the built PWA from `staticDir` if given.
 */
export function startPatravaliServer(
  staticDir?: string,
  options: PatravaliServerOptions = {},
): Promise<ServerProcess> {
  const shared = options.sharedDataDir;
  const dataDir = shared ?? mkdtempSync(join(tmpdir(), 'patravali-bench-'));
  return startScript(
    'server-process.ts',
    {
      PATRAVALI_DATA_DIR: dataDir,
      PATRAVALI_SCRYPT_LOG_N: '10',
      PATRAVALI_STATIC_DIR: staticDir ?? join(dataDir, 'no-dist'),
      ...(options.placement === undefined ? {} : { PATRAVALI_BENCH_HOST: options.placement.host }),
      ...(options.databaseUrl === undefined ? {} : { PATRAVALI_DATABASE_URL: options.databaseUrl }),
    },
    () => (shared === undefined ? rmSync(dataDir, { recursive: true, force: true }) : undefined),
    options.placement,
  );
}

/** The per-document baseline server (y-protocols over one WebSocket), docs loaded from `docsFile`. */
export function startBaselineServer(docsFile: string): Promise<ServerProcess> {
  return startScript('../baseline/server-process.ts', { BASELINE_DOCS: docsFile }, () => undefined);
}
