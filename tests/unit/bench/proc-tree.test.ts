import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  parseProcStat,
  readProcStats,
  spreadOver,
  treeCpuSeconds,
  type ProcStat,
} from '../../bench/lib/proc-tree.ts';

/** A /proc/<pid>/stat line: pid (comm) state ppid … with utime..cstime at fields 14-17. */
function statLine(pid: number, comm: string, ppid: number, times: readonly number[]): string {
  const fields = ['S', ppid, pid, pid, 0, -1, 4194560, 100, 0, 0, 0, ...times, 20, 0, 1, 0];
  return `${pid} (${comm}) ${fields.join(' ')}\n`;
}

const proc = (pid: number, ppid: number, utime: number, cutime = 0): ProcStat => ({
  pid,
  ppid,
  utime,
  stime: 0,
  cutime,
  cstime: 0,
});

describe('CPU of a process tree from /proc', () => {
  it('reads pid, ppid and the four times, whatever the command name holds', () => {
    const line = statLine(4242, 'postgres: a (b) c', 4200, [150, 25, 300, 40]);
    expect(parseProcStat(line)).toEqual({
      pid: 4242,
      ppid: 4200,
      utime: 150,
      stime: 25,
      cutime: 300,
      cstime: 40,
    });
  });

  it('refuses a line it cannot read', () => {
    expect(() => parseProcStat('17 (x) S')).toThrow(/unreadable/);
  });

  it('sums the root, its children and theirs, with the time of children they reaped', () => {
    const stats = [
      proc(1, 0, 10_000), // not in the tree
      proc(100, 1, 50, 400), // postmaster: its own time and its exited backends'
      proc(101, 100, 200),
      proc(102, 100, 300),
      proc(103, 102, 25),
      proc(200, 1, 9_999), // a sibling of the root
    ];
    expect(treeCpuSeconds(stats, 100)).toBeCloseTo((50 + 400 + 200 + 300 + 25) / 100, 10);
    expect(treeCpuSeconds(stats, 102)).toBeCloseTo(3.25, 10);
    expect(treeCpuSeconds(stats, 999)).toBe(0);
  });

  it('still counts a child that has exited (reaped into this process)', () => {
    const before = treeCpuSeconds(readProcStats(), process.pid);
    // The child spins until it has used 0.3 s of CPU, then exits and is reaped.
    const child = spawnSync(process.execPath, [
      '-e',
      'while (process.cpuUsage().user + process.cpuUsage().system < 300000);',
    ]);
    expect(child.status).toBe(0);
    const after = treeCpuSeconds(readProcStats(), process.pid);
    expect(after - before).toBeGreaterThanOrEqual(0.28);
  });
});

describe('spreading tablets over instances', () => {
  it('goes round-robin, as a balancer does', () => {
    expect(spreadOver(['a', 'b', 'c', 'd', 'e'], [1, 2, 3])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 1],
      ['e', 2],
    ]);
    expect(spreadOver(['a', 'b'], ['only'])).toEqual([
      ['a', 'only'],
      ['b', 'only'],
    ]);
  });

  it('refuses to spread over no instance', () => {
    expect(() => spreadOver(['a'], [])).toThrow(/nowhere/);
  });
});
