import 'fake-indexeddb/auto';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecordDoc as docOfUpdates, readEvents, readRecordState } from '@doc/record-doc.ts';
import { asPersonId, type EventId, type RecordId } from '@domain/ids.ts';
import type { RecordState } from '@domain/record.ts';
import { SEARCH_API, type SearchResponse } from '@protocol/search.ts';
import { logOf, type LogEntry } from '@domain/record-log.ts';
import { loadRecordDoc } from '@storage/db/record-store.ts';
import {
  finaliseDraft,
  pullBack,
  recordStateQuery,
  saveDraft,
  sendRecord,
  waitingAtRelay,
} from '@storage/services.ts';
import type { DeviceContext } from '@storage/services.ts';
import { everySignatureVerifies } from './relay-checks.ts';
import { startThreeTiers, tabletServer, type Child, type ThreeTiers } from './relay-processes.ts';
import { deviceUuid, signIn } from './server-harness.ts';
import { sync } from './server-sync-client.ts';
import { createClock, eventually } from './sync-harness.ts';
import { CLERK, fileSentTo, seeded, tablet, TEHSILDAR, type Tablet } from './tablet-harness.ts';
import type { WanProxy } from './wan-proxy.ts';

/**
 * Work on one file at both tiers while the WAN is down (issue 18, "Conflicts";
 * DESIGN.md invariants 2 and 7). The district, Vikasnagar's relay and
 * Chakrata's relay run as processes, Vikasnagar's WAN through a proxy the test
 * cuts. The kanungo, in the field on mobile data, talks to the district
 * itself; the tehsildar and the clerk to the relay. The kanungo sends a file
 * to the tehsildar; with the WAN cut the tehsildar notes on it and sends it to
 * the clerk at the relay, while the kanungo, who still sees it unopened,
 * pulls it back at the district and notes on it. With the WAN back every
 * tier and every tablet holds every event, every signature verifying; the
 * district (and the kanungo's tablet) folds them in the district's order: the
 * pull back and his noting took effect, the tehsildar's noting and send are
 * conflicts, her words kept; the relay and its tablets agree with each other
 * and keep every noting's words in view; and they derive what the district
 * does: the relay folds and serves in the district's order (decision 0010,
 * amendment 4).
 */

const KANUNGO = asPersonId('kanungo.vikasnagar');

interface Held {
  readonly updates: Uint8Array[];
  readonly entries: LogEntry[];
}

/** Every update and log entry of `recordId` that `url` gives the session, from cursor 0. */
async function heldAt(
  url: string,
  token: string,
  device: string,
  recordId: RecordId,
): Promise<Held> {
  const held: Held = { updates: [], entries: [] };
  for (let cursor = 0; ;) {
    const { response } = await sync(url, token, device, cursor);
    for (const u of response.updates.filter((x) => x.recordId === recordId)) {
      held.updates.push(u.update);
      held.entries.push(...(u.entries ?? []));
    }
    cursor = response.cursor;
    if (!response.more) return held;
  }
}

/** What people see of a record: its holder, note sheet and conflicts (with their words). */
function seen(state: RecordState | null) {
  return {
    holder: state?.holder,
    notes: state?.notes.map((n) => [n.author, n.text]),
    conflicts: state?.conflicts.map((c) => ({
      event: c.event.id,
      type: c.event.type,
      actor: c.event.actor,
      reason: c.reason,
      text: c.event.type === 'noting' ? c.event.text : null,
    })),
  };
}

describe('work on one file at both tiers during a WAN outage', () => {
  const clock = createClock(Date.now());
  const random = seeded(19);
  let tiers: ThreeTiers;
  let district: Child;
  let relay: Child;
  let wan: WanProxy;
  let clerk: Tablet;
  let tehsildar: Tablet;
  /** The kanungo's tablet, syncing with the district itself. */
  let kanungo: Tablet;
  let fileId: RecordId;
  /** Every event made on the file, by anyone. */
  const made = new Set<EventId>();
  const reader = { district: deviceUuid(91), relay: deviceUuid(92) };
  const tokens = { district: '', relay: '' };

  const atDistrict = () => heldAt(district.url, tokens.district, reader.district, fileId);
  const atRelay = () => heldAt(relay.url, tokens.relay, reader.relay, fileId);
  const eventIds = (h: Held) => new Set(readEvents(docOfUpdates(h.updates)).map((e) => e.id));
  /** The state a server's copy folds to, in that server's log order, as its tablets fold it. */
  const stateOfHeld = (h: Held) =>
    readRecordState(docOfUpdates(h.updates), clock.now(), logOf(h.entries));
  const eventsOn = async (t: Tablet) =>
    new Set(readEvents(await loadRecordDoc(t.db, fileId)).map((e) => e.id));
  const holdsAll = (ids: ReadonlySet<EventId>) => [...made].every((id) => ids.has(id));

  /** Records the events `t` made since `before` (its own copy's new events). */
  async function remember(t: Tablet, before: ReadonlySet<EventId>) {
    for (const id of await eventsOn(t)) if (!before.has(id)) made.add(id);
  }

  async function note(ctx: DeviceContext, text: string) {
    expect((await saveDraft(ctx, fileId, text)).ok).toBe(true);
    expect((await finaliseDraft(ctx, fileId)).ok).toBe(true);
  }

  beforeAll(async () => {
    // Chakrata's relay syncs with the same district throughout: a third process on the link.
    tiers = await startThreeTiers();
    ({ district, relay, wan } = tiers);
    clerk = tablet(
      tabletServer(() => relay, tiers.relayDir),
      clock,
      random,
    );
    tehsildar = tablet(
      tabletServer(() => relay, tiers.relayDir),
      clock,
      random,
    );
    kanungo = tablet(
      tabletServer(() => district, tiers.districtDir),
      clock,
      random,
    );
    tokens.district = (await signIn(district.url, 'dm.dehradun', reader.district)).body.token;
    tokens.relay = (await signIn(relay.url, 'naib.vikasnagar', reader.relay)).body.token;
  }, 120_000);
  afterAll(async () => {
    await tiers?.close();
  });

  it('the kanungo sends a file to the tehsildar at the district; it reaches her tablet at the relay', async () => {
    expect(await kanungo.signIn(KANUNGO)).toMatchObject({ ok: true, online: true });
    expect(await clerk.signIn(CLERK)).toMatchObject({ ok: true, online: true });
    expect(await tehsildar.signIn(TEHSILDAR)).toMatchObject({ ok: true, online: true });
    fileId = await fileSentTo(kanungo, 'खसरा 12 सीमांकन', TEHSILDAR);
    await remember(kanungo, new Set());
    expect(await kanungo.sync()).toBe('synced');
    await eventually(async () => {
      expect(await tehsildar.sync()).toBe('synced');
      return holdsAll(await eventsOn(tehsildar));
    }, 60_000);
    // Sent, not yet opened: the kanungo may still pull it back.
    const state = await recordStateQuery(tehsildar.db, fileId, clock.now());
    expect(state?.holder).toBe(TEHSILDAR);
    expect(state?.awaitingOpen).toBe(true);
  });

  it('with the WAN cut, the tehsildar notes and sends it to the clerk at the relay', async () => {
    wan.cut();
    const before = await eventsOn(tehsildar);
    const t = await tehsildar.context();
    await note(t, 'सीमांकन हेतु लिपिक आख्या दें');
    const move = { to: CLERK, remarks: 'आख्या हेतु', dueDate: null, priority: 'normal' as const };
    expect((await sendRecord(t, fileId, move)).ok).toBe(true);
    await remember(tehsildar, before);
    expect(await tehsildar.sync()).toBe('synced');
    expect(await clerk.sync()).toBe('synced');
    expect((await recordStateQuery(clerk.db, fileId, clock.now()))?.holder).toBe(CLERK);
    // The district has none of it, and the relay's tablets know her noting and send wait there.
    expect(holdsAll(eventIds(await atDistrict()))).toBe(false);
    expect(await waitingAtRelay(tehsildar.db)).toBe(2);
    expect(await waitingAtRelay(clerk.db)).toBe(2);
  });

  it('meanwhile the kanungo, at the district, pulls it back and notes on it', async () => {
    const before = await eventsOn(kanungo);
    const k = await kanungo.context();
    expect((await pullBack(k, fileId)).ok).toBe(true);
    await note(k, 'स्थल निरीक्षण स्वयं करूँगा');
    await remember(kanungo, before);
    expect(await kanungo.sync()).toBe('synced');
    expect((await recordStateQuery(kanungo.db, fileId, clock.now()))?.holder).toBe(KANUNGO);
    expect(made.size).toBe(5);
  });

  it('with the WAN back, every tier and tablet holds every event, each signature verifying', async () => {
    wan.restore();
    await eventually(async () => holdsAll(eventIds(await atDistrict())), 60_000);
    await eventually(async () => holdsAll(eventIds(await atRelay())), 60_000);
    for (const t of [clerk, tehsildar, kanungo])
      await eventually(async () => {
        expect(await t.sync()).toBe('synced');
        return holdsAll(await eventsOn(t));
      }, 60_000);
    const [d, r] = [await atDistrict(), await atRelay()];
    // Nothing lost, nothing added: the same events everywhere.
    for (const ids of [
      eventIds(d),
      eventIds(r),
      ...(await Promise.all([clerk, tehsildar, kanungo].map(eventsOn))),
    ])
      expect([...ids].sort()).toEqual([...made].sort());
    expect(await everySignatureVerifies(district.url, fileId, d.updates)).toBe(true);
    expect(await everySignatureVerifies(relay.url, fileId, r.updates, 'naib.vikasnagar')).toBe(
      true,
    );
    // Both ways every update was taken.
    expect(relay.output()).not.toContain('refused');
  }, 240_000);

  it("at the district the kanungo's pull back came first: the tehsildar's noting and send are conflicts, her words kept", async () => {
    const atD = seen(stateOfHeld(await atDistrict()));
    expect(atD).toEqual({
      holder: KANUNGO,
      notes: [[KANUNGO, 'स्थल निरीक्षण स्वयं करूँगा']],
      conflicts: [
        expect.objectContaining({
          actor: TEHSILDAR,
          type: 'noting',
          reason: 'notHolder',
          text: 'सीमांकन हेतु लिपिक आख्या दें',
        }),
        expect.objectContaining({ actor: TEHSILDAR, type: 'sent', reason: 'staleBasis' }),
      ],
    });
    // The kanungo's tablet, at the district, derives the same.
    expect(seen(await recordStateQuery(kanungo.db, fileId, clock.now()))).toEqual(atD);
  });

  it("at the relay the relay's tablets derive what the relay does, and nobody's words are out of view", async () => {
    const atR = seen(stateOfHeld(await atRelay()));
    for (const t of [clerk, tehsildar])
      expect(seen(await recordStateQuery(t.db, fileId, clock.now()))).toEqual(atR);
    // Each noting is on the note sheet or kept as a conflict, with its text; every
    // movement took effect or is a conflict.
    const words = [
      ...(atR.notes ?? []).map(([, text]) => text),
      ...(atR.conflicts ?? []).map((c) => c.text),
    ];
    expect(words.sort()).toEqual(['स्थल निरीक्षण स्वयं करूँगा', 'सीमांकन हेतु लिपिक आख्या दें', null].sort());
    expect(atR.conflicts?.map((c) => c.type).filter((t) => t !== 'noting')).toHaveLength(1);
  });

  // Decision 0010, amendment 4: the relay keeps where the district logged each event (the
  // kanungo's pull back before the tehsildar's noting and send, which it acknowledged after)
  // and folds and serves the file in that order; its tablets pull the file again in it.
  it('the relay and its tablets derive the same holder, note sheet and conflicts as the district', async () => {
    const atD = seen(stateOfHeld(await atDistrict()));
    const relaySees = async () => seen(stateOfHeld(await atRelay()));
    await eventually(async () => isDeepStrictEqual(await relaySees(), atD), 60_000).catch(() => {});
    expect(await relaySees()).toEqual(atD);
    for (const t of [clerk, tehsildar]) {
      const tabletSees = async () => seen(await recordStateQuery(t.db, fileId, clock.now()));
      await eventually(
        async () => (await t.sync()) === 'synced' && isDeepStrictEqual(await tabletSees(), atD),
        60_000,
      ).catch(() => {});
      expect(await tabletSees()).toEqual(atD);
      // Nothing waits at the relay any more: the district has it all.
      expect(await waitingAtRelay(t.db)).toBe(0);
    }
    // Its projection too (search, desks, pendency read it): the district's holder.
    const holderAt = async (url: string, token: string) => {
      const res = await fetch(`${url}${SEARCH_API}?q=${encodeURIComponent('खसरा 12')}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as SearchResponse;
      return body.hits.find((h) => h.id === fileId)?.holder;
    };
    expect(await holderAt(district.url, tokens.district)).toBe(KANUNGO);
    expect(await holderAt(relay.url, tokens.relay)).toBe(KANUNGO);
  }, 150_000);
});
