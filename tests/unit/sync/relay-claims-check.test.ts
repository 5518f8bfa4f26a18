import { describe, expect, it } from 'vitest';
import type { RecordId } from '@domain/ids.ts';
import { recordProofsPath } from '@protocol/api.ts';
import { CLAIMS_EVERY_MS, DIRECT_REST_MS, relayClaimsChecker } from '@sync/relay-claims-check.ts';
import type { ClaimCheck } from '@storage/sync/sync-port.ts';
import { createFakePort } from './fakes.ts';

/**
 * Where the tablet asks for the district's proofs of the records its office relay vouched
 * for (decision 0020, amendment 1): the relay first; when the relay does not pass them on,
 * the district's own address (named at sign-in), which is then left alone for a while if
 * it gives nothing.
 */

const RELAY = 'https://efile.test';
const DISTRICT = 'https://district.test';
const ID = '0b6a2d1e-4c1f-4f3a-9d2e-7a1b2c3d4e5f' as RecordId;
const OTHER = '0b6a2d1e-4c1f-4f3a-9d2e-7a1b2c3d4e60' as RecordId;
const PROOFS = { head: 'signed', items: [] };

type Answer = { status: number; body?: unknown } | 'network';

function rig(
  answers: Record<string, Answer>,
  fallback: string | null = DISTRICT,
  records: readonly RecordId[] = [ID],
) {
  let now = 1_000_000;
  const asked: string[] = [];
  const judged: unknown[] = [];
  const port = createFakePort();
  port.relayClaims = async () => [...records];
  port.judgeRelayClaims = async (_id, answer): Promise<ClaimCheck> => {
    judged.push(answer);
    if (answer === 'out of shape') return { unusable: 'the proofs are out of shape' };
    return answer === 'overdue'
      ? { proven: 0, refuted: 0, open: 1, overdue: 1 }
      : { proven: 1, refuted: 0, open: 0, overdue: 0 };
  };
  port.fallbackBase = async () => fallback;
  const fetchStub = (async (url: string) => {
    asked.push(url);
    const answer = answers[url.startsWith(RELAY) ? 'relay' : 'district'] ?? 'network';
    if (answer === 'network') throw new TypeError('fetch failed');
    return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status });
  }) as typeof fetch;
  const checker = relayClaimsChecker({
    port,
    baseUrl: RELAY,
    fetch: fetchStub,
    getToken: () => 'token',
    now: () => now,
  });
  return {
    asked,
    judged,
    async check(later = CLAIMS_EVERY_MS) {
      now += later;
      await checker.check();
    },
  };
}

const unreachable = { status: 503, body: { error: 'districtUnreachable' } };

describe("the relay's word checked at the district's own address", () => {
  it("asks the district's own address when the relay cannot pass the proofs on, and judges its answer", async () => {
    const r = rig({ relay: unreachable, district: { status: 200, body: PROOFS } });
    await r.check();
    expect(r.asked).toEqual([RELAY + recordProofsPath(ID, true), DISTRICT + recordProofsPath(ID)]);
    expect(r.judged).toEqual([PROOFS]);
  });

  it("asks it too when the relay's proofs do not check, or the relay says it has no such record", async () => {
    const shapeless = rig({
      relay: { status: 200, body: 'out of shape' },
      district: { status: 200, body: PROOFS },
    });
    await shapeless.check();
    expect(shapeless.judged).toEqual(['out of shape', PROOFS]);
    const notHere = rig({
      relay: { status: 404, body: { error: 'notFound' } },
      district: { status: 200, body: PROOFS },
    });
    await notHere.check();
    expect(notHere.judged).toEqual([PROOFS]);
  });

  it("takes only proofs there: the district's 404 to the person refutes nothing", async () => {
    const r = rig({ relay: unreachable, district: { status: 404, body: { error: 'notFound' } } });
    await r.check();
    expect(r.asked).toHaveLength(2);
    expect(r.judged).toEqual([]);
  });

  it('does not ask the district again for a while after it gave nothing', async () => {
    const r = rig({ relay: unreachable, district: 'network' });
    await r.check();
    expect(r.asked).toHaveLength(2);
    await r.check();
    expect(r.asked).toHaveLength(3);
    await r.check(DIRECT_REST_MS);
    expect(r.asked).toHaveLength(5);
  });

  it('asks the district too when the relay sets a limit or refuses the session: a relay hiding work could say either', async () => {
    for (const relay of [
      { status: 429, body: { error: 'tooManyRequests' } },
      { status: 401, body: { error: 'unauthenticated' } },
    ]) {
      const r = rig({ relay, district: { status: 200, body: PROOFS } });
      await r.check();
      expect(r.judged).toEqual([PROOFS]);
    }
    // No district's address known: the relay's answer is all there is.
    const none = rig({ relay: unreachable }, null);
    await none.check();
    expect(none.asked).toHaveLength(1);
  });

  it("asks the district when the relay's proofs leave claims given long ago open (a head replayed)", async () => {
    const r = rig({
      relay: { status: 200, body: 'overdue' },
      district: { status: 200, body: PROOFS },
    });
    await r.check();
    expect(r.judged).toEqual(['overdue', PROOFS]);
  });

  it("goes on to the next record after the district's 404, without resting", async () => {
    const r = rig(
      { relay: unreachable, district: { status: 404, body: { error: 'notFound' } } },
      DISTRICT,
      [ID, OTHER],
    );
    await r.check();
    expect(r.asked).toHaveLength(4);
    await r.check();
    expect(r.asked).toHaveLength(8);
  });

  it("judges the district's own 'no such record' passed on by the relay, without asking further", async () => {
    const r = rig({ relay: { status: 404, body: { error: 'districtNotFound' } } });
    await r.check();
    expect(r.asked).toHaveLength(1);
    expect(r.judged).toEqual(['absent']);
  });
});
