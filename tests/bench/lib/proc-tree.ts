import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU of a process tree from /proc, for servers made of many processes
 * (PostgreSQL: a postmaster and a backend per connection). A backend that exits
 * is reaped by its parent, and the kernel adds its CPU to the parent's
 * cutime/cstime; so the tree's CPU is every live member's own and reaped
 * children's time, and nothing is lost when a connection closes mid-measurement.
 */

/** The /proc/<pid>/stat fields this needs; times in clock ticks (USER_HZ). */
export interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  readonly utime: number;
  readonly stime: number;
  readonly cutime: number;
  readonly cstime: number;
}

/** USER_HZ: 100 on Linux (what /proc reports times in, whatever the kernel's HZ). */
const TICKS_PER_SECOND = 100;

/**
 * Parses /proc/<pid>/stat. The command name is in parentheses and may itself
 * hold spaces and parentheses, so fields are counted from the last ')'.
 */
export function parseProcStat(text: string): ProcStat {
  const close = text.lastIndexOf(')');
  const pid = Number(text.slice(0, text.indexOf('(')).trim());
  // After ") ": state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17).
  const f = text.slice(close + 2).split(' ');
  const n = (field: number): number => Number(f[field - 3]);
  const stat = { pid, ppid: n(4), utime: n(14), stime: n(15), cutime: n(16), cstime: n(17) };
  if (Object.values(stat).some((v) => !Number.isFinite(v)))
    throw new Error(`unreadable /proc stat: ${text.slice(0, 80)}`);
  return stat;
}

/** CPU seconds of `root` and every live descendant, including children they reaped. */
export function treeCpuSeconds(stats: readonly ProcStat[], root: number): number {
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const top = stats.find((s) => s.pid === root);
  if (top === undefined) return 0;
  let ticks = 0;
  const queue = [top];
  for (let s = queue.pop(); s !== undefined; s = queue.pop()) {
    ticks += s.utime + s.stime + s.cutime + s.cstime;
    queue.push(...(children.get(s.pid) ?? []));
  }
  return ticks / TICKS_PER_SECOND;
}

/** Every process's stat now (processes that exit while being read are skipped). */
export function readProcStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      stats.push(parseProcStat(readFileSync(`/proc/${name}/stat`, 'utf8')));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return stats;
}

/**
 * Spreads `items` over `places` round-robin (item i to place i mod k), as a load
 * balancer spreads new connections: the storm's tablets over server instances.
 */
export function spreadOver<T, P>(items: readonly T[], places: readonly P[]): [T, P][] {
  if (places.length === 0) throw new Error('nowhere to spread over');
  return items.map((item, i) => [item, places[i % places.length] as P]);
}
