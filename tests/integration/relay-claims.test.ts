import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headFromJson } from '@doc/record-proofs.ts';
import { decodeB64url } from '@doc/signature.ts';
import { verifyTreeHead } from '@doc/tree-head.ts';
import { verifyBytes } from '@doc/verify-bytes.ts';
import type { RecordId } from '@domain/ids.ts';
import type { LogEntry } from '@domain/record-log.ts';
import { API, recordProofsPath } from '@protocol/api.ts';
import { RELAY_OWN_ORDER, type SyncResponse } from '@protocol/messages.ts';
import { KV_KEYS, readKv, type LogEntryRow } from '@storage/db/db.ts';
import { currentSession } from '@storage/session/session.ts';
import {
  createFile,
  disorderedAtRelay,
  droppedAtRelay,
  finaliseDraft,
  refutedRelayClaims,
  saveDraft,
  waitingAtRelay,
} from '@storage/services.ts';
import { CLAIM_SLACK_MS } from '@storage/sync/relay-claims.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { relayClaimsChecker } from '@sync/relay-claims-check.ts';
import { createSyncStatusStore } from '@sync/status.ts';
import { runSync } from '@sync/sync-run.ts';
import { startLyingRelay } from './lying-relay.ts';
import { startRelayWorld, type RelayWorld } from './relay-refusals-world.ts';
import { eventually } from './sync-harness.ts';
import { fileSentTo, seeded, tablet, TEHSILDAR, type Tablet } from './tablet-harness.ts';

/**
 * An office relay's word that the district has its office's work, checked by the
 * tablet against the district's own signed log (issue 18, "a relay that drops ...
 * is detected"; decision 0020). The district and Vikasnagar's relay run as
 * processes, the WAN between them through a proxy the test controls; the clerk's
 * tablet is the real device store. While the WAN is cut the clerk's file waits at
 * the relay and the district's proofs cannot be had; with the WAN back the relay
 * serves it at the district's positions, which the tablet keeps as the relay's
 * claim until the district's proofs, passed on by the relay, show it. Then the
 * relay lies: it says the district took a noting it never passed on (the tablet's
 * log entry as a tampered relay would serve it), and the district's proofs,
 * signed well after the time the relay gave, leave it out: the sync light's alarm;
 * and, through a front that rewrites its sync answers on the wire, it says the
 * district took a whole file it never passed on, which the district says it does
 * not have.
 * Once the relay passes the file on, the next sync's check clears it. What the
 * relay acknowledged is kept on the tablet until the district's proofs show it,
 * and sent again when the district itself answers the tablet.
 */

const RELAY_ENV = { PATRAVALI_RELAY_TIMEOUT_MS: '5000', PATRAVALI_RELAY_BACKOFF_MS: '400' };

describe("a tablet checks its office relay's word that the district has the office's work", () => {
  let world: RelayWorld;
  let clerk: Tablet;
  let fileId: RecordId;
  /** The clerk's own file, on which a noting is withheld. */
  let secondId: RecordId;
  /** A file the relay never passes on. */
  let thirdId: RecordId;

  const token = async (t: Tablet) => (await currentSession(t.db))?.token ?? '';
  const claims = (t: Tablet): Promise<LogEntryRow[]> =>
    t.db.logEntries.where('claimed').above(0).toArray();
  const keptFor = (recordId: RecordId) =>
    clerk.db.relayAcked.where('recordId').equals(recordId).count();
  /** One sync with the relay (or `url`), without the engine (so no check runs beside it). */
  async function syncOnce(t: Tablet, url = world.relay.url) {
    const session = await token(t);
    const outcome = await runSync({
      port: createSyncPort(t.db, world.clock.now),
      deviceId: t.deviceId,
      getToken: () => session,
      status: createSyncStatusStore(),
      baseUrl: url,
      fetch,
      now: world.clock.now,
      gzip: null,
    });
    return outcome.kind;
  }
  /**
   * The check a synced run at the relay starts, awaited; `fallback`: the district's own
   * address, as a relay started with `--fallback` names it at sign-in.
   */
  async function check(t: Tablet, url = world.relay.url, fallback: string | null = null) {
    const session = await token(t);
    await relayClaimsChecker({
      port: { ...createSyncPort(t.db, world.clock.now), fallbackBase: async () => fallback },
      baseUrl: url,
      fetch,
      getToken: () => session,
      now: () => Date.now(),
    }).check();
  }
  async function note(recordId: RecordId, text: string) {
    const ctx = await clerk.context();
    expect((await saveDraft(ctx, recordId, text)).ok).toBe(true);
    expect((await finaliseDraft(ctx, recordId)).ok).toBe(true);
  }
  const districtProofs = async (t: Tablet) =>
    fetch(world.relay.url + recordProofsPath(fileId, true), {
      headers: { authorization: `Bearer ${await token(t)}` },
    });

  beforeAll(async () => {
    world = await startRelayWorld(2031, RELAY_ENV);
    clerk = world.clerk;
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it("with the WAN cut the clerk's file waits at the relay, and the district's proofs cannot be had", async () => {
    world.wan.cut();
    fileId = await fileSentTo(clerk, 'सीमांकन आख्या', TEHSILDAR, 'खसरा 12 की आख्या प्रस्तुत');
    expect(await syncOnce(clerk)).toBe('synced');
    expect(await waitingAtRelay(clerk.db)).toBeGreaterThan(0);
    expect(await claims(clerk)).toEqual([]);
    const res = await districtProofs(clerk);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: 'districtUnreachable' });
    // The relay's own answers are told apart from the district's: a record it does not have,
    // or a request without a session, is no word on the district (never districtNotFound).
    const unknown = '00000000-0000-4000-8000-0000000000ff';
    const notHere = await fetch(world.relay.url + recordProofsPath(unknown, true), {
      headers: { authorization: `Bearer ${await token(clerk)}` },
    });
    expect(notHere.status).toBe(404);
    expect(await notHere.json()).toMatchObject({ error: 'notFound' });
    const anonymous = await fetch(world.relay.url + recordProofsPath(fileId, true));
    expect(anonymous.status).toBe(401);
    // Asked for something else than the district's: a plain refusal.
    const odd = await fetch(world.relay.url + recordProofsPath(fileId) + '?of=relay', {
      headers: { authorization: `Bearer ${await token(clerk)}` },
    });
    expect(odd.status).toBe(400);
  }, 60_000);

  it("with the WAN back the relay's word that the district has it is kept, then proven by the district's proofs", async () => {
    const waited = await waitingAtRelay(clerk.db);
    world.wan.restore();
    await eventually(
      async () => (await world.notesAtDistrict(fileId))?.join() === 'खसरा 12 की आख्या प्रस्तुत',
      60_000,
    );
    // The relay learns the district's positions and serves the file again at them.
    await eventually(async () => {
      expect(await syncOnce(clerk)).toBe('synced');
      return (await waitingAtRelay(clerk.db)) === 0;
    }, 60_000);
    const claimed = await claims(clerk);
    expect(claimed).toHaveLength(waited);
    expect(claimed.every((row) => row.claimed === 1 && row.recordId === fileId)).toBe(true);
    // What the relay passes on is the district's: its head is signed by the district's key.
    const res = await districtProofs(clerk);
    expect(res.status).toBe(200);
    const head = headFromJson(((await res.json()) as { head: unknown }).head);
    const districtKey = await readKv<string>(clerk.db, KV_KEYS.districtKey);
    const relayKey = await readKv<string>(clerk.db, KV_KEYS.logKey);
    expect(districtKey).not.toBe(relayKey);
    const keyOf = (k: string | undefined) => decodeB64url(k, 43) as Uint8Array;
    expect(head !== null && verifyTreeHead(head, keyOf(districtKey), verifyBytes)).toBe(true);
    expect(head !== null && verifyTreeHead(head, keyOf(relayKey), verifyBytes)).toBe(false);
    expect(await keptFor(fileId)).toBeGreaterThan(0);
    await check(clerk);
    expect(await claims(clerk)).toEqual([]);
    expect(await refutedRelayClaims(clerk.db)).toBe(0);
    // The district has the file: nothing of it is kept to send again.
    expect(await keptFor(fileId)).toBe(0);
  }, 120_000);

  it("a file another office sent to the tehsildar: the relay asks the district in its office's people's scope", async () => {
    const chakrata = tablet(
      {
        origin: () => world.district.url,
        dataDir: world.districtDir,
        restart: async () => undefined,
        close: async () => undefined,
      },
      world.clock,
      seeded(2032),
    );
    expect(await chakrata.signIn('tehsildar.chakrata')).toMatchObject({ ok: true });
    const sent = await fileSentTo(chakrata, 'सीमा विवाद (चकराता)', TEHSILDAR);
    expect(await chakrata.sync()).toBe('synced');
    const tehsildar = world.tehsildar;
    await eventually(async () => {
      await syncOnce(tehsildar);
      return (await tehsildar.db.records.get(sent)) !== undefined;
    }, 60_000);
    world.wan.cut();
    const ctx = await tehsildar.context();
    expect((await saveDraft(ctx, sent, 'सीमा का संयुक्त निरीक्षण करें')).ok).toBe(true);
    expect((await finaliseDraft(ctx, sent)).ok).toBe(true);
    expect(await syncOnce(tehsildar)).toBe('synced');
    expect(await waitingAtRelay(tehsildar.db)).toBeGreaterThan(0);
    world.wan.restore();
    await eventually(async () => {
      await syncOnce(tehsildar);
      return (await waitingAtRelay(tehsildar.db)) === 0;
    }, 60_000);
    expect((await claims(tehsildar)).length).toBeGreaterThan(0);
    await check(tehsildar);
    expect(await claims(tehsildar)).toEqual([]);
    expect(await refutedRelayClaims(tehsildar.db)).toBe(0);
  }, 120_000);

  /** What a tampered relay serves: `rows` at a district position, "received" at `receivedAt`. */
  const lie = (rows: readonly LogEntryRow[], receivedAt: number) =>
    clerk.db.logEntries.bulkPut(
      rows.map(({ atRelay: _, ...row }) => ({ ...row, pos: 2, receivedAt, claimed: 1 as const })),
    );
  const waitingRows = (recordId: RecordId) =>
    clerk.db.logEntries
      .where('atRelay')
      .equals(1)
      .filter((r) => r.recordId === recordId)
      .toArray();

  it('a relay that says the district took a noting it never passed on is found out', async () => {
    // A file the clerk keeps, which reaches the district through the relay.
    const ctx = await clerk.context();
    const made = await createFile(ctx, { subject: 'नामांतरण', category: 'revenue' });
    if (!made.ok) throw new Error(made.error);
    secondId = made.value.id;
    await note(secondId, 'नामांतरण पंजी देखी गई');
    expect(await syncOnce(clerk)).toBe('synced');
    await eventually(async () => (await world.notesAtDistrict(secondId)) !== null, 60_000);
    // The relay cannot sync with the district now; the district still answers its proofs.
    world.wan.answer(API.sync, 503);
    await note(secondId, 'स्थल निरीक्षण कर लिया गया');
    expect(await syncOnce(clerk)).toBe('synced');
    const waiting = await waitingRows(secondId);
    expect(waiting).toHaveLength(1);
    await lie(waiting, Date.now());
    await check(clerk);
    // The district's head is not yet well after the time the relay gave: not judged yet.
    expect((await claims(clerk)).map((r) => [r.eventId, r.claimed])).toContainEqual([
      waiting[0]?.eventId,
      1,
    ]);
    expect(await refutedRelayClaims(clerk.db)).toBe(0);
    await lie(waiting, Date.now() - CLAIM_SLACK_MS - 60_000);
    await check(clerk);
    expect(await refutedRelayClaims(clerk.db)).toBe(1);
    // What the district does not have stays kept to send again; what it has does not.
    expect(await keptFor(secondId)).toBe(1);
    expect(await world.notesAtDistrict(secondId)).toEqual(['नामांतरण पंजी देखी गई']);
  }, 120_000);

  it('a relay that says, on the wire, that the district took a file it never passed on is found out', async () => {
    // The relay's answers to the clerk rewritten: what waits for the district is said to be
    // at the district's positions, received ten minutes ago.
    const liar = await startLyingRelay(
      () => world.relay.url,
      (res) => {
        const told = (entries: readonly LogEntry[]) =>
          entries.map((e, i) =>
            e.pos >= RELAY_OWN_ORDER ? { ...e, pos: 3 + i, receivedAt: Date.now() - 600_000 } : e,
          );
        return {
          ...res,
          updates: res.updates.map((u) => ({ ...u, entries: told(u.entries ?? []) })),
          ...(res.logged === undefined
            ? {}
            : { logged: res.logged.map((l) => ({ ...l, entries: told(l.entries) })) }),
        };
      },
    );
    try {
      const before = await refutedRelayClaims(clerk.db);
      thirdId = await fileSentTo(clerk, 'वरासत', TEHSILDAR, 'वरासत दर्ज करें');
      expect(await syncOnce(clerk, liar.url)).toBe('synced');
      // The tablet is told the district has it: nothing waits at the relay.
      expect(await waitingRows(thirdId)).toEqual([]);
      const told = (await claims(clerk)).filter((r) => r.recordId === thirdId);
      expect(told.length).toBeGreaterThan(1);
      expect(told.every((r) => r.claimed === 1 && r.pos < RELAY_OWN_ORDER)).toBe(true);
      // The district answers, through the relay, that it has no such file: no time to wait for.
      await check(clerk, liar.url);
      expect(await refutedRelayClaims(clerk.db)).toBe(before + told.length);
      expect(await world.notesAtDistrict(thirdId)).toBeNull();
    } finally {
      await liar.close();
    }
  }, 60_000);

  it("once the relay passes them on, a sync's check finds them in the district's record and the alarm goes", async () => {
    world.wan.answer(API.sync, null);
    await eventually(
      async () =>
        (await world.notesAtDistrict(secondId))?.length === 2 &&
        (await world.notesAtDistrict(thirdId)) !== null,
      60_000,
    );
    // The engine's own check after a synced run (at most once a minute per engine).
    await eventually(async () => {
      await clerk.sync();
      return (await refutedRelayClaims(clerk.db)) === 0 && (await claims(clerk)).length === 0;
    }, 60_000);
    expect(await clerk.db.relayAcked.count()).toBe(0);
  }, 120_000);

  it('a tablet answered by the district sends it again what the relay took and never passed on', async () => {
    world.wan.answer(API.sync, 503);
    const fourthId = await fileSentTo(clerk, 'आय प्रमाण पत्र', TEHSILDAR, 'सत्यापन हेतु प्रस्तुत');
    expect(await syncOnce(clerk)).toBe('synced');
    expect(await keptFor(fourthId)).toBeGreaterThan(0);
    expect(await clerk.db.outbox.count()).toBe(0);
    expect(await world.notesAtDistrict(fourthId)).toBeNull();
    // The relay is gone from the tablet's reach; the district answers it (decision 0015).
    await eventually(async () => (await syncOnce(clerk, world.district.url)) === 'synced', 30_000);
    expect(await world.notesAtDistrict(fourthId)).toEqual(['सत्यापन हेतु प्रस्तुत']);
    expect(await clerk.db.relayAcked.count()).toBe(0);
    expect(await clerk.db.outbox.count()).toBe(0);
    world.wan.answer(API.sync, null);
  }, 120_000);

  it("a relay that says it cannot reach the district while it withholds a noting is found out at the district's own address", async () => {
    const liar = await startLyingRelay(
      () => world.relay.url,
      (res) => res,
      {
        districtProofs: () => ({
          status: 503,
          body: { error: 'districtUnreachable', detail: 'no link' },
        }),
      },
    );
    try {
      world.wan.answer(API.sync, 503);
      await note(secondId, 'अभिलेख अद्यतन हेतु भेजा गया');
      expect(await syncOnce(clerk, liar.url)).toBe('synced');
      const waiting = await waitingRows(secondId);
      expect(waiting).toHaveLength(1);
      await lie(waiting, Date.now() - CLAIM_SLACK_MS - 60_000);
      // Through the relay alone the word cannot be checked: no alarm.
      await check(clerk, liar.url);
      expect(await refutedRelayClaims(clerk.db)).toBe(0);
      expect((await claims(clerk)).map((r) => r.claimed)).toEqual([1]);
      // The district's own address, which a tablet may reach another way, gives its proofs.
      await check(clerk, liar.url, world.district.url);
      expect(await refutedRelayClaims(clerk.db)).toBe(1);
      expect(await keptFor(secondId)).toBe(1);
      // Passed on at last, the district's own proofs show it: the alarm goes, nothing is kept.
      world.wan.answer(API.sync, null);
      await eventually(async () => (await world.notesAtDistrict(secondId))?.length === 3, 60_000);
      await check(clerk, liar.url, world.district.url);
      expect(await refutedRelayClaims(clerk.db)).toBe(0);
      expect(await claims(clerk)).toEqual([]);
      expect(await keptFor(secondId)).toBe(0);
    } finally {
      world.wan.answer(API.sync, null);
      await liar.close();
    }
  }, 120_000);

  it('a relay that acknowledges a noting without logging it is found out at once, and the alarm goes once the district has it', async () => {
    // The relay's answers to the clerk rewritten: no log entries for what it acknowledges.
    const liar = await startLyingRelay(
      () => world.relay.url,
      (res) => ({ ...res, logged: [] }),
    );
    try {
      world.wan.answer(API.sync, 503);
      await note(secondId, 'नक्शा संलग्न किया गया');
      expect(await syncOnce(clerk, liar.url)).toBe('synced');
      expect(await clerk.db.outbox.count()).toBe(0);
      expect(await droppedAtRelay(clerk.db)).toBe(1);
      // The relay took it after all (only its answer left the entries out): once it passes it
      // on, the district's proofs show it, and nothing is kept or said.
      world.wan.answer(API.sync, null);
      await eventually(async () => (await world.notesAtDistrict(secondId))?.length === 4, 60_000);
      await check(clerk, liar.url);
      expect(await droppedAtRelay(clerk.db)).toBe(0);
      expect(await keptFor(secondId)).toBe(0);
    } finally {
      world.wan.answer(API.sync, null);
      await liar.close();
    }
  }, 120_000);

  it("a relay that serves a file's changes in another order than the district's log is found out", async () => {
    // The relay's answers rewritten: each file's entries at district positions in reverse.
    const reversed = (res: SyncResponse): SyncResponse => {
      const byRecord = new Map<string, number[]>();
      res.updates.forEach((u) => {
        for (const e of u.entries ?? [])
          if (e.pos < RELAY_OWN_ORDER)
            byRecord.set(u.recordId, [...(byRecord.get(u.recordId) ?? []), e.pos]);
      });
      const swap = (recordId: string, e: LogEntry): LogEntry => {
        const positions = [...(byRecord.get(recordId) ?? [])].sort((a, b) => a - b);
        const i = positions.indexOf(e.pos);
        return i < 0 ? e : { ...e, pos: positions[positions.length - 1 - i] as number };
      };
      return {
        ...res,
        updates: res.updates.map((u) => ({
          ...u,
          entries: (u.entries ?? []).map((e) => swap(u.recordId, e)),
        })),
      };
    };
    const liar = await startLyingRelay(() => world.relay.url, reversed);
    try {
      const ctx = await clerk.context();
      const made = await createFile(ctx, { subject: 'सीमा विवाद', category: 'revenue' });
      if (!made.ok) throw new Error(made.error);
      const id = made.value.id;
      await note(id, 'पहली टिप्पणी');
      await note(id, 'दूसरी टिप्पणी');
      // Pushed, passed on, and served again at the district's positions, in reverse.
      // (A sync the relay's limit turns away is tried again.)
      await eventually(async () => {
        await syncOnce(clerk, liar.url);
        return (
          (await waitingAtRelay(clerk.db)) === 0 && (await world.notesAtDistrict(id))?.length === 2
        );
      }, 60_000);
      await eventually(async () => {
        await syncOnce(clerk, liar.url);
        const rows = await clerk.db.logEntries.where('recordId').equals(id).toArray();
        return rows.length > 2 && rows.every((r) => r.pos < RELAY_OWN_ORDER);
      }, 60_000);
      expect(await disorderedAtRelay(clerk.db)).toBe(0);
      await check(clerk, liar.url);
      // Every change is in the district's log (nothing refuted), but not in this order: the
      // relay's word on them stands unproven, so the file is checked again at each turn.
      expect(await refutedRelayClaims(clerk.db)).toBe(0);
      expect(await disorderedAtRelay(clerk.db)).toBe(1);
      const held = await clerk.db.logEntries.where('recordId').equals(id).sortBy('pos');
      expect(held.filter((r) => r.claimed === 1).length).toBeGreaterThan(1);
      await check(clerk, liar.url);
      expect(await disorderedAtRelay(clerk.db)).toBe(1);
      // Served again in the district's order (as an honest relay would: the positions put
      // back), the next check proves them and the alarm goes.
      const positions = held.map((r) => r.pos);
      await clerk.db.logEntries.bulkPut(
        held.map((r, i) => ({ ...r, pos: positions[positions.length - 1 - i] as number })),
      );
      await check(clerk, liar.url);
      expect(await disorderedAtRelay(clerk.db)).toBe(0);
      expect((await claims(clerk)).filter((r) => r.recordId === id)).toEqual([]);
    } finally {
      await liar.close();
    }
  }, 120_000);
  it("a relay that passes on the district's proofs from before is gone round at the district's own address", async () => {
    // The district's proofs of the file as they are now, which the relay will give again.
    const before = await fetch(world.relay.url + recordProofsPath(secondId, true), {
      headers: { authorization: `Bearer ${await token(clerk)}` },
    });
    expect(before.status).toBe(200);
    const kept = (await before.json()) as unknown;
    const liar = await startLyingRelay(
      () => world.relay.url,
      (res) => res,
      { districtProofs: () => ({ status: 200, body: kept }) },
    );
    try {
      await note(secondId, 'आदेश हेतु प्रस्तुत');
      // The relay passes it on, and its word that the district has it is kept.
      await eventually(async () => {
        expect(await syncOnce(clerk, liar.url)).toBe('synced');
        return (await waitingAtRelay(clerk.db)) === 0 && (await claims(clerk)).length > 0;
      }, 60_000);
      expect(await world.notesAtDistrict(secondId)).toHaveLength(5);
      // The head it gives is older than the word: it proves nothing, and refutes nothing.
      await check(clerk, liar.url);
      expect((await claims(clerk)).map((r) => r.claimed)).toEqual([1]);
      // Some minutes on, an honest relay would have given a head that proves it by now.
      world.clock.advance(2 * CLAIM_SLACK_MS);
      await check(clerk, liar.url);
      expect((await claims(clerk)).map((r) => r.claimed)).toEqual([1]);
      // So the tablet asks the district's own address, whose proofs show it.
      await check(clerk, liar.url, world.district.url);
      expect(await claims(clerk)).toEqual([]);
      expect(await keptFor(secondId)).toBe(0);
      expect(await refutedRelayClaims(clerk.db)).toBe(0);
    } finally {
      await liar.close();
    }
  }, 120_000);
});
