import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { netemArgs } from './netem.ts';
import type { LinkProfile } from './shaper.ts';

/**
 * A network namespace of the benchmark's own (root only) joined to the root
 * namespace by one veth pair with a private /30 (10.213.x.0/30): the only
 * addresses are the pair's own, there is no route or forwarding, so nothing
 * reaches outside the machine. The sync server runs inside (server.ts,
 * `netns` option); `shape` puts netem on both veth ends. Everything created
 * is removed by `dispose`, at exit and on SIGINT/SIGTERM; namespaces and
 * veths left by benchmark processes that died are removed on the next create.
 */

const NS_PREFIX = 'patravali-bench-';
const LEFTOVER_NS = /^patravali-(?:bench|probe)-(\d+)$/;
/** IFNAMSIZ is 16: "pvb" + a pid of up to 7 digits + one letter fits. */
const LEFTOVER_VETH = /^pvb(\d+)[hn]$/;

export interface NetnsNames {
  readonly ns: string;
  /** The veth end in the root namespace (the benchmark's side). */
  readonly hostIf: string;
  /** The veth end inside the namespace (the server's side). */
  readonly nsIf: string;
}

export function netnsNames(pid: number): NetnsNames {
  return { ns: `${NS_PREFIX}${pid}`, hostIf: `pvb${pid}h`, nsIf: `pvb${pid}n` };
}

/** Names from `ip netns list` ("name" or "name (id: 3)" per line). */
export function parseNetnsList(out: string): string[] {
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n !== '');
}

/** Interface names from `ip -o link show` ("7: pvb12h@if6: <...> ..." per line). */
export function parseLinkNames(out: string): string[] {
  return out
    .split('\n')
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined);
}

export interface Leftovers {
  readonly namespaces: string[];
  readonly links: string[];
}

/** What benchmark processes that are no longer alive left behind. */
export function leftoversOf(
  namespaces: readonly string[],
  links: readonly string[],
  isAlive: (pid: number) => boolean,
): Leftovers {
  const dead = (re: RegExp) => (name: string) => {
    const pid = re.exec(name)?.[1];
    return pid !== undefined && !isAlive(Number(pid));
  };
  return {
    namespaces: namespaces.filter(dead(LEFTOVER_NS)),
    links: links.filter(dead(LEFTOVER_VETH)),
  };
}

/** The first 10.213.x.0/30 with x in 1..254 that no address in `ip -o -4 addr show` uses. */
export function freeSubnet(addrOut: string): number {
  const used = new Set(
    [...addrOut.matchAll(/inet 10\.213\.(\d+)\./g)].map((m) => Number(m[1] ?? -1)),
  );
  for (let x = 1; x < 255; x++) if (!used.has(x)) return x;
  throw new Error('no free 10.213.x.0/30 subnet');
}

function run(cmd: 'ip' | 'tc', args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')}: ${(r.stderr || String(r.error ?? '')).trim()}`);
  }
  return r.stdout;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes namespaces and veths of benchmark processes that died; returns what it removed. */
export function removeLeftovers(): Leftovers {
  const found = leftoversOf(
    parseNetnsList(run('ip', ['netns', 'list'])),
    parseLinkNames(run('ip', ['-o', 'link', 'show'])),
    isAlive,
  );
  for (const ns of found.namespaces) run('ip', ['netns', 'del', ns]);
  // A veth pair goes with either end: the root end may already be gone.
  for (const link of found.links) spawnSync('ip', ['link', 'del', link]);
  return found;
}

export interface NetnsLink extends NetnsNames {
  /** The benchmark's address (root namespace end). */
  readonly hostAddr: string;
  /** The server's address (namespace end). */
  readonly nsAddr: string;
  /** netem with `profile`'s direction on each end (replacing any earlier profile). */
  shape(profile: LinkProfile): void;
  /** Bytes the root end sent and received (kernel counters: IP headers and resends included). */
  counters(): { readonly sent: number; readonly received: number };
  dispose(): void;
}

function plumb(names: NetnsNames, hostAddr: string, nsAddr: string): void {
  const { ns, hostIf, nsIf } = names;
  run('ip', ['netns', 'add', ns]);
  run('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf, 'netns', ns]);
  run('ip', ['addr', 'add', `${hostAddr}/30`, 'dev', hostIf]);
  run('ip', ['-n', ns, 'addr', 'add', `${nsAddr}/30`, 'dev', nsIf]);
  // One MSS per packet: with GSO a 64 KB burst would be one netem "packet",
  // lost or delayed whole.
  run('ip', ['link', 'set', 'dev', hostIf, 'gso_max_segs', '1', 'up']);
  run('ip', ['-n', ns, 'link', 'set', 'dev', nsIf, 'gso_max_segs', '1', 'up']);
  run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
}

export function createNetnsLink(pid: number = process.pid): NetnsLink {
  removeLeftovers();
  const names = netnsNames(pid);
  const x = freeSubnet(run('ip', ['-o', '-4', 'addr', 'show']));
  const hostAddr = `10.213.${x}.1`;
  const nsAddr = `10.213.${x}.2`;
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    process.off('exit', remove);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Deleting the namespace deletes its veth end, and with it the pair.
    spawnSync('ip', ['netns', 'del', names.ns]);
    spawnSync('ip', ['link', 'del', names.hostIf]);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    remove();
    process.kill(process.pid, signal);
  };
  process.on('exit', remove);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    plumb(names, hostAddr, nsAddr);
  } catch (e) {
    remove();
    throw e;
  }
  return {
    ...names,
    hostAddr,
    nsAddr,
    shape: (profile) => {
      run('tc', netemArgs(names.hostIf, profile));
      run('tc', netemArgs(names.nsIf, profile, names.ns));
    },
    counters: () => {
      const read = (f: string): number =>
        Number(readFileSync(`/sys/class/net/${names.hostIf}/statistics/${f}`, 'utf8'));
      return { sent: read('tx_bytes'), received: read('rx_bytes') };
    },
    dispose: remove,
  };
}
