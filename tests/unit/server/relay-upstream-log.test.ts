import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asDeviceId, asOfficeId, asPersonId } from '@domain/ids.ts';
import { memoryLookup, treeRoot, leafHash } from '@doc/merkle.ts';
import { encodeB64url } from '@doc/signature.ts';
import { treeHeadBytes, type SignedTreeHead } from '@doc/tree-head.ts';
import { API } from '@protocol/api.ts';
import { decodeFrame, encodeFrame } from '@protocol/codec.ts';
import { openDistrictLog, type DistrictLog } from '../../../sync-server/relay/district-log.ts';
import { runUpstream, type UpstreamDeps } from '../../../sync-server/relay/upstream.ts';
import { emptySyncResponse } from '../../fixtures/sync-response.ts';

/**
 * The upstream link and the district's log (decision 0010, amendment 2), with the
 * district a fetch that records what it was asked. A sign-in that fails (the WAN
 * down) does not stop the relay asking for the district's key at the next runs,
 * and says once that none is kept. While an alarm stands a run sends one sync
 * request pushing nothing, and asks nothing else (directory, keys, registrations,
 * sessions): nothing of its tablets' is read (the store is not even given); the
 * first answer that checks ends the alarm.
 */

const secret = new Uint8Array(32).fill(5);
const otherSecret = new Uint8Array(32).fill(6);
const KEY = encodeB64url(ed25519.getPublicKey(secret));
const OTHER_KEY = encodeB64url(ed25519.getPublicKey(otherSecret));

function headOf(size: number, by: Uint8Array): SignedTreeHead {
  const log = Array.from({ length: size }, (_, i) => leafHash(new Uint8Array([i])));
  const unsigned = { size, root: treeRoot(memoryLookup(log), size), time: 1000 + size };
  return { ...unsigned, sig: ed25519.sign(treeHeadBytes(unsigned), by) };
}

interface District {
  /** The paths asked, in order. */
  readonly asked: string[];
  /** How many updates each sync request pushed. */
  readonly pushed: number[];
  /** Whether it can be reached. */
  up: boolean;
  /** Who signs the heads of its sync answers. */
  signer: Uint8Array;
  readonly fetch: typeof fetch;
}

function district(): District {
  const d: District = {
    asked: [],
    pushed: [],
    up: true,
    signer: secret,
    fetch: async (input, init) => {
      const path = new URL(String(input)).pathname;
      d.asked.push(path);
      if (!d.up) throw new Error('connect ECONNREFUSED');
      if (path === API.session)
        return Response.json({ token: 'relay-session', logKey: KEY }, { status: 201 });
      if (path !== API.sync) throw new Error(`not served here: ${path}`);
      const request = decodeFrame(new Uint8Array(init?.body as ArrayBuffer));
      if (!request.ok || request.value.type !== 'syncRequest') throw new Error('not a request');
      d.pushed.push(request.value.updates.length);
      const frame = encodeFrame(
        emptySyncResponse({ treeHead: headOf(3, d.signer), consistency: [] }),
      );
      return new Response(frame, { headers: { 'content-type': 'application/octet-stream' } });
    },
  };
  return d;
}

describe("the upstream link and the district's log", () => {
  let dir = '';
  let lines: string[] = [];
  let log: DistrictLog;
  let up: District;

  /** Deps with no store, hub or directory: a run that reaches for them fails. */
  const depsWith = (token: string, keyAsked?: boolean) =>
    ({
      url: 'http://district.test',
      fetch: up.fetch,
      ctx: {},
      dataDir: dir,
      office: asOfficeId('VKN'),
      relay: asPersonId('relay.vkn'),
      key: 'the relay key',
      now: () => 50,
      log: (line: string) => lines.push(line),
      state: {
        deviceId: asDeviceId('00000000-0000-4000-8000-000000000001'),
        token,
        directory: null,
        cursor: 7,
        generation: 1,
        pushed: 4,
        revokedUpTo: 0,
      },
      districtLog: log,
      ...(keyAsked === undefined ? {} : { keyAsked }),
    }) as unknown as UpstreamDeps;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'patravali-upstream-log-'));
    lines = [];
    log = openDistrictLog(dir, (line) => lines.push(line));
    up = district();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('asks for the key again after a sign-in that failed, saying once that none is kept', async () => {
    // An upgraded relay: a session from before the check, no key kept, the WAN down.
    const deps = depsWith('old-session', false);
    up.up = false;
    expect(await runUpstream(deps)).toEqual({ offline: 'connect ECONNREFUSED' });
    expect(await runUpstream(deps)).toEqual({ offline: 'connect ECONNREFUSED' });
    expect(up.asked).toEqual([API.session, API.session]);
    expect(log.report()).toEqual({ alarm: 'noKey', since: 50 });
    expect(lines.filter((l) => l.includes('no log key of the district is kept'))).toHaveLength(1);
    // The WAN back: the next run signs in and keeps the key.
    up.up = true;
    await runUpstream(deps);
    expect(up.asked[2]).toBe(API.session);
    expect(log.keptKey()).toBe(KEY);
    expect(log.report()).toBeNull();
    expect(deps.keyAsked).toBe(true);
  });

  it('while an alarm stands, only asks whether the district checks again, pushing nothing', async () => {
    await log.takeKey(KEY, 1);
    await log.takeKey(OTHER_KEY, 2);
    expect(log.trouble()?.alarm).toBe('keyChanged');
    up.signer = otherSecret;
    const deps = depsWith('relay-session', true);
    expect(await runUpstream(deps)).toBe('logAlarm');
    expect(await runUpstream(deps)).toBe('logAlarm');
    expect(up.asked).toEqual([API.sync, API.sync]);
    expect(up.pushed).toEqual([0, 0]);
    expect(log.trouble()?.alarm).toBe('keyChanged');
    // The district's own key back: the answer checks and ends the alarm; nothing else asked.
    up.signer = secret;
    expect(await runUpstream(deps)).toBe('done');
    expect(up.asked).toEqual([API.sync, API.sync, API.sync]);
    expect(log.trouble()).toBeNull();
    expect(log.logSize()).toBe(3);
    expect(deps.state).toMatchObject({ cursor: 7, pushed: 4 });
  });
});
