import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEvents, readMeta } from '@doc/record-doc.ts';
import { asDeviceId, type PersonId, type RecordId } from '@domain/ids.ts';
import { loadRecordDoc } from '@storage/db/record-store.ts';
import {
  createFile,
  finaliseDraft,
  markOpened,
  saveDraft,
  sendRecord,
  type DeviceContext,
} from '@storage/services.ts';
import {
  runAdminProcess,
  startDistrict,
  startRelay,
  type Child,
} from '../../integration/relay-processes.ts';
import { deviceUuid, signIn, tempDir } from '../../integration/server-harness.ts';
import { stateOf, sync } from '../../integration/server-sync-client.ts';
import { createClock } from '../../integration/sync-harness.ts';
import { CLERK, TEHSILDAR, tablet, type Tablet } from '../../integration/tablet-harness.ts';
import type { TestServer } from '../../integration/sync-harness.ts';
import { bestFloor, dictionaryFor, floorSeconds, floorSizes, type Change } from '../floor.ts';
import { VIKASNAGAR } from '../generate.ts';
import { seeded } from '../lib/random.ts';
import type { Report } from '../lib/report.ts';
import { LINK_2G, LOOPBACK, startShaper, type Shaper } from '../lib/shaper.ts';

/**
 * Issue 18's two benchmarks, on real processes: the district server and
 * Vikasnagar's office relay, the relay's WAN link through the 2G shaper, and
 * two tablets (the real device store and sync engine over fake-indexeddb) on
 * the office LAN through a byte-counting proxy.
 *
 * 1. With the WAN cut, a day's work at the relay: `files` new files, each noted
 *    by the clerk and sent to the tehsildar, noted by her and sent back. Per
 *    file, the time from the clerk's sync to the tehsildar having it (and
 *    back), and the bytes on the LAN: the first file, and the median of the rest.
 * 2. Then the WAN comes back on 2G: the time until the district has all of
 *    it, the bytes on the WAN, and the floor for that content (floor.ts: the
 *    changes as compact JSON, best of gzip -9, brotli -11 and zstd with a
 *    dictionary; bytes / 50 kbit/s + one round trip).
 *
 * The relay syncs upstream every RELAY_SYNC_MS and waits at most RELAY_BACKOFF_MS
 * after a failure, so the catch-up includes up to that long before its first try.
 */

const RELAY_SYNC_MS = 1_000;
const RELAY_BACKOFF_MS = 2_000;
const DEADLINE_MS = 600_000;

async function until(what: string, ok: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + DEADLINE_MS;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 200)); // polling a condition, bounded by the deadline
  }
}

async function check<T>(
  what: string,
  outcome: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>,
): Promise<T> {
  const r = await outcome;
  if (!r.ok) throw new Error(`${what}: ${String(r.error)}`);
  return r.value;
}

async function noteAndSend(ctx: DeviceContext, id: RecordId, text: string, to: PersonId) {
  await check('draft', saveDraft(ctx, id, text));
  await check('finalise', finaliseDraft(ctx, id));
  const move = { to, remarks: 'अवलोकनार्थ', dueDate: null, priority: 'normal' as const };
  await check('send', sendRecord(ctx, id, move));
}

async function synced(t: Tablet): Promise<void> {
  const kind = await t.sync();
  if (kind !== 'synced') throw new Error(`tablet sync: ${kind}`);
}

/** One round of a file: created and noted by the clerk, sent up, noted by the tehsildar, sent back. */
async function fileRound(
  clerk: Tablet,
  tehsildar: Tablet,
  n: number,
  lan: Shaper,
): Promise<{ id: RecordId; toTehsildarMs: number; backMs: number; lanBytes: number }> {
  const c = await clerk.context();
  const file = await check(
    'create',
    createFile(c, { subject: `खसरा ${n} नामांतरण, ग्राम सहिया`, category: 'revenue' }),
  );
  await noteAndSend(c, file.id, `खसरा ${n} का नामांतरण हेतु प्रस्तुत। अभिलेख संलग्न हैं।`, TEHSILDAR);
  const bytes0 = lan.stats.up + lan.stats.down;
  const t0 = performance.now();
  await synced(clerk);
  await synced(tehsildar);
  const toTehsildarMs = performance.now() - t0;
  const t = await tehsildar.context();
  await check('open', markOpened(t, file.id));
  await noteAndSend(t, file.id, 'स्वीकृत। आदेश जारी करें।', CLERK);
  const t1 = performance.now();
  await synced(tehsildar);
  await synced(clerk);
  const backMs = performance.now() - t1;
  return { id: file.id, toTehsildarMs, backMs, lanBytes: lan.stats.up + lan.stats.down - bytes0 };
}

/** What the relay keeps of its link to the district (relay-state.json), or null mid-write. */
function relayState(dir: string): { token: string; deviceId: string; cursor: number } | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'relay-state.json'), 'utf8')) as {
      token: string;
      deviceId: string;
      cursor: number;
    };
  } catch {
    return null;
  }
}

async function changeOf(t: Tablet, id: RecordId): Promise<Change> {
  const doc = await loadRecordDoc(t.db, id);
  const meta = readMeta(doc);
  return { meta: meta.ok ? meta.value : null, events: readEvents(doc) };
}

export async function benchRelay(report: Report, files: number): Promise<void> {
  const random = seeded(1818);
  const clock = createClock(Date.now());
  const districtDir = await tempDir('patravali-bench-district-');
  const relayDir = await tempDir('patravali-bench-relay-');
  let district: Child | null = null;
  let relay: Child | null = null;
  const shapers: Shaper[] = [];
  try {
    // The demo office's files, which the relay pulls before the WAN is cut (the integration
    // tests' districts start without them): a relay that has pulled nothing would be sent
    // its own pushes back at cursor 0, as a device starting afresh is.
    district = await startDistrict(districtDir.path, { PATRAVALI_DEMO_CONTENT: '1' });
    const printed = await runAdminProcess(districtDir.path, ['add-relay', 'VKN']);
    const key = /relay key .*: (\S+)/.exec(printed)?.[1] ?? '';
    const wan = await startShaper(Number(new URL(district.url).port), LINK_2G, random);
    shapers.push(wan);
    relay = await startRelay(relayDir.path, wan.origin, 'VKN', key, {
      PATRAVALI_RELAY_SYNC_MS: String(RELAY_SYNC_MS),
      PATRAVALI_RELAY_BACKOFF_MS: String(RELAY_BACKOFF_MS),
      // A day's work in a minute: the tablets sync far more often than a person would.
      PATRAVALI_SYNC_PER_MINUTE: '0',
    });
    const lan = await startShaper(Number(new URL(relay.url).port), LOOPBACK, random);
    shapers.push(lan);
    const at: TestServer = {
      origin: () => lan.origin,
      dataDir: relayDir.path,
      restart: async () => undefined,
      close: async () => undefined,
    };
    const clerk = tablet(at, clock, random);
    const tehsildar = tablet(at, clock, random);
    // Signed in while the WAN is up: the relay asks the district.
    for (const [t, who] of [
      [clerk, 'clerk.vikasnagar'],
      [tehsildar, 'tehsildar.vikasnagar'],
    ] as const) {
      const r = await t.signIn(who);
      if (!r.ok) throw new Error(`sign-in of ${who} at the relay failed`);
      await synced(t);
    }

    // The relay has pulled all the district has for its office (its backlog would
    // otherwise cross the WAN in the catch-up): asked of the district as the relay would.
    await until('the relay has pulled the district', async () => {
      const state = relayState(relayDir.path);
      if (state === null || state.token === '') return false;
      const { response } = await sync(district!.url, state.token, state.deviceId, state.cursor);
      return response.updates.length === 0 && !response.more;
    });
    wan.cut();
    // A day's work with the WAN down: every file goes clerk → tehsildar → clerk.
    const rounds = [];
    for (let n = 1; n <= files; n++) rounds.push(await fileRound(clerk, tehsildar, n, lan));
    const ids = rounds.map((r) => r.id);
    const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
    const later = rounds.slice(1);
    const first = rounds[0];
    if (first === undefined || later.length === 0) throw new Error('the day needs 2 files or more');
    const steady = {
      toTehsildarMs: median(later.map((r) => r.toTehsildarMs)),
      backMs: median(later.map((r) => r.backMs)),
      lanBytes: median(later.map((r) => r.lanBytes)),
    };
    report.table(
      'Office relay, WAN down: a file clerk → tehsildar → clerk (issue 18)',
      ['step', 'first file', `median of the next ${later.length}`],
      [
        [
          "clerk's sync, then the tehsildar's: she has it (ms)",
          first.toTehsildarMs,
          steady.toTehsildarMs,
        ],
        ["tehsildar's sync, then the clerk's: back with him (ms)", first.backMs, steady.backMs],
        ['every byte on the LAN, both movements (HTTP included)', first.lanBytes, steady.lanBytes],
      ],
    );
    report.note(
      `per file, ms to the tehsildar / back: ${rounds.map((r) => `${r.toTehsildarMs.toFixed(0)}/${r.backMs.toFixed(0)}`).join(', ')}`,
    );
    report.add('relay.movement_to_tehsildar', steady.toTehsildarMs, 'ms');
    report.add('relay.movement_back', steady.backMs, 'ms');
    report.add('relay.movement_lan_bytes', steady.lanBytes, 'bytes');

    const changes = await Promise.all(ids.map((id) => changeOf(clerk, id)));
    const events = changes.reduce((s, c) => s + c.events.length, 0);

    // The district, read directly (not over the WAN): has every file come back to the clerk?
    const reader = deviceUuid(91);
    const token = (await signIn(district.url, 'dm.dehradun', reader)).body.token;
    const seen = new Map<RecordId, Uint8Array[]>();
    let cursor = 0;
    const wanted = new Set(ids);
    const arrived = async (): Promise<boolean> => {
      for (;;) {
        const { response } = await sync(district!.url, token, asDeviceId(reader), cursor);
        for (const u of response.updates)
          if (wanted.has(u.recordId))
            seen.set(u.recordId, [...(seen.get(u.recordId) ?? []), u.update]);
        cursor = response.cursor;
        if (!response.more) break;
      }
      return ids.every((id) => {
        const s = stateOf(seen.get(id) ?? []);
        return s?.holder === CLERK && s.notes.length === 2;
      });
    };
    if (await arrived()) throw new Error('the district had the day before the WAN came back');

    const up0 = wan.stats.up;
    const down0 = wan.stats.down;
    const connections0 = wan.stats.connections;
    let firstTryS = NaN;
    const t0 = performance.now();
    const watch = setInterval(() => {
      if (Number.isNaN(firstTryS) && wan.stats.connections > connections0)
        firstTryS = (performance.now() - t0) / 1000;
    }, 5);
    wan.restore();
    await until('the day reaches the district', arrived).finally(() => clearInterval(watch));
    const catchUpS = (performance.now() - t0) / 1000;
    const wanUp = wan.stats.up - up0;
    const wanDown = wan.stats.down - down0;
    const sizes = floorSizes(changes, dictionaryFor(VIKASNAGAR));
    const floor = bestFloor(sizes);
    const floorS = floorSeconds(floor, LINK_2G);
    report.table(
      `Office relay: upstream catch-up on 2G after a day's work (${files} files, ${events} events)`,
      ['measure', 'value'],
      [
        ['time from the WAN back to the district having all of it (s)', catchUpS],
        ["of which waiting for the relay's next try (s)", firstTryS],
        ['bytes relay → district on the WAN (HTTP included)', wanUp],
        ['bytes district → relay', wanDown],
        [
          'floor: gzip -9 / brotli -11 / zstd+dict of the content (bytes)',
          `${sizes.gzip} / ${sizes.brotli} / ${sizes.zstdDict ?? '–'}`,
        ],
        ['floor time on 2G (best, s)', floorS],
        ['catch-up time ÷ floor time', catchUpS / floorS],
        ["catch-up from the relay's first try ÷ floor time", (catchUpS - firstTryS) / floorS],
        ['WAN bytes ÷ floor bytes', (wanUp + wanDown) / floor],
      ],
    );
    report.note(
      `The relay tries upstream every ${RELAY_SYNC_MS} ms and, after failures, at most every ${RELAY_BACKOFF_MS} ms: up to that wait is in the catch-up time.`,
    );
    report.add('relay.catch_up_time', catchUpS, 's');
    report.add('relay.catch_up_wan_bytes', wanUp + wanDown, 'bytes');
    report.add('relay.catch_up_floor_ratio', catchUpS / floorS, 'ratio');
    report.add('relay.catch_up_first_try_floor_ratio', (catchUpS - firstTryS) / floorS, 'ratio');
  } finally {
    await relay?.stop();
    await district?.stop();
    for (const s of shapers) await s.close();
    await relayDir.remove();
    await districtDir.remove();
  }
}
