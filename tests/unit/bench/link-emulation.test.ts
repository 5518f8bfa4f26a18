import { describe, expect, it } from 'vitest';
import { chooseLinkEmulation, NETEM_LIMIT, netemArgs } from '../../bench/lib/netem.ts';
import {
  freeSubnet,
  leftoversOf,
  netnsNames,
  parseLinkNames,
  parseNetnsList,
} from '../../bench/lib/netns.ts';
import { LINK_2G, LINK_3G, LINK_SAT } from '../../bench/lib/shaper.ts';

const UNAVAILABLE = { available: false, reason: 'tc netem failed: no qdisc' };
const AVAILABLE = { available: true, reason: 'tc netem works in a network namespace' };

describe('netem command lines', () => {
  it('gives each veth end half the RTT, the full rate in bits and the loss (2G)', () => {
    expect(netemArgs('pvb7h', LINK_2G)).toEqual(
      ['qdisc', 'replace', 'dev', 'pvb7h', 'root', 'netem', 'limit', '1000'].concat([
        'delay',
        '300ms',
        'rate',
        '50000bit',
        'loss',
        'random',
        '2%',
      ]),
    );
  });

  it('addresses the end inside the namespace with -n', () => {
    expect(netemArgs('pvb7n', LINK_3G, 'patravali-bench-7')).toEqual(
      ['-n', 'patravali-bench-7', 'qdisc', 'replace', 'dev', 'pvb7n', 'root', 'netem'].concat([
        'limit',
        '1000',
        'delay',
        '150ms',
        'rate',
        '400000bit',
        'loss',
        'random',
        '1%',
      ]),
    );
  });

  it('leaves loss out of a lossless profile (satellite)', () => {
    expect(netemArgs('pvb7h', LINK_SAT)).toEqual(
      ['qdisc', 'replace', 'dev', 'pvb7h', 'root', 'netem', 'limit', '1000'].concat([
        'delay',
        '350ms',
        'rate',
        '2000000bit',
      ]),
    );
  });

  it('queues far more packets than a one-way trip of any profile holds', () => {
    for (const link of [LINK_2G, LINK_3G, LINK_SAT]) {
      const inFlight = (link.bandwidthBps * (link.rttMs / 2000)) / 8 / 1500;
      expect(NETEM_LIMIT).toBeGreaterThan(10 * inFlight);
    }
  });
});

describe('choosing the link emulation', () => {
  it('uses netem in namespaces when the probe found it, the proxy otherwise', () => {
    expect(chooseLinkEmulation(undefined, AVAILABLE)).toEqual({
      emulation: 'netem',
      note: 'tc netem in network namespaces',
    });
    const fallback = chooseLinkEmulation('', UNAVAILABLE);
    expect(fallback.emulation).toBe('shaper');
    expect(fallback.note).toContain('tc netem failed: no qdisc');
    expect(fallback.note).toContain('loopback shaping proxy');
  });

  it('obeys PATRAVALI_BENCH_LINK whatever the probe says', () => {
    expect(chooseLinkEmulation('shaper', AVAILABLE).emulation).toBe('shaper');
    expect(chooseLinkEmulation('netem', UNAVAILABLE).emulation).toBe('netem');
    const unshaped = chooseLinkEmulation('netns-unshaped', AVAILABLE);
    expect(unshaped.emulation).toBe('netns-unshaped');
    expect(unshaped.note).toMatch(/^NONE/);
    expect(() => chooseLinkEmulation('tbf', AVAILABLE)).toThrow(/PATRAVALI_BENCH_LINK=tbf/);
  });
});

describe('namespace names and leftovers', () => {
  it('names fit IFNAMSIZ for the largest pid Linux hands out', () => {
    const names = netnsNames(4_194_304);
    expect(names).toEqual({
      ns: 'patravali-bench-4194304',
      hostIf: 'pvb4194304h',
      nsIf: 'pvb4194304n',
    });
    expect(names.hostIf.length).toBeLessThanOrEqual(15);
  });

  it('reads `ip netns list` with and without ids', () => {
    const out = 'patravali-bench-41 (id: 0)\nother\n\npatravali-probe-9\n';
    expect(parseNetnsList(out)).toEqual(['patravali-bench-41', 'other', 'patravali-probe-9']);
    expect(parseNetnsList('')).toEqual([]);
  });

  it('reads interface names from `ip -o link show`, without the @peer', () => {
    const out = [
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN',
      '7: pvb41h@if6: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue',
      '8: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500',
    ].join('\n');
    expect(parseLinkNames(out)).toEqual(['lo', 'pvb41h', 'eth0']);
  });

  it('picks only what dead benchmark processes left', () => {
    const alive = new Set([41]);
    const found = leftoversOf(
      ['patravali-bench-41', 'patravali-bench-52', 'patravali-probe-63', 'patravali-bench-x', 'a'],
      ['lo', 'pvb41h', 'pvb52h', 'pvb52n', 'pvb52x', 'eth0'],
      (pid) => alive.has(pid),
    );
    expect(found).toEqual({
      namespaces: ['patravali-bench-52', 'patravali-probe-63'],
      links: ['pvb52h', 'pvb52n'],
    });
  });

  it('takes the first 10.213.x.0/30 nobody uses', () => {
    const out = [
      '2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0',
      '9: pvb1h    inet 10.213.1.1/30 scope global pvb1h',
      '11: pvb2h    inet 10.213.2.1/30 scope global pvb2h',
    ].join('\n');
    expect(freeSubnet(out)).toBe(3);
    expect(freeSubnet('')).toBe(1);
  });
});
