import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseOrigins } from './http/cors.ts';

/** Everything the server reads from its environment, parsed once at start. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /**
   * Directory holding the SQLite file, the log's signing key and scans. With a
   * database URL it holds only the key and scans, shared by every instance.
   */
  readonly dataDir: string;
  /**
   * PATRAVALI_DATABASE_URL (postgres://…): the storage is that PostgreSQL database,
   * which several instances may share (storage/pg/, docs/DEPLOYMENT.md). Null: SQLite
   * in dataDir, one server.
   */
  readonly databaseUrl?: string | null;
  /** Path of the directory JSON file; null means demo mode (demo district, demo passwords). */
  readonly directoryFile: string | null;
  /** How long a session token stays valid. */
  readonly tokenTtlMs: number;
  /** scrypt cost as log2(N); stored with each hash, so changing it only affects new hashes. */
  readonly scryptLogN: number;
  /** Built PWA to serve (index.html + assets). */
  readonly staticDir: string;
  /**
   * Demo mode only: seed the demo district's records (files, notings, dak) on first
   * start and after a reset (PATRAVALI_DEMO_CONTENT). Off unless asked for;
   * `npm start` (main.ts) asks for it by default.
   */
  readonly demoContent: boolean;
  /** Serve HTTPS with a self-signed certificate kept in dataDir (PATRAVALI_HTTPS or `--https`). */
  readonly https: boolean;
  /**
   * Serve HTTPS with the deployment's own certificate and key, PEM files
   * (PATRAVALI_TLS_CERT, PATRAVALI_TLS_KEY: both or neither, not with
   * PATRAVALI_HTTPS), read again every tlsCheckMs (tls/tls-files.ts). Null: none.
   */
  readonly tlsFiles?: { readonly cert: string; readonly key: string } | null;
  /** How often the TLS files are read again for a renewed pair (PATRAVALI_TLS_CHECK_MS). */
  readonly tlsCheckMs: number;
  /** A request body must have arrived this long after its headers (PATRAVALI_BODY_TIMEOUT_MS). */
  readonly bodyTimeoutMs: number;
  /**
   * How often open push sockets' sessions are checked again, so one revoked from
   * the admin command is closed (PATRAVALI_PUSH_RECHECK_MS).
   */
  readonly pushRecheckMs: number;
  /**
   * How often an instance on PostgreSQL compares the stored directory with the one
   * it serves, should a notification of a new one have been missed
   * (PATRAVALI_DIRECTORY_CHECK_MS; directory/follow-directory.ts).
   */
  readonly directoryCheckMs: number;
  /**
   * End of the signing transition (PATRAVALI_REQUIRE_SIGNATURES): refuse every
   * new unsigned event or meta. Off by default while tablets from before device
   * signatures may still push; see docs/ARCHITECTURE.md, "Signatures".
   */
  readonly requireSignatures?: boolean;
  /** How often the push channel beats (PATRAVALI_PUSH_HEARTBEAT_MS; tests shorten it). */
  readonly pushHeartbeatMs: number;
  /**
   * Sync requests one person may make per minute, all their tablets together, with
   * as many at once (PATRAVALI_SYNC_PER_MINUTE; 0 = no limit). See docs/LIMITS.md.
   */
  readonly syncPerMinute: number;
  /** Pendency reports one person may ask for per minute (PATRAVALI_REPORTS_PER_MINUTE; 0 = no limit). */
  readonly reportsPerMinute: number;
  /**
   * An unfinished scan upload that has not grown for this long is removed
   * (PATRAVALI_UPLOAD_IDLE_HOURS). See attachments/scan-sweep.ts.
   */
  readonly uploadIdleMs: number;
  /**
   * A stored scan that no record lists is removed once this old
   * (PATRAVALI_ORPHAN_SCAN_DAYS).
   */
  readonly orphanScanMs: number;
  /**
   * Bytes one person may send in a day, all tablets together: sync bodies and
   * scan uploads (PATRAVALI_MB_PER_DAY; 0 = no limit). See http/person-bytes.ts.
   */
  readonly bytesPerDay: number;
  /**
   * How long checking one pushed update may take before it is refused as too
   * complex (PATRAVALI_CHECK_MS). Checks run in worker threads, so one slow
   * record never delays another's (sync/judge-pool.ts).
   */
  readonly checkBudgetMs: number;
  /**
   * The app's origins that may sync here across origins (PATRAVALI_CORS_ORIGINS,
   * comma-separated): tablets whose address an office relay answers reach the
   * district's own address while the relay is off (http/cors.ts, decision 0015).
   */
  readonly corsOrigins?: readonly string[];
  /**
   * Origins the served pages may connect to besides their own
   * (PATRAVALI_CONNECT_SRC; an office relay adds its `--fallback`): added to the
   * Content-Security-Policy's connect-src (decision 0015).
   */
  readonly connectSources?: readonly string[];
  /**
   * The proxies whose X-Forwarded-For is read for a request's address
   * (PATRAVALI_TRUST_PROXY: addresses and CIDRs separated by commas; none by
   * default): Fastify's `trustProxy`, so `request.ip` is the client's behind a
   * TLS proxy listed here, and the connection's own address for every other
   * (whose header is never read). An office relay counts its questions to the
   * district by that address (relay/ask-budget.ts, docs/RELAY.md section 6).
   */
  readonly trustProxy?: readonly string[];
}

export type Env = Readonly<Record<string, string | undefined>>;

const HOUR_MS = 60 * 60 * 1000;
/** A tablet on a bad link resumes an upload within hours; one idle for a day was given up. */
const DEFAULT_UPLOAD_IDLE_HOURS = 24;
/**
 * A scan is uploaded before or after its record's push; a tablet offline for
 * weeks may hold the record back that long. A month is well past both.
 */
const DEFAULT_ORPHAN_SCAN_DAYS = 30;
/**
 * A week offline pushes a few MB of notings; a clerk scanning a backlog sends a
 * few hundred MB of scans. A gigabyte a day is no office's work.
 */
const DEFAULT_MB_PER_DAY = 1024;
/**
 * A week's notings on a big file check in tens of milliseconds on a cheap
 * server; five seconds leaves room for a loaded one and bounds what one
 * crafted update can cost.
 */
const DEFAULT_CHECK_MS = 5000;
/** Tablets stay offline for days; a month-long session keeps them working. */
const DEFAULT_TOKEN_TTL_HOURS = 30 * 24;
const DEFAULT_SCRYPT_LOG_N = 15;
/** The largest body (a 256 KB scan chunk) at ~20 kbit/s, with room to spare. */
const DEFAULT_BODY_TIMEOUT_MS = 180_000;
/**
 * A busy clerk's tablet syncs after each change and on every announcement, a
 * few times a minute; a new tablet pulling a whole district takes a few dozen
 * pages in a row. One person sending 445 a second is not working.
 */
const DEFAULT_SYNC_PER_MINUTE = 240;
/** A reviewer changing filters asks for a report every few seconds at most. */
const DEFAULT_REPORTS_PER_MINUTE = 12;
const DEFAULT_PUSH_RECHECK_MS = 30_000;
const DEFAULT_DIRECTORY_CHECK_MS = 30_000;
/** Two small files read a minute; certbot renews a month before the end. */
const DEFAULT_TLS_CHECK_MS = 60_000;
/**
 * The push channel beats this often (sync/push-hub.ts). A device calls its link
 * lost after 2.5 silent intervals (25 s), the server drops a socket that did not
 * answer within one; each beat costs a few bytes per open tablet.
 */
const DEFAULT_PUSH_HEARTBEAT_MS = 10_000;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function intFrom(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${key} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function nonEmpty(env: Env, key: string): string | null {
  const raw = env[key];
  return raw === undefined || raw.trim() === '' ? null : raw.trim();
}

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

function databaseUrlFrom(env: Env): string | null {
  const url = nonEmpty(env, 'PATRAVALI_DATABASE_URL');
  if (url === null) return null;
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new ConfigError('PATRAVALI_DATABASE_URL must be a postgres:// or postgresql:// URL');
  return url;
}

function flagFrom(env: Env, key: string, fallback: boolean): boolean {
  const raw = nonEmpty(env, key)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (TRUE_WORDS.includes(raw)) return true;
  if (FALSE_WORDS.includes(raw)) return false;
  throw new ConfigError(`${key} must be 1 or 0 (true/false, yes/no, on/off), got "${raw}"`);
}

/** PATRAVALI_TLS_CERT and PATRAVALI_TLS_KEY: both or neither, and not with PATRAVALI_HTTPS. */
function tlsFilesFrom(env: Env, cwd: string): ServerConfig['tlsFiles'] {
  const cert = nonEmpty(env, 'PATRAVALI_TLS_CERT');
  const key = nonEmpty(env, 'PATRAVALI_TLS_KEY');
  if (cert === null && key === null) return null;
  if (cert === null || key === null) {
    const [given, missing] =
      cert === null
        ? ['PATRAVALI_TLS_KEY', 'PATRAVALI_TLS_CERT']
        : ['PATRAVALI_TLS_CERT', 'PATRAVALI_TLS_KEY'];
    throw new ConfigError(
      `${given} is set but ${missing} is not: give both (the certificate with its chain, and its private key: PEM files) or neither`,
    );
  }
  if (flagFrom(env, 'PATRAVALI_HTTPS', false))
    throw new ConfigError(
      'PATRAVALI_HTTPS (--https) makes a classroom certificate and PATRAVALI_TLS_CERT gives your own: set one or the other',
    );
  return { cert: resolve(cwd, cert), key: resolve(cwd, key) };
}

/** Pure: the same env and cwd always give the same config. Throws ConfigError on bad values. */
export function configFromEnv(env: Env, cwd: string): ServerConfig {
  const directory = nonEmpty(env, 'PATRAVALI_DIRECTORY');
  return {
    port: intFrom(env, 'PORT', 8080, 0, 65535),
    host: nonEmpty(env, 'HOST') ?? '0.0.0.0',
    dataDir: resolve(cwd, nonEmpty(env, 'PATRAVALI_DATA_DIR') ?? './data'),
    databaseUrl: databaseUrlFrom(env),
    directoryFile: directory === null ? null : resolve(cwd, directory),
    tokenTtlMs:
      intFrom(env, 'PATRAVALI_TOKEN_TTL_HOURS', DEFAULT_TOKEN_TTL_HOURS, 1, 24 * 366) * HOUR_MS,
    scryptLogN: intFrom(env, 'PATRAVALI_SCRYPT_LOG_N', DEFAULT_SCRYPT_LOG_N, 10, 20),
    staticDir: resolve(cwd, nonEmpty(env, 'PATRAVALI_STATIC_DIR') ?? './dist'),
    demoContent: flagFrom(env, 'PATRAVALI_DEMO_CONTENT', false),
    https: flagFrom(env, 'PATRAVALI_HTTPS', false),
    tlsFiles: tlsFilesFrom(env, cwd),
    tlsCheckMs: intFrom(env, 'PATRAVALI_TLS_CHECK_MS', DEFAULT_TLS_CHECK_MS, 10, 24 * HOUR_MS),
    bodyTimeoutMs: intFrom(
      env,
      'PATRAVALI_BODY_TIMEOUT_MS',
      DEFAULT_BODY_TIMEOUT_MS,
      50,
      60 * 60 * 1000,
    ),
    pushRecheckMs: intFrom(
      env,
      'PATRAVALI_PUSH_RECHECK_MS',
      DEFAULT_PUSH_RECHECK_MS,
      10,
      60 * 60 * 1000,
    ),
    directoryCheckMs: intFrom(
      env,
      'PATRAVALI_DIRECTORY_CHECK_MS',
      DEFAULT_DIRECTORY_CHECK_MS,
      10,
      60 * 60 * 1000,
    ),
    requireSignatures: flagFrom(env, 'PATRAVALI_REQUIRE_SIGNATURES', false),
    pushHeartbeatMs: intFrom(
      env,
      'PATRAVALI_PUSH_HEARTBEAT_MS',
      DEFAULT_PUSH_HEARTBEAT_MS,
      50,
      10 * 60_000,
    ),
    syncPerMinute: intFrom(env, 'PATRAVALI_SYNC_PER_MINUTE', DEFAULT_SYNC_PER_MINUTE, 0, 1_000_000),
    reportsPerMinute: intFrom(
      env,
      'PATRAVALI_REPORTS_PER_MINUTE',
      DEFAULT_REPORTS_PER_MINUTE,
      0,
      1_000_000,
    ),
    uploadIdleMs:
      intFrom(env, 'PATRAVALI_UPLOAD_IDLE_HOURS', DEFAULT_UPLOAD_IDLE_HOURS, 1, 24 * 365) * HOUR_MS,
    orphanScanMs:
      intFrom(env, 'PATRAVALI_ORPHAN_SCAN_DAYS', DEFAULT_ORPHAN_SCAN_DAYS, 1, 3650) * 24 * HOUR_MS,
    bytesPerDay: intFrom(env, 'PATRAVALI_MB_PER_DAY', DEFAULT_MB_PER_DAY, 0, 1_000_000) * 1_000_000,
    checkBudgetMs: intFrom(env, 'PATRAVALI_CHECK_MS', DEFAULT_CHECK_MS, 50, 600_000),
    corsOrigins: originsFrom(env, 'PATRAVALI_CORS_ORIGINS'),
    connectSources: originsFrom(env, 'PATRAVALI_CONNECT_SRC'),
    trustProxy: proxiesFrom(env, 'PATRAVALI_TRUST_PROXY'),
  };
}

/** An IPv4 or IPv6 address, or one with a prefix length (`10.0.0.0/8`, `fd00::/8`). */
function isAddressOrCidr(text: string): boolean {
  const [address = '', prefix, ...rest] = text.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= bits;
}

function proxiesFrom(env: Env, key: string): readonly string[] {
  const raw = nonEmpty(env, key);
  if (raw === null) return [];
  const proxies = raw.split(',').map((p) => p.trim());
  const bad = proxies.find((p) => !isAddressOrCidr(p));
  if (bad !== undefined)
    throw new ConfigError(
      `${key} must be addresses or CIDRs (127.0.0.1, 10.0.0.0/8, ::1) separated by commas, got "${bad}"`,
    );
  return proxies;
}

function originsFrom(env: Env, key: string): readonly string[] {
  const origins = parseOrigins(env[key]);
  if (origins === null)
    throw new ConfigError(`${key} must be origins (https://host[:port]) separated by commas`);
  return origins;
}

export const isDemoMode = (config: ServerConfig): boolean => config.directoryFile === null;
