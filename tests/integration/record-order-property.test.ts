import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOCK_SKEW_MS } from '@doc/check-claims.ts';
import { loadRecordDoc } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { formatHlc, parseHlc } from '@domain/hlc.ts';
import type { RecordId } from '@domain/ids.ts';
import { pullRecord, stateSeenBy } from './record-order-client.ts';
import { deviceUuid, signIn, startTestServer, type TestServer } from './server-harness.ts';
import { append, newFile, notingEvent, sync } from './server-sync-client.ts';

/**
 * Issue 15, item 1, as a property against a real server: whatever times a
 * file's notings claim (far past, far future, equal to others, a millisecond
 * before the latest), every noting the server takes keeps the paragraph number
 * it got when it was logged, the note sheet is in log order, and the server
 * refuses only claims ahead of its clock or behind what the device had.
 */

const DAY = 24 * 60 * 60 * 1000;
const DEVICES = [deviceUuid(701), deviceUuid(702), deviceUuid(703)];

type Claim =
  | { readonly kind: 'absolute'; readonly ms: number }
  | { readonly kind: 'fromNow'; readonly ms: number }
  | { readonly kind: 'beforeLatest'; readonly ms: number };

const claim: fc.Arbitrary<Claim> = fc.oneof(
  fc.record({ kind: fc.constant('absolute' as const), ms: fc.integer({ min: 0, max: 4e12 }) }),
  fc.record({
    kind: fc.constant('fromNow' as const),
    ms: fc.integer({ min: -30 * DAY, max: 400 * DAY }),
  }),
  fc.record({ kind: fc.constant('beforeLatest' as const), ms: fc.integer({ min: 0, max: 5000 }) }),
);

const push = fc.record({
  device: fc.nat({ max: DEVICES.length - 1 }),
  claim,
  wait: fc.integer({ min: 0, max: 2 * DAY }),
});

type Push = typeof push extends fc.Arbitrary<infer T> ? T : never;

describe('adversarial claimed times against a real server', () => {
  let server: TestServer;
  const outcomes = new Map<string, number>();

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  /** A noting stamped by `device`'s clock (the HLC node is the device). */
  function noting(device: string, wallMs: number): RecordEvent {
    const e = notingEvent('clerk.vikasnagar', `टिप्पणी ${wallMs}`);
    return { ...e, hlc: formatHlc({ wallMs, counter: 0, node: device }), deviceTime: wallMs };
  }

  async function run(pushes: readonly Push[]) {
    // Tokens expire over the days a run advances; sign in again as a device would.
    const reader = (await signIn(server.url, 'tehsildar.vikasnagar', deviceUuid(704))).body.token;
    const file = newFile('clerk.vikasnagar', 'vikasnagar');
    const creator = DEVICES[0] ?? '';
    const token = (await signIn(server.url, 'clerk.vikasnagar', creator)).body.token;
    const first = await sync(server.url, token, creator, 0, [
      { ref: 1, recordId: file.id, update: file.update },
    ]);
    expect(first.response.acks).toEqual([1]);
    let doc = file.doc;
    const accepted: RecordEvent[] = [];
    for (const p of pushes) {
      server.clock.now += p.wait;
      const device = DEVICES[p.device] ?? '';
      const token = (await signIn(server.url, 'clerk.vikasnagar', device)).body.token;
      const latest = Math.max(0, ...accepted.map((e) => parseHlc(e.hlc).wallMs));
      const ms = claimedMs(p.claim, server.clock.now, latest);
      const e = noting(device, ms);
      const before = Y.encodeStateAsUpdate(doc);
      const r = await sync(server.url, token, device, 0, [
        { ref: 1, recordId: file.id, update: append({ id: file.id, doc }, [e]) },
      ]);
      const outcome = r.response.acks.includes(1)
        ? 'accepted'
        : (r.response.refusals[0]?.reason ?? 'none');
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (outcome === 'accepted') {
        expect(ms).toBeLessThanOrEqual(server.clock.now + CLOCK_SKEW_MS);
        accepted.push(e);
      } else {
        const reason = r.response.refusals[0]?.reason;
        expect(['clockAhead', 'clockBehind']).toContain(reason);
        if (reason === 'clockAhead') expect(ms).toBeGreaterThan(server.clock.now + CLOCK_SKEW_MS);
        doc = loadRecordDoc([before]); // the device resets to the server's state
      }
      await expectLogOrder(reader, file.id, accepted);
    }
  }

  async function expectLogOrder(reader: string, id: RecordId, accepted: readonly RecordEvent[]) {
    const seen = await stateSeenBy(server.url, reader, deviceUuid(704), id, server.clock.now);
    // Paragraph k is the k-th noting the server took, whatever it claimed: so no number
    // given earlier ever changes as more arrive.
    expect(seen.notes.map((n) => [n.paragraph, n.eventId])).toEqual(
      accepted.map((e, i) => [i + 1, e.id]),
    );
    const { entries } = await pullRecord(server.url, reader, deviceUuid(704), id);
    const byPos = [...entries].sort((a, b) => a.pos - b.pos).map((x) => x.eventId);
    expect(byPos).toEqual([id, ...accepted.map((e) => e.id)]);
  }

  it('finalised paragraph numbers never change and the note sheet is in log order', async () => {
    // Always tried besides the random runs, so each outcome below certainly occurs.
    const known: Push[] = [
      { device: 0, claim: { kind: 'fromNow', ms: 0 }, wait: 0 },
      { device: 1, claim: { kind: 'fromNow', ms: 60_000 }, wait: 1000 },
      { device: 0, claim: { kind: 'beforeLatest', ms: 1 }, wait: 0 },
      { device: 2, claim: { kind: 'fromNow', ms: 365 * DAY }, wait: 0 },
      { device: 1, claim: { kind: 'absolute', ms: 1_000 }, wait: DAY },
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(push, { minLength: 1, maxLength: 6 }), (pushes) => run(pushes)),
      { numRuns: 8, examples: [[known]] },
    );
    expect(outcomes.get('accepted')).toBeGreaterThan(0);
    expect(outcomes.get('clockAhead')).toBeGreaterThan(0);
    expect(outcomes.get('clockBehind')).toBeGreaterThan(0);
  });
});

function claimedMs(c: Claim, now: number, latest: number): number {
  if (c.kind === 'absolute') return c.ms;
  if (c.kind === 'fromNow') return Math.max(0, now + c.ms);
  return Math.max(0, latest - c.ms);
}
