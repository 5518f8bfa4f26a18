import { describe, expect, it } from 'vitest';
import { ownAddress, type SyncAt } from '@sync/own-address.ts';
import type { SyncOutcome } from '@sync/sync-run.ts';
import { createFakePort, type FakePort } from './fakes.ts';

/**
 * Where a sync goes (own-address.ts, decisions 0015 and 0017): this tablet's own address
 * first; the district's own address after two misses in a row, or at once when the own
 * address is answered by another office's relay, which the district vouched for.
 */

const HOME = 'https://efile.test';
const DISTRICT = 'https://district.test';

const SYNCED: SyncOutcome = { kind: 'synced', pages: 1, wireBytes: 10 };
const OTHER_OFFICE: SyncOutcome = {
  kind: 'failed',
  error: 'otherOfficeRelay',
  detail: "the relay answering is another office's",
};
const NETWORK: SyncOutcome = { kind: 'failed', error: 'network', detail: 'fetch failed' };

/** A port with the district's address kept, counting misses as the tablet does. */
function portWithFallback(fallback: string | null = DISTRICT): FakePort & { misses: number } {
  const port = Object.assign(createFakePort(), { misses: 0 });
  port.fallbackBase = async () => fallback;
  port.ownAddressMissed = async (missed) => (port.misses = missed ? port.misses + 1 : 0);
  return port;
}

/** A sync that answers `at` each address (answering first, as a server that replied does). */
function syncs(at: Record<string, SyncOutcome>): SyncAt & { asked: string[] } {
  const asked: string[] = [];
  const sync: SyncAt = async (baseUrl, onResponse) => {
    asked.push(baseUrl);
    const outcome = at[baseUrl] ?? NETWORK;
    if (!(outcome.kind === 'failed' && outcome.error === 'network')) onResponse();
    return outcome;
  };
  return Object.assign(sync, { asked });
}

function address(port: FakePort) {
  return ownAddress({ port, baseUrl: HOME, now: () => 1_000 }, () => undefined);
}

describe("another office's relay at this tablet's address (decision 0017)", () => {
  it("syncs at the district's own address at once, says so, and counts no miss", async () => {
    const port = portWithFallback();
    port.misses = 1;
    const sync = syncs({ [HOME]: OTHER_OFFICE, [DISTRICT]: SYNCED });
    let homes = 0;
    const outcome = await address(port).run(sync, new AbortController().signal, () => homes++);
    expect(outcome).toEqual({ ...SYNCED, viaDistrict: 'otherOfficeRelay' });
    expect(sync.asked).toEqual([HOME, DISTRICT]);
    // The relay answered: no miss, and the count so far is cleared.
    expect(port.misses).toBe(0);
    // Not home: the push channel stays where it is.
    expect(homes).toBe(0);
  });

  it('tries its own address first on every run, and is back home as soon as its own relay answers', async () => {
    const port = portWithFallback();
    const at: Record<string, SyncOutcome> = { [HOME]: OTHER_OFFICE, [DISTRICT]: SYNCED };
    const sync = syncs(at);
    const own = address(port);
    const signal = new AbortController().signal;
    expect(await own.run(sync, signal, () => undefined)).toMatchObject({
      viaDistrict: 'otherOfficeRelay',
    });
    expect(await own.run(sync, signal, () => undefined)).toMatchObject({
      viaDistrict: 'otherOfficeRelay',
    });
    expect(sync.asked).toEqual([HOME, DISTRICT, HOME, DISTRICT]);
    // Back at the person's own office: its relay answers the same address.
    at[HOME] = SYNCED;
    sync.asked.length = 0;
    let homes = 0;
    expect(await own.run(sync, signal, () => homes++)).toEqual(SYNCED);
    expect(sync.asked).toEqual([HOME]);
    expect(homes).toBe(1);
  });

  it('keeps the refusal when it knows no fallback, or the fallback is its own address', async () => {
    for (const fallback of [null, HOME]) {
      const sync = syncs({ [HOME]: OTHER_OFFICE, [DISTRICT]: SYNCED });
      const outcome = await address(portWithFallback(fallback)).run(
        sync,
        new AbortController().signal,
        () => undefined,
      );
      expect(outcome).toEqual(OTHER_OFFICE);
      expect(sync.asked).toEqual([HOME]);
    }
  });

  it("keeps the refusal when the district's address does not answer either, and the district's own answer when it does", async () => {
    const port = portWithFallback();
    const signal = new AbortController().signal;
    const unreachable = syncs({ [HOME]: OTHER_OFFICE });
    expect(await address(port).run(unreachable, signal, () => undefined)).toEqual(OTHER_OFFICE);
    expect(unreachable.asked).toEqual([HOME, DISTRICT]);
    // The relay answered: still no miss, though neither synced.
    expect(port.misses).toBe(0);
    const signedOut: SyncOutcome = { kind: 'signedOut', detail: 'unknown token' };
    const refusing = syncs({ [HOME]: OTHER_OFFICE, [DISTRICT]: signedOut });
    expect(await address(port).run(refusing, signal, () => undefined)).toEqual(signedOut);
  });

  it("takes the relay's 401 `otherOffice` as another office's relay, and asks it without the outbox from then on", async () => {
    const port = Object.assign(portWithFallback(), { away: null as number | null });
    port.otherOfficeRelay = async () => port.away;
    port.keepOtherOfficeRelay = async (at) => void (port.away = at);
    const refused: SyncOutcome = { kind: 'signedOut', detail: 'elsewhere', otherOffice: true };
    const at: Record<string, SyncOutcome> = { [HOME]: refused, [DISTRICT]: SYNCED };
    const probes: boolean[] = [];
    const sync: SyncAt = async (baseUrl, onResponse, probe) => {
      if (baseUrl === HOME) probes.push(probe === true);
      const outcome = at[baseUrl] ?? NETWORK;
      // A 401 is no exchange answered (sync-run calls onResponse for answers only).
      if (outcome.kind === 'synced') onResponse();
      return outcome;
    };
    port.misses = 1;
    const own = address(port);
    const signal = new AbortController().signal;
    expect(await own.run(sync, signal, () => undefined)).toEqual({
      ...SYNCED,
      viaDistrict: 'otherOfficeRelay',
    });
    expect(port.misses).toBe(0);
    expect(port.away).toBe(1_000);
    expect(await own.run(sync, signal, () => undefined)).toMatchObject({
      viaDistrict: 'otherOfficeRelay',
    });
    // Home again: asked without the outbox, answered, forgotten.
    at[HOME] = SYNCED;
    expect(await own.run(sync, signal, () => undefined)).toEqual(SYNCED);
    expect(probes).toEqual([false, true, true]);
    expect(port.away).toBeNull();
    // With no district's address kept, the refusal stays a refusal: no sign-out.
    at[HOME] = refused;
    port.fallbackBase = async () => null;
    expect(await own.run(sync, signal, () => undefined)).toEqual({
      kind: 'failed',
      error: 'otherOfficeRelay',
      detail: 'elsewhere',
    });
  });

  it("reads a 401 `otherOffice` from the district's address as any 401", async () => {
    const refused: SyncOutcome = { kind: 'signedOut', detail: 'elsewhere', otherOffice: true };
    const sync = syncs({ [HOME]: OTHER_OFFICE, [DISTRICT]: refused });
    const outcome = await address(portWithFallback()).run(
      sync,
      new AbortController().signal,
      () => undefined,
    );
    expect(outcome.kind).toBe('signedOut');
  });

  it('does not go on to the fallback once the sync was aborted', async () => {
    const controller = new AbortController();
    const port = portWithFallback();
    const asked: string[] = [];
    const sync: SyncAt = async (baseUrl, onResponse) => {
      asked.push(baseUrl);
      onResponse();
      controller.abort();
      return OTHER_OFFICE;
    };
    expect(await address(port).run(sync, controller.signal, () => undefined)).toEqual(OTHER_OFFICE);
    expect(asked).toEqual([HOME]);
  });
});

describe("this tablet's own address not answering at all (Chrome's Local Network Access)", () => {
  const signal = () => new AbortController().signal;

  it('says so on a network failure there, with no fallback, below the misses, and when the district fails too', async () => {
    const missed = { ...NETWORK, homeUnreachable: true };
    expect(await address(portWithFallback(null)).run(syncs({}), signal(), () => undefined)).toEqual(
      missed,
    );
    const port = portWithFallback();
    const own = address(port);
    // The first miss: not yet the district.
    expect(await own.run(syncs({}), signal(), () => undefined)).toEqual(missed);
    // The second: the district does not answer either (the WAN down).
    const sync = syncs({});
    expect(await own.run(sync, signal(), () => undefined)).toEqual(missed);
    expect(sync.asked).toEqual([HOME, DISTRICT]);
  });

  it("does not when the district's address answered, when home answered, or on an abort", async () => {
    const port = portWithFallback();
    port.misses = 1;
    expect(
      await address(port).run(syncs({ [DISTRICT]: SYNCED }), signal(), () => undefined),
    ).toEqual(SYNCED);
    const refused: SyncOutcome = { kind: 'failed', error: 'busy', detail: '503' };
    port.misses = 1;
    expect(
      await address(port).run(syncs({ [DISTRICT]: refused }), signal(), () => undefined),
    ).toEqual(refused);
    // A page answered at home before the link dropped: its address works.
    const answeredThenLost: SyncAt = async (_baseUrl, onResponse) => {
      onResponse();
      return NETWORK;
    };
    expect(
      await address(portWithFallback(null)).run(answeredThenLost, signal(), () => undefined),
    ).toEqual(NETWORK);
    const controller = new AbortController();
    controller.abort();
    expect(
      await address(portWithFallback(null)).run(syncs({}), controller.signal, () => undefined),
    ).toEqual(NETWORK);
  });

  it('does not when the sync was aborted while it asked the district (paused, the link lost)', async () => {
    const port = portWithFallback();
    port.misses = 1;
    const controller = new AbortController();
    const sync: SyncAt = async (baseUrl) => {
      if (baseUrl === DISTRICT) controller.abort();
      return NETWORK;
    };
    expect(await address(port).run(sync, controller.signal, () => undefined)).toEqual(NETWORK);
  });
});
