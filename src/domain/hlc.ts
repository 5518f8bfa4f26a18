import { err, ok } from './result.ts';
import type { Result } from './result.ts';

/**
 * Hybrid logical clock (Kulkarni et al.). Serialised as
 * `WWWWWWWWWWWWWWW-CCCCCC-node`: 15-digit wall milliseconds, 6-digit counter,
 * then the device id. Fixed widths make string order equal time order, so
 * events sort with a plain string compare everywhere (device, server, SQL).
 *
 * The physical clock is injected: the sync engine passes a clock already
 * corrected by the server offset. State lives in the returned object only;
 * callers persist `last()` and pass it back on the next start.
 */

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 6;
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
const MAX_WALL = 10 ** WALL_DIGITS - 1;
const HLC_PATTERN = /^(\d{15})-(\d{6})-(.+)$/;

export interface HlcParts {
  readonly wallMs: number;
  readonly counter: number;
  readonly node: string;
}

export interface Hlc {
  /** A timestamp for a local event, later than every one seen so far. */
  tick(): string;
  /** Merge a timestamp seen from elsewhere so later ticks sort after it. */
  receive(remote: string): void;
  /** The latest timestamp issued or received; persist it. */
  last(): string;
}

export function formatHlc(parts: HlcParts): string {
  if (!Number.isSafeInteger(parts.wallMs) || parts.wallMs < 0 || parts.wallMs > MAX_WALL) {
    throw new RangeError(`HLC wall time out of range: ${parts.wallMs}`);
  }
  if (!Number.isSafeInteger(parts.counter) || parts.counter < 0 || parts.counter > MAX_COUNTER) {
    throw new RangeError(`HLC counter out of range: ${parts.counter}`);
  }
  if (parts.node.length === 0) throw new RangeError('HLC node must not be empty');
  const wall = String(parts.wallMs).padStart(WALL_DIGITS, '0');
  const counter = String(parts.counter).padStart(COUNTER_DIGITS, '0');
  return `${wall}-${counter}-${parts.node}`;
}

export function tryParseHlc(s: string): Result<HlcParts, string> {
  const m = HLC_PATTERN.exec(s);
  if (m === null || m[1] === undefined || m[2] === undefined || m[3] === undefined) {
    return err(`not an HLC timestamp: ${s.slice(0, 40)}`);
  }
  return ok({ wallMs: Number(m[1]), counter: Number(m[2]), node: m[3] });
}

export function parseHlc(s: string): HlcParts {
  const r = tryParseHlc(s);
  if (!r.ok) throw new RangeError(r.error);
  return r.value;
}

export function isHlc(s: unknown): s is string {
  return typeof s === 'string' && HLC_PATTERN.test(s);
}

/** Milliseconds since epoch of an HLC timestamp's wall part. */
export function hlcWallMs(s: string): number {
  return parseHlc(s).wallMs;
}

export function createHlc(node: string, now: () => number, last?: string): Hlc {
  if (node.length === 0) throw new RangeError('HLC node must not be empty');
  let wallMs = 0;
  let counter = 0;
  if (last !== undefined) {
    const p = parseHlc(last);
    wallMs = p.wallMs;
    counter = p.counter;
  }

  const physical = (): number => Math.max(0, Math.floor(now()));

  // A counter overflow means >1M events in one millisecond: move the wall on
  // instead of failing, which keeps order and stays within a millisecond.
  const advance = (nextWall: number, nextCounter: number): void => {
    if (nextCounter > MAX_COUNTER) {
      wallMs = nextWall + 1;
      counter = 0;
    } else {
      wallMs = nextWall;
      counter = nextCounter;
    }
  };

  return {
    tick() {
      const pt = physical();
      if (pt > wallMs) advance(pt, 0);
      else advance(wallMs, counter + 1);
      return formatHlc({ wallMs, counter, node });
    },
    receive(remote) {
      const r = parseHlc(remote);
      const pt = physical();
      const w = Math.max(wallMs, r.wallMs, pt);
      if (w === wallMs && w === r.wallMs) advance(w, Math.max(counter, r.counter) + 1);
      else if (w === wallMs) advance(w, counter + 1);
      else if (w === r.wallMs) advance(w, r.counter + 1);
      else advance(w, 0);
    },
    last() {
      return formatHlc({ wallMs, counter, node });
    },
  };
}

/** The greatest of some HLC timestamps (string order is time order), or null. */
export function maxHlc(stamps: Iterable<string>): string | null {
  let best: string | null = null;
  for (const s of stamps) if (best === null || s > best) best = s;
  return best;
}
