import { describe, expect, it } from 'vitest';
import type { Directory } from '@domain/directory.ts';
import { asDeviceId, asOfficeId, type PersonId } from '@domain/ids.ts';
import { decodeFrame } from '@protocol/codec.ts';
import { PushHub } from '../../../sync-server/sync/push-hub.ts';
import { DEMO_DIRECTORY } from '../../../sync-server/directory/demo-directory.ts';
import { liveDirectory } from '../../../sync-server/directory/live-directory.ts';
import {
  directoryAtStart,
  refreshDirectory,
  relayDirectoryOf,
  type DirectoryDeps,
} from '../../../sync-server/relay/relay-directory.ts';
import type { ServerStorage } from '../../../sync-server/storage/types.ts';
import { SESSION_ENDED } from '../../../sync-server/relay/upstream-calls.ts';

/**
 * The relay takes the district's directory at each upstream run
 * (sync-server/relay/relay-directory.ts); one that is not a directory, or lacks
 * the relay's office, leaves everything as it was and is logged once.
 */

const VKN = asOfficeId('vikasnagar');
const DROPPED = 'kanungo.vikasnagar' as PersonId;

/** The district's answers, in turn; what the relay asked with. */
function world(answers: readonly (() => Response)[]) {
  const asked: (string | null)[] = [];
  const saved: Directory[] = [];
  const revoked: PersonId[] = [];
  const kept: Directory[] = [];
  const pullAgain: boolean[] = [];
  const log: string[] = [];
  let n = 0;
  const storage = {
    saveDirectory: async (d: Directory) => void saved.push(d),
    revokePersonSessions: async (p: PersonId) => (revoked.push(p), 1),
  } as unknown as ServerStorage;
  const hub = new PushHub();
  const deps: DirectoryDeps = {
    url: 'https://district.test',
    fetch: (async (_url: string, init?: RequestInit) => {
      asked.push(new Headers(init?.headers).get('if-none-match'));
      const answer = answers[Math.min(n++, answers.length - 1)];
      if (answer === undefined) throw new Error('no answer');
      return answer();
    }) as typeof fetch,
    ctx: { storage, hub },
    office: VKN,
    directory: liveDirectory(DEMO_DIRECTORY),
    now: () => 1000,
    log: (line) => log.push(line),
    directoryTag: '',
    directoryRefused: null,
  };
  const run = () =>
    refreshDirectory(deps, 'token', async (d, again) => {
      kept.push(d);
      pullAgain.push(again);
    });
  /** A push socket of `person`'s open at the relay: how it was closed, in `closed`. */
  const closed: string[] = [];
  /** What each socket was sent, as `${person} ${frame}`. */
  const sent: string[] = [];
  const socket = (person: string) =>
    hub.add({
      deviceId: asDeviceId(`device-${person}`),
      person: person as PersonId,
      tokenHash: person,
      scope: { kind: 'office', office: VKN, person: person as PersonId },
      send: (bytes) => {
        const frame = decodeFrame(bytes);
        if (frame.ok) sent.push(`${person} ${JSON.stringify(frame.value)}`);
      },
      close: (code) => void closed.push(`${person} ${code}`),
      ping: () => undefined,
      terminate: () => undefined,
    });
  return { deps, run, asked, saved, revoked, kept, pullAgain, log, hub, socket, closed, sent };
}

const json = (body: unknown, tag: string) => () =>
  new Response(JSON.stringify(body), { status: 200, headers: { etag: tag } });

const withoutVkn: Directory = {
  ...DEMO_DIRECTORY,
  version: 9,
  offices: DEMO_DIRECTORY.offices
    .filter((o) => o.id !== VKN)
    .map(({ recipientGroups: _g, ...o }) => o),
  people: DEMO_DIRECTORY.people.filter((p) => p.office !== VKN),
};

describe('relayDirectoryOf', () => {
  it("takes a directory with the relay's office, by id or code", () => {
    expect(relayDirectoryOf(DEMO_DIRECTORY, 'vikasnagar')).toMatchObject({ office: { id: VKN } });
    expect(relayDirectoryOf(DEMO_DIRECTORY, 'VKN')).toMatchObject({ office: { id: VKN } });
  });
  it('refuses one without it, and what is not a directory', () => {
    expect(relayDirectoryOf(withoutVkn, 'vikasnagar')).toEqual({
      refused: `it has no office "vikasnagar", the relay's own`,
    });
    expect(relayDirectoryOf({ people: 'all' }, 'vikasnagar')).toMatchObject({
      refused: expect.stringMatching(/^it is not a directory \(/) as unknown,
    });
    expect(relayDirectoryOf(null, 'vikasnagar')).toMatchObject({ refused: /not a directory/ });
  });
});

describe('refreshDirectory', () => {
  it('takes a changed directory: kept first, stored, live; the dropped lose their sessions', async () => {
    const next: Directory = {
      ...DEMO_DIRECTORY,
      version: 2,
      offices: DEMO_DIRECTORY.offices.map(({ recipientGroups: _g, ...o }) => o),
      people: DEMO_DIRECTORY.people.filter((p) => p.id !== DROPPED),
    };
    const w = world([json(next, '"v2"'), () => new Response(null, { status: 304 })]);
    expect(await w.run()).toBeNull();
    expect(w.kept).toEqual([next]);
    expect(w.saved).toEqual([next]);
    expect(w.deps.directory.get()).toEqual(next);
    expect(w.revoked).toEqual([DROPPED]);
    expect(w.log).toEqual([
      `relay: took the district's directory (version 1 -> 2): added nobody; transferred nobody; removed ${DROPPED}`,
    ]);
    // Unchanged since: asked with its tag, answered 304, nothing more done.
    expect(await w.run()).toBeNull();
    expect(w.asked).toEqual([null, '"v2"']);
    expect(w.kept).toHaveLength(1);
  });

  it('keeps the directory it has when the district sends one without its office, logged once', async () => {
    const w = world([json(withoutVkn, '"bad"')]);
    expect(await w.run()).toBeNull();
    expect(await w.run()).toBeNull();
    expect(w.deps.directory.get()).toBe(DEMO_DIRECTORY);
    expect([w.kept, w.saved, w.revoked]).toEqual([[], [], []]);
    expect(w.log).toEqual([
      `relay: the district's directory is not taken: it has no office "vikasnagar", the relay's own; the relay keeps the one it has`,
    ]);
    // Asked again with the refused one's tag: a district that changes it is heard.
    expect(w.asked).toEqual([null, '"bad"']);
  });

  it('keeps it when the answer is not a directory, or not 200; says when the session ended', async () => {
    const w = world([
      () => new Response('<html>proxy</html>', { status: 200, headers: { etag: '"page"' } }),
      () => new Response('{}', { status: 500 }),
      () => new Response('{}', { status: 401 }),
    ]);
    expect(await w.run()).toBeNull();
    expect(await w.run()).toBeNull();
    expect(await w.run()).toBe(SESSION_ENDED);
    expect(w.deps.directory.get()).toBe(DEMO_DIRECTORY);
    expect(w.kept).toEqual([]);
    expect(w.log).toHaveLength(2);
    expect(w.log[1]).toMatch(/not taken: the district answered HTTP 500/);
    // What was not JSON is asked for whole again.
    expect(w.asked).toEqual([null, null, null]);
  });

  it('keeps its directory when the district answers an older version, logged once', async () => {
    // A district of several instances restarted one at a time: v2, then v1 from one not yet restarted.
    const v2: Directory = { ...DEMO_DIRECTORY, version: 2 };
    const v3: Directory = { ...DEMO_DIRECTORY, version: 3, people: DEMO_DIRECTORY.people.slice(1) };
    const w = world([
      json(v2, '"v2"'),
      json(DEMO_DIRECTORY, '"v1"'),
      json(DEMO_DIRECTORY, '"v1"'),
      json(v3, '"v3"'),
    ]);
    for (let i = 0; i < 3; i++) expect(await w.run()).toBeNull();
    expect(w.deps.directory.get()).toEqual(v2);
    expect(w.kept).toEqual([v2]);
    expect(w.saved).toEqual([v2]);
    expect(w.revoked).toEqual([]);
    expect(w.log.slice(1)).toEqual([
      `relay: the district's directory is not taken: its version 1 is older than the relay's 2; the relay keeps the one it has`,
    ]);
    // A newer one is taken again.
    expect(await w.run()).toBeNull();
    expect(w.deps.directory.get()).toEqual(v3);
  });

  it('pulls again from the start, in the same write, when someone joins the office', async () => {
    const moved = (id: string, office: string, version: number): Directory => ({
      ...DEMO_DIRECTORY,
      version,
      people: DEMO_DIRECTORY.people.map((p) =>
        p.id === id ? { ...p, office: asOfficeId(office) } : p,
      ),
    });
    const into = moved('clerk.chakrata', 'vikasnagar', 2);
    const held = moved('clerk.chakrata', 'vikasnagar', 3);
    const w = world([json(into, '"v2"'), json(moved('clerk.tyuni', 'chakrata', 3), '"v3"')]);
    expect(await w.run()).toBeNull();
    expect(w.pullAgain).toEqual([true]);
    expect(w.log).toEqual([
      `relay: took the district's directory (version 1 -> 2): added nobody; ` +
        `transferred clerk.chakrata (chakrata -> vikasnagar); removed nobody; ` +
        `pulls the office's files again from the start for who joined it`,
    ]);
    // Out of the office, and between others: the relay's pull position stays.
    w.deps.directory.set(held);
    expect(await w.run()).toBeNull();
    expect(w.pullAgain).toEqual([true, false]);
    expect(w.log[1]).toMatch(
      /transferred clerk\.chakrata \(vikasnagar -> chakrata\), clerk\.tyuni \(tyuni -> chakrata\); removed nobody$/,
    );
  });

  it("closes the push sockets of those moved, given another role, or removed; not the others'", async () => {
    const next: Directory = {
      ...DEMO_DIRECTORY,
      version: 2,
      offices: DEMO_DIRECTORY.offices.map(({ recipientGroups: _g, ...o }) => o),
      people: DEMO_DIRECTORY.people
        .filter((p) => p.id !== DROPPED)
        .map((p) =>
          p.id === 'clerk.vikasnagar'
            ? { ...p, office: asOfficeId('chakrata') }
            : p.id === 'naib.vikasnagar'
              ? { ...p, role: 'tehsildar' as const }
              : p,
        ),
    };
    const w = world([json(next, '"v2"')]);
    for (const p of ['clerk.vikasnagar', 'naib.vikasnagar', DROPPED, 'tehsildar.vikasnagar'])
      w.socket(p);
    expect(await w.run()).toBeNull();
    expect(w.log).toEqual([expect.stringMatching(/^relay: took/)]);
    // The tablet opens another (1001), or learns its session ended (4401).
    expect(w.closed.sort()).toEqual([
      'clerk.vikasnagar 1001',
      `${DROPPED} 4401`,
      'naib.vikasnagar 1001',
    ]);
    expect(w.hub.size).toBe(1);
    // The others are told at once, so they ask for it now, not at their next check.
    expect(w.sent).toEqual([`tehsildar.vikasnagar {"type":"directory","version":2}`]);
  });

  it('tells no one of a directory unchanged, or not taken', async () => {
    const w = world([json(DEMO_DIRECTORY, '"v1"'), json(withoutVkn, '"v9"')]);
    w.socket('tehsildar.vikasnagar');
    expect(await w.run()).toBeNull();
    expect(await w.run()).toBeNull();
    expect(w.sent).toEqual([]);
  });

  it('an unchanged directory is neither kept nor stored again', async () => {
    const w = world([json(DEMO_DIRECTORY, '"v1"')]);
    expect(await w.run()).toBeNull();
    expect([w.kept, w.saved, w.log]).toEqual([[], [], []]);
    expect(w.deps.directoryTag).toBe('"v1"');
  });

  it('the district unreachable: says why, changes nothing', async () => {
    const w = world([
      () => {
        throw new TypeError('fetch failed');
      },
    ]);
    expect(await w.run()).toBe('fetch failed');
    expect(w.deps.directory.get()).toBe(DEMO_DIRECTORY);
  });
});

describe("the directory the district sends at the relay's start", () => {
  const withVersion = (version: number, people = DEMO_DIRECTORY.people): Directory => ({
    ...DEMO_DIRECTORY,
    version,
    people,
  });
  const moved = DEMO_DIRECTORY.people.map((p) =>
    p.id === 'clerk.chakrata' ? { ...p, office: VKN } : p,
  );

  it('is taken as a run takes it: an older one refused, a join pulls the office again', () => {
    const kept = withVersion(3);
    // Older than the kept one (a district instance not yet updated): refused, kept stays.
    expect(directoryAtStart(withVersion(1), 'VKN', kept)).toEqual({
      refused: "its version 1 is older than the relay's 3",
    });
    // Someone transferred into the office while the relay was off: taken, pulled again.
    expect(directoryAtStart(withVersion(4, moved), 'VKN', kept)).toEqual({
      directory: withVersion(4, moved),
      pullAgain: true,
    });
    // Nobody joined (the same people, or one moved out): taken, not pulled again.
    expect(directoryAtStart(withVersion(4), 'VKN', kept)).toEqual({
      directory: withVersion(4),
      pullAgain: false,
    });
    expect(directoryAtStart(withVersion(5), 'VKN', withVersion(4, moved))).toMatchObject({
      pullAgain: false,
    });
    // The first start: whatever is a directory with the office; nothing to pull again.
    expect(directoryAtStart(withVersion(1), 'VKN', null)).toMatchObject({ pullAgain: false });
    expect(directoryAtStart({ nope: true }, 'VKN', kept)).toHaveProperty('refused');
  });
});
