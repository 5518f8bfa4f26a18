import { floorSeconds } from '../floor.ts';
import type { BenchDevice } from '../lib/device.ts';
import type { Report } from '../lib/report.ts';
import { LINK_2G, LINK_3G, LINK_SAT, LOOPBACK, type LinkProfile } from '../lib/shaper.ts';
import type { OfficeBench } from './office.ts';
import { runWeek, type WeekResult, type WeekSize } from './week.ts';

/**
 * The week-offline reconnection on loopback (bytes) and on emulated hill
 * links (time), side by side with the per-document baseline and the floor,
 * plus a link cut in the middle of a 2G catch-up.
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
  const perdoc = w.perdoc ? w.perdoc.up + w.perdoc.down : NaN;
  report.table(
    `A week offline: ${size.elsewhere} records changed elsewhere, ${size.here} here, ${w.notings} notings; ${bench.office.records.length} records (loopback)`,
    ['', 'up', 'down', 'total', 'incl. headers/framing', 'requests/messages'],
    [
      ['Patravali (batched, cursor)', p.up, p.down, bytes, p.tcp, p.requests],
      [
        'per-document (y-protocols)',
        w.perdoc?.up ?? NaN,
        w.perdoc?.down ?? NaN,
        perdoc,
        w.perdoc?.tcp ?? NaN,
        w.perdoc?.messages ?? NaN,
      ],
      ['floor (gzip of changed content)', w.floorUp, w.floorDown, floor, floor, 1],
      ['what-if: Patravali bodies with HTTP gzip', NaN, NaN, p.gzip, NaN, p.requests],
      [
        "of Patravali's down: the device's own pushes, sent back",
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
  report.add('sync.reconnect_week.bytes_perdoc', perdoc, 'bytes');
  report.add('sync.reconnect_week.bytes_ratio_floor', bytes / floor, 'ratio');
  report.add('sync.reconnect_week.bytes_ratio_perdoc', bytes / perdoc, 'ratio');
  report.add('sync.reconnect_week.bytes_gzip_whatif_ratio_floor', p.gzip / floor, 'ratio');
  report.add('sync.reconnect_week.bytes_own_updates_echoed', w.ownUpdateBytes, 'bytes');
  return w;
}

interface LinkRow {
  readonly link: LinkProfile;
  readonly week: WeekResult;
}

function linkRows(rows: readonly LinkRow[]): (string | number)[][] {
  return rows.map(({ link, week }) => {
    const floor = floorSeconds(week.floorUp + week.floorDown, link);
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
      t / perdoc,
    ];
  });
}

export interface LinkOptions {
  readonly size: WeekSize;
  /** Run the per-document baseline on the links too (full run). */
  readonly perdoc: boolean;
  /** 3G and satellite besides 2G (full run). */
  readonly allLinks: boolean;
  /** Downstream bytes of the loopback week: the link is cut halfway through that. */
  readonly loopbackDown: number;
}

export async function benchLinks(
  bench: OfficeBench,
  device: BenchDevice,
  opts: LinkOptions,
  report: Report,
): Promise<void> {
  const rows: LinkRow[] = [];
  for (const link of opts.allLinks ? [LINK_2G, LINK_3G, LINK_SAT] : [LINK_2G]) {
    const week = await runWeek(bench, device, { size: opts.size, link, perdoc: opts.perdoc });
    rows.push({ link, week });
    const floor = floorSeconds(week.floorUp + week.floorDown, link);
    report.add(`sync.reconnect_week_${key(link)}.time`, week.patravali.ms / 1000, 's');
    report.add(
      `sync.reconnect_week_${key(link)}.time_ratio_floor`,
      week.patravali.ms / 1000 / floor,
      'ratio',
    );
    if (week.perdoc) {
      report.add(`sync.reconnect_week_${key(link)}.time_perdoc`, week.perdoc.ms / 1000, 's');
    }
  }
  const drop = await runWeek(bench, device, {
    size: opts.size,
    link: LINK_2G,
    perdoc: false,
    dropAfter: Math.floor(opts.loopbackDown / 2),
  });
  rows.push({ link: LINK_2G, week: drop });
  const dropFloor = floorSeconds(drop.floorUp + drop.floorDown, LINK_2G);
  report.add('sync.resume_after_drop_2g.time', drop.patravali.ms / 1000, 's');
  report.add(
    'sync.resume_after_drop_2g.time_ratio_floor',
    drop.patravali.ms / 1000 / dropFloor,
    'ratio',
  );
  report.add('sync.resume_after_drop_2g.link_was_cut', drop.dropped ? 1 : 0, 'bool');
  report.table(
    'A week offline, reconnecting on emulated links (each row is a new week of changes)',
    [
      'link',
      'Patravali bytes',
      'TCP bytes (incl. lost)',
      'Patravali s',
      'per-document s',
      'floor s',
      'Patravali / floor',
      'Patravali / per-doc',
    ],
    linkRows(rows),
  );
}
