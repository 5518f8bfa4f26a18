import type { Env } from '../config.ts';
import { ConfigError } from '../config.ts';
import { ORIGIN_PATTERN } from '../http/cors.ts';
import { HELD_WAIT_MAX_MS } from './held-retry.ts';

/**
 * What `npm run relay -- --upstream https://district.example --office VKN` reads
 * besides the server's own environment (config.ts): the district's address, the
 * office, the key `admin add-relay` issued (PATRAVALI_RELAY_KEY, never on the
 * command line, where `ps` shows it) and how often to sync. Pure.
 */

export interface RelayConfig {
  /** The district server's origin, without a trailing slash. */
  readonly upstream: string;
  /** The office's id or code (`VKN`). */
  readonly office: string;
  readonly key: string;
  /** Wait between upstream syncs (PATRAVALI_RELAY_SYNC_MS). */
  readonly intervalMs: number;
  /** How long the district may send nothing before a call is given up (PATRAVALI_RELAY_TIMEOUT_MS). */
  readonly quietMs: number;
  /** The longest wait between tries while the district cannot be reached (PATRAVALI_RELAY_BACKOFF_MS). */
  readonly backoffMaxMs: number;
  /**
   * How often the relay asks the district which of its sessions it ended, while the
   * district answers (PATRAVALI_RELAY_SESSION_CHECK_MS; decision 0015, amendment 2).
   */
  readonly sessionCheckMs: number;
  /**
   * The longest wait before a push the district's damaged copy refused is tried again
   * (PATRAVALI_RELAY_HELD_MAX_MS; decision 0013, amendment 8).
   */
  readonly heldMaxMs: number;
  /**
   * The district's own origin for the tablets' syncs while the relay is off
   * (`--fallback` or PATRAVALI_RELAY_FALLBACK, decision 0015); none unless given.
   */
  readonly fallback?: string;
}

const DEFAULT_SYNC_MS = 5000;
const DEFAULT_QUIET_MS = 30_000;
const DEFAULT_BACKOFF_MS = 60_000;
const DEFAULT_SESSION_CHECK_MS = 5 * 60_000;

function millis(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  const ms = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(ms) || ms < min || ms > max)
    throw new ConfigError(`${name} must be ${min} to ${max}, got "${raw}"`);
  return ms;
}

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function relayConfigFrom(env: Env, argv: readonly string[]): RelayConfig {
  const upstream = flag(argv, '--upstream') ?? env['PATRAVALI_RELAY_UPSTREAM'];
  const office = flag(argv, '--office') ?? env['PATRAVALI_RELAY_OFFICE'];
  const key = env['PATRAVALI_RELAY_KEY']?.trim();
  if (upstream === undefined || !/^https?:\/\/[^/]+/.test(upstream))
    throw new ConfigError('give the district server as --upstream https://host[:port]');
  if (office === undefined || office.trim() === '')
    throw new ConfigError('give the office as --office CODE (e.g. --office VKN)');
  if (key === undefined || key === '')
    throw new ConfigError(
      'set PATRAVALI_RELAY_KEY to the key `npm run admin -- add-relay` printed',
    );
  const intervalMs = millis(env, 'PATRAVALI_RELAY_SYNC_MS', DEFAULT_SYNC_MS, 10, 3_600_000);
  const quietMs = millis(env, 'PATRAVALI_RELAY_TIMEOUT_MS', DEFAULT_QUIET_MS, 100, 600_000);
  const backoffMaxMs = Math.max(
    intervalMs,
    millis(env, 'PATRAVALI_RELAY_BACKOFF_MS', DEFAULT_BACKOFF_MS, 10, 3_600_000),
  );
  const sessionCheckMs = millis(
    env,
    'PATRAVALI_RELAY_SESSION_CHECK_MS',
    DEFAULT_SESSION_CHECK_MS,
    10,
    3_600_000,
  );
  const heldMaxMs = millis(
    env,
    'PATRAVALI_RELAY_HELD_MAX_MS',
    HELD_WAIT_MAX_MS,
    10,
    24 * 3_600_000,
  );
  const fallback = flag(argv, '--fallback') ?? env['PATRAVALI_RELAY_FALLBACK'];
  if (
    fallback !== undefined &&
    fallback !== '' &&
    !ORIGIN_PATTERN.test(fallback.replace(/\/+$/, ''))
  )
    throw new ConfigError('give the fallback as --fallback https://host[:port] (an origin)');
  return {
    ...(fallback === undefined || fallback === ''
      ? {}
      : { fallback: fallback.replace(/\/+$/, '') }),
    upstream: upstream.replace(/\/+$/, ''),
    office: office.trim(),
    key,
    intervalMs,
    quietMs,
    backoffMaxMs,
    sessionCheckMs,
    heldMaxMs,
  };
}
