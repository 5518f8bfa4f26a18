import { spawnSync } from 'node:child_process';
import type { LinkProfile } from './shaper.ts';

/**
 * Which link emulation the benchmark uses, and the `tc netem` command lines
 * for a profile. The probe runs in a throw-away namespace of its own (no
 * address, nothing leaves the machine) and always deletes it again.
 */

export interface NetemProbe {
  readonly available: boolean;
  readonly reason: string;
}

/**
 * - `netem`: the server runs in a network namespace behind a veth pair shaped
 *   by `tc netem` on both ends;
 * - `netns-unshaped`: the same namespace and veth pair with no qdisc, to check
 *   the plumbing where netem is missing (times are not link times then);
 * - `shaper`: the loopback shaping proxy (shaper.ts).
 */
export type LinkEmulation = 'netem' | 'netns-unshaped' | 'shaper';

export interface LinkChoice {
  readonly emulation: LinkEmulation;
  /** The `link emulation:` line of the printed output. */
  readonly note: string;
}

const SHAPER_NOTE =
  'the loopback shaping proxy (tests/bench/lib/shaper.ts: token bucket + delay + segment loss with RTO)';

/** `requested` is PATRAVALI_BENCH_LINK; unset (or empty) lets the probe decide. */
export function chooseLinkEmulation(requested: string | undefined, probe: NetemProbe): LinkChoice {
  switch (requested ?? '') {
    case '':
      return probe.available
        ? { emulation: 'netem', note: 'tc netem in network namespaces' }
        : {
            emulation: 'shaper',
            note: `tc netem unavailable (${probe.reason}); using ${SHAPER_NOTE}`,
          };
    case 'netem':
      return {
        emulation: 'netem',
        note: `tc netem in network namespaces (forced by PATRAVALI_BENCH_LINK; probe: ${probe.reason})`,
      };
    case 'netns-unshaped':
      return {
        emulation: 'netns-unshaped',
        note: 'NONE: server in a network namespace over an unshaped veth pair (PATRAVALI_BENCH_LINK=netns-unshaped, a plumbing check; link rows are not 2G/3G/satellite times)',
      };
    case 'shaper':
      return { emulation: 'shaper', note: `${SHAPER_NOTE} (forced by PATRAVALI_BENCH_LINK)` };
    default:
      throw new Error(
        `PATRAVALI_BENCH_LINK=${requested} is not one of netem, netns-unshaped, shaper`,
      );
  }
}

/**
 * Packets netem may hold. It holds every packet for the one-way delay plus
 * its serialisation, so this must stay well above rate × delay in packets
 * (satellite: 2 Mbit/s × 350 ms ≈ 60 packets) or the queue's tail drop adds
 * loss the profile does not have. 1000 is netem's default, named here so the
 * unit test can hold it to that.
 */
export const NETEM_LIMIT = 1000;

/**
 * `tc` arguments that give `dev` (in namespace `ns`, or the root namespace)
 * one direction of `profile`: half the RTT, the full rate (netem `rate` delays
 * each packet by its size at that rate — a whole link, not a token bucket —
 * and counts the 14-byte Ethernet header; tc reads a bare number as bytes/s,
 * hence the explicit `bit`), and the profile's loss on every packet this
 * way, as the loopback proxy drops each segment in either direction. `replace` adds the qdisc or
 * changes it in place between profiles.
 */
export function netemArgs(dev: string, profile: LinkProfile, ns?: string): string[] {
  const args = [...(ns === undefined ? [] : ['-n', ns]), 'qdisc', 'replace', 'dev', dev];
  args.push('root', 'netem', 'limit', String(NETEM_LIMIT));
  args.push('delay', `${profile.rttMs / 2}ms`);
  if (Number.isFinite(profile.bandwidthBps)) args.push('rate', `${profile.bandwidthBps}bit`);
  if (profile.loss > 0) {
    args.push('loss', 'random', `${profile.loss * 100}%`);
  }
  return args;
}

function run(cmd: string, args: readonly string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  return {
    ok: r.status === 0,
    out: `${r.stderr ?? ''}${r.stdout ?? ''}`.trim() || String(r.error ?? ''),
  };
}

export function probeNetem(): NetemProbe {
  if (process.getuid?.() !== 0) return { available: false, reason: 'not root' };
  const ns = `patravali-probe-${process.pid}`;
  const add = run('ip', ['netns', 'add', ns]);
  if (!add.ok) return { available: false, reason: `ip netns add failed: ${add.out}` };
  try {
    run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    const tc = run('tc', ['-n', ns, 'qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '1ms']);
    return tc.ok
      ? { available: true, reason: 'tc netem works in a network namespace' }
      : { available: false, reason: `tc netem failed: ${tc.out}` };
  } finally {
    run('ip', ['netns', 'del', ns]);
  }
}
