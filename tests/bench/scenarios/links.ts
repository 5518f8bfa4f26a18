import { floorSeconds } from '../floor.ts';
import type { BenchDevice } from '../lib/device.ts';
import type { LinkEmulation } from '../lib/netem.ts';
import { createNetnsLink } from '../lib/netns.ts';
import type { Report } from '../lib/report.ts';
import { startPatravaliServer, type ServerProcess } from '../lib/server.ts';
import { LINK_2G, LINK_3G, LINK_SAT, LOOPBACK, type LinkProfile } from '../lib/shaper.ts';
import type { OfficeBench } from './office.ts';
import { runWeek, type WeekResult, type WeekSize } from './week.ts';

/**
 * The week-offline reconnection on loopback (bytes) and on emulated hill
 * links (time), side by side with the per-document baseline and the floor,
 * plus a link cut in the middle of a 2G catch-up. The links are the loopback
 * shaping proxy, or a veth pair into a network namespace of the benchmark's
 * own where a second server process (same SQLite data) runs, shaped by netem.
 */

const key = (link: LinkProfile): string =>
  link.name === 'satellite' ? 'sat' : link.name.toLowerCase();

export async function benchWeekLoopback(
  bench: OfficeBench,
  device: BenchDevice,
  size: WeekSize,
  report: Report,
): Promise<WeekResult> {
  const w = await runWeek(bench, device, { size, link: LOOPBACK, perdoc: true });
  const p = w.patravali;
  const bytes = p.up + p.down;
  const floor = w.floorUp + w.floorDown;
  // The honest baseline's bytes are what crosses the socket: its messages are deflated.
  const perdoc = w.perdoc ? w.perdoc.wire : NaN;
  const plain = w.perdocPlain ? w.perdocPlain.up + w.perdocPlain.down : NaN;
  report.table(
    `A week offline: ${size.elsewhere} records changed elsewhere, ${size.here} here, ${w.notings} notings; ${bench.office.records.length} records (loopback)`,
    ['', 'up', 'down', 'total', 'incl. headers/framing', 'requests/messages'],
    [
      ['Patravali (batched, cursor)', p.up, p.down, bytes, p.tcp, p.requests],
      [
        'per-document as Hocuspocus (auth per doc, permessage-deflate; on the socket)',
        NaN,
        NaN,
        perdoc,
        w.perdoc?.tcp ?? NaN,
        w.perdoc?.messages ?? NaN,
      ],
      [
        'per-document, y-protocols alone (uncompressed messages)',
        w.perdocPlain?.up ?? NaN,
        w.perdocPlain?.down ?? NaN,
        plain,
        w.perdocPlain?.wire ?? NaN,
        w.perdocPlain?.messages ?? NaN,
      ],
      ['floor (gzip -9 of changed content)', w.floorUp, w.floorDown, floor, floor, 1],
      [
        'floor (brotli -11)',
        w.floorSizesUp.brotli,
        w.floorSizesDown.brotli,
        w.floorSizesUp.brotli + w.floorSizesDown.brotli,
        NaN,
        1,
      ],
      [
        "floor (zstd -19, dictionary trained on another office's records)",
        w.floorSizesUp.zstdDict ?? NaN,
        w.floorSizesDown.zstdDict ?? NaN,
        (w.floorSizesUp.zstdDict ?? NaN) + (w.floorSizesDown.zstdDict ?? NaN),
        NaN,
        1,
      ],
      ['what-if: Patravali bodies with HTTP gzip', NaN, NaN, p.gzip, NaN, p.requests],
      [
        "not in Patravali's down: the device's own pushes (raw), left out of its pull",
        NaN,
        w.ownUpdateBytes,
        NaN,
        NaN,
        NaN,
      ],
    ],
  );
  report.add('sync.reconnect_week.bytes_total', bytes, 'bytes');
  report.add('sync.reconnect_week.bytes_floor', floor, 'bytes');
  report.add('sync.reconnect_week.bytes_perdoc', plain, 'bytes');
  report.add('sync.reconnect_week.bytes_perdoc_hocuspocus', perdoc, 'bytes');
  report.add('sync.reconnect_week.bytes_ratio_floor', bytes / floor, 'ratio');
  report.add('sync.reconnect_week.bytes_ratio_perdoc', bytes / plain, 'ratio');
  report.add(
    'sync.reconnect_week.bytes_with_headers_ratio_perdoc_hocuspocus',
    p.tcp / perdoc,
    'ratio',
  );
  report.add('sync.reconnect_week.bytes_floor_best', w.floorBest, 'bytes');
  report.add('sync.reconnect_week.bytes_ratio_best_floor', bytes / w.floorBest, 'ratio');
  report.add('sync.reconnect_week.bytes_gzip_whatif_ratio_floor', p.gzip / floor, 'ratio');
  report.add('sync.reconnect_week.bytes_own_updates_left_out', w.ownUpdateBytes, 'bytes');
  return w;
}

interface LinkRow {
  readonly link: LinkProfile;
  readonly week: WeekResult;
}

function linkRows(rows: readonly LinkRow[]): (string | number)[][] {
  return rows.map(({ link, week }) => {
    const floor = floorSeconds(week.floorUp + week.floorDown, link);
    const best = floorSeconds(week.floorBest, link);
    const t = week.patravali.ms / 1000;
    const perdoc = week.perdoc ? week.perdoc.ms / 1000 : NaN;
    return [
      `${link.name}${week.dropped ? ', link cut mid-catch-up, resumed' : ''}`,
      week.patravali.up + week.patravali.down,
      week.patravali.tcp,
      t,
      perdoc,
      floor,
      t / floor,
      best,
      t / best,
      t / perdoc,
    ];
  });
}

/** How one week reaches the server over `link`. */
interface LinkRunner {
  readonly bench: OfficeBench;
  /** Sets the link up for `link` and returns the profile to hand the week's proxy. */
  prepare(link: LinkProfile): LinkProfile;
}

async function withLinkRunner(
  bench: OfficeBench,
  device: BenchDevice,
  emulation: LinkEmulation,
  work: (runner: LinkRunner) => Promise<void>,
): Promise<string | null> {
  if (emulation === 'shaper') {
    await work({ bench, prepare: (link) => link });
    return null;
  }
  const dataDir = bench.server.dataDir;
  if (dataDir === undefined) throw new Error('the office server has no data directory to share');
  const netns = createNetnsLink();
  let server: ServerProcess | null = null;
  try {
    server = await startPatravaliServer(undefined, {
      sharedDataDir: dataDir,
      placement: { netns: netns.ns, host: netns.nsAddr },
    });
    await work({
      bench: { ...bench, server },
      prepare: (link) => {
        if (emulation === 'netem') netns.shape(link);
        return { ...link, netemHost: netns.nsAddr };
      },
    });
    const { sent, received } = netns.counters();
    const n = (v: number): string => v.toLocaleString('en-US');
    return `(server in namespace ${netns.ns} at ${netns.nsAddr}; veth ${netns.hostIf} carried ${n(sent)} B up, ${n(received)} B down, IP headers and resends included)`;
  } finally {
    device.setOrigin(bench.server.origin);
    await server?.stop();
    netns.dispose();
  }
}

export interface LinkOptions {
  readonly size: WeekSize;
  /** Run the per-document baseline on the links too (full run). */
  readonly perdoc: boolean;
  /** 3G and satellite besides 2G (full run). */
  readonly allLinks: boolean;
  /** Downstream bytes of the loopback week: the link is cut halfway through that. */
  readonly loopbackDown: number;
  /** What carries the links (netem.ts chooses). */
  readonly emulation: LinkEmulation;
}

export async function benchLinks(
  bench: OfficeBench,
  device: BenchDevice,
  opts: LinkOptions,
  report: Report,
): Promise<void> {
  // The per-document baseline server is started by week.ts on loopback, which
  // the veth pair does not reach: it only runs behind the shaping proxy.
  const perdoc = opts.perdoc && opts.emulation === 'shaper';
  // Unshaped veth times are no link's times: table only, no metrics.
  const metrics = opts.emulation !== 'netns-unshaped';
  const rows: LinkRow[] = [];
  const where = await withLinkRunner(
    bench,
    device,
    opts.emulation,
    async ({ bench: onLink, prepare }) => {
      for (const link of opts.allLinks ? [LINK_2G, LINK_3G, LINK_SAT] : [LINK_2G]) {
        const week = await runWeek(onLink, device, {
          size: opts.size,
          link: prepare(link),
          perdoc,
        });
        rows.push({ link, week });
        if (metrics) addLinkMetrics(report, link, week);
      }
      const drop = await runWeek(onLink, device, {
        size: opts.size,
        link: prepare(LINK_2G),
        perdoc: false,
        dropAfter: Math.floor(opts.loopbackDown / 2),
      });
      rows.push({ link: LINK_2G, week: drop });
      if (metrics) addDropMetrics(report, drop);
    },
  );
  report.table(
    `A week offline, reconnecting on emulated links (each row is a new week of changes)${opts.emulation === 'netns-unshaped' ? ' — UNSHAPED veth pair: plumbing check, not link times' : ''}`,
    [
      'link',
      'Patravali bytes',
      'TCP bytes (incl. lost)',
      'Patravali s',
      'per-document s',
      'gzip floor s',
      'Patravali / gzip floor',
      'best floor s',
      'Patravali / best floor',
      'Patravali / per-doc',
    ],
    linkRows(rows),
  );
  if (where !== null) report.note(where);
  if (opts.perdoc && !perdoc) {
    report.note('(per-document baseline not run on the links: it runs only behind the proxy)');
  }
}

function addLinkMetrics(report: Report, link: LinkProfile, week: WeekResult): void {
  const floor = floorSeconds(week.floorUp + week.floorDown, link);
  report.add(`sync.reconnect_week_${key(link)}.time`, week.patravali.ms / 1000, 's');
  report.add(
    `sync.reconnect_week_${key(link)}.time_ratio_floor`,
    week.patravali.ms / 1000 / floor,
    'ratio',
  );
  report.add(
    `sync.reconnect_week_${key(link)}.time_ratio_best_floor`,
    week.patravali.ms / 1000 / floorSeconds(week.floorBest, link),
    'ratio',
  );
  if (week.perdoc) {
    report.add(`sync.reconnect_week_${key(link)}.time_perdoc`, week.perdoc.ms / 1000, 's');
  }
}

function addDropMetrics(report: Report, drop: WeekResult): void {
  const floor = floorSeconds(drop.floorUp + drop.floorDown, LINK_2G);
  report.add('sync.resume_after_drop_2g.time', drop.patravali.ms / 1000, 's');
  report.add(
    'sync.resume_after_drop_2g.time_ratio_floor',
    drop.patravali.ms / 1000 / floor,
    'ratio',
  );
  report.add('sync.resume_after_drop_2g.link_was_cut', drop.dropped ? 1 : 0, 'bool');
}
