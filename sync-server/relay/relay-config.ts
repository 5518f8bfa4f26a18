import type { Env } from '../config.ts';
import { ConfigError } from '../config.ts';

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
}

const DEFAULT_SYNC_MS = 5000;

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
  const rawMs = env['PATRAVALI_RELAY_SYNC_MS'];
  const intervalMs = rawMs === undefined || rawMs === '' ? DEFAULT_SYNC_MS : Number(rawMs);
  if (!Number.isInteger(intervalMs) || intervalMs < 10 || intervalMs > 3_600_000)
    throw new ConfigError(`PATRAVALI_RELAY_SYNC_MS must be 10 to 3600000, got "${rawMs}"`);
  return { upstream: upstream.replace(/\/+$/, ''), office: office.trim(), key, intervalMs };
}
