import { spawnSync } from 'node:child_process';

/**
 * Can this machine emulate links with `tc netem` inside network namespaces?
 * Probes in a throw-away namespace of its own (no address, nothing leaves the
 * machine) and always deletes it again.
 */

export interface NetemProbe {
  readonly available: boolean;
  readonly reason: string;
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
