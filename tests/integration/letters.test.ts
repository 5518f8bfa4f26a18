import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEvent } from '@domain/events.ts';
import type { EventId, RecordId } from '@domain/ids.ts';
import { letterHash } from '@domain/letters.ts';
import { testKey } from '../unit/doc/signing-keys.ts';
import { CONTENT } from './register-client.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { pullAll, stateOf, sync } from './server-sync-client.ts';
import {
  CLERK,
  signedFile,
  signInWith,
  stamped,
  TABLET,
  TEHSILDAR,
  type Session,
} from './signed-client.ts';
import { asPersonId } from '@domain/ids.ts';

/**
 * Draft letters against a real server (issue 16): a signed draft, revision,
 * approval and dispatch are stored; an edit or a second approval of an
 * approved draft (`letterFrozen`), an approval by a role that may not approve
 * (`approverForbidden`), an approval naming another text (`letterHashMismatch`),
 * a dispatch before approval (`letterNotApproved`) and a forged approval
 * (`signatureInvalid`, `keyUnknown`) are refused, and the stored record does
 * not change by one byte.
 */

const NAIB = asPersonId('naib.vikasnagar');

describe('draft letters on the server', () => {
  let server: TestServer;
  let clerk: Session;
  let tehsildar: Session;
  let naib: Session;
  const clerkKey = testKey(CLERK, TABLET);
  const tehsildarKey = testKey(TEHSILDAR, TABLET);
  const naibKey = testKey(NAIB, TABLET);

  const push = async (s: Session, recordId: RecordId, update: Uint8Array) =>
    (await sync(server.url, s.token, s.deviceId, 0, [{ ref: 1, recordId, update }])).response;
  /** The record's bytes as the server hands them out. */
  const stored = async (recordId: RecordId): Promise<Uint8Array[]> =>
    (await pullAll(server.url, clerk.token, clerk.deviceId)).byRecord.get(recordId) ?? [];

  beforeAll(async () => {
    server = await startTestServer({ PATRAVALI_REQUIRE_SIGNATURES: '1' });
    const sessions = await Promise.all(
      [
        ['clerk.vikasnagar', clerkKey],
        ['tehsildar.vikasnagar', tehsildarKey],
        ['naib.vikasnagar', naibKey],
      ].map(async ([user, key]) => {
        const r = await signInWith(server.url, user as string, TABLET, key as typeof clerkKey);
        expect(r.status).toBe(201);
        return { token: r.body.token, deviceId: TABLET, body: r.body };
      }),
    );
    [clerk, tehsildar, naib] = sessions as [Session, Session, Session];
  });
  afterAll(async () => {
    await server.stop();
  });

  /** A file the clerk drafted a letter in and sent to the tehsildar, who opened it. */
  async function fileAtTehsildar() {
    const file = signedFile(clerkKey);
    const sign = (key: typeof clerkKey, e: RecordEvent) => key.signEvent(file.meta, file.events, e);
    const add = async (s: Session, key: typeof clerkKey, e: RecordEvent) => {
      const signed = sign(key, e);
      expect((await push(s, file.meta.id, file.append(signed))).acks).toEqual([1]);
      return signed;
    };
    expect((await push(clerk, file.meta.id, file.update)).acks).toEqual([1]);
    const draft = await add(
      clerk,
      clerkKey,
      stamped(CLERK, TABLET, { type: 'letterDrafted', template: 'report', ...CONTENT }),
    );
    const sent = await add(
      clerk,
      clerkKey,
      stamped(CLERK, TABLET, {
        type: 'sent',
        basis: null,
        to: TEHSILDAR,
        remarks: 'अनुमोदनार्थ',
        dueDate: null,
        priority: 'normal',
      }),
    );
    await add(
      tehsildar,
      tehsildarKey,
      stamped(TEHSILDAR, TABLET, { type: 'opened', basis: sent.id }),
    );
    const hash = letterHash(file.meta.id, draft.id, CONTENT);
    const approval = (by = TEHSILDAR, textHash = hash) =>
      stamped(by, TABLET, { type: 'letterApproved', draft: draft.id, version: draft.id, textHash });
    return { file, draft: draft.id as EventId, hash, sign, add, approval };
  }

  /** Pushes `e` (signed by `key`) and expects it refused for `reason`, nothing stored. */
  async function refused(
    f: Awaited<ReturnType<typeof fileAtTehsildar>>,
    s: Session,
    e: RecordEvent,
    reason: string,
  ) {
    const before = await stored(f.file.meta.id);
    const r = await push(s, f.file.meta.id, f.file.attempt(e));
    expect(r.acks).toEqual([]);
    expect(r.refusals.map((x) => x.reason)).toEqual([reason]);
    expect(await stored(f.file.meta.id)).toEqual(before);
  }

  it('stores a signed draft, its approval and its dispatch; the fold shows them', async () => {
    const f = await fileAtTehsildar();
    await f.add(tehsildar, tehsildarKey, f.approval());
    await f.add(
      tehsildar,
      tehsildarKey,
      stamped(TEHSILDAR, TABLET, {
        type: 'letterDispatched',
        draft: f.draft,
        mode: 'registeredPost',
        date: '2026-04-01',
        number: 'VKN/DSP/2026/3-5(I)',
      }),
    );
    const d = stateOf(await stored(f.file.meta.id))?.drafts[0];
    expect(d?.approval).toMatchObject({ by: TEHSILDAR, version: f.draft, textHash: f.hash });
    expect(d?.dispatch).toMatchObject({ number: 'VKN/DSP/2026/3-5(I)', mode: 'registeredPost' });
  });

  it('refuses an edit of an approved draft, and a second approval (letterFrozen)', async () => {
    const f = await fileAtTehsildar();
    await f.add(tehsildar, tehsildarKey, f.approval());
    const edit = stamped(TEHSILDAR, TABLET, {
      type: 'letterRevised',
      draft: f.draft,
      ...CONTENT,
      hindi: 'महोदय, आख्या बदली गई।',
    });
    await refused(f, tehsildar, f.sign(tehsildarKey, edit), 'letterFrozen');
    await refused(f, tehsildar, f.sign(tehsildarKey, f.approval()), 'letterFrozen');
    expect(stateOf(await stored(f.file.meta.id))?.drafts[0]?.versions).toHaveLength(1);
  });

  it('refuses an approval by a role that may not approve (approverForbidden)', async () => {
    const f = await fileAtTehsildar();
    await refused(f, naib, f.sign(naibKey, f.approval(NAIB)), 'approverForbidden');
    expect(stateOf(await stored(f.file.meta.id))?.drafts[0]?.approval).toBeNull();
  });

  it('refuses an approval naming another text than the version (letterHashMismatch)', async () => {
    const f = await fileAtTehsildar();
    const other = letterHash(f.file.meta.id, f.draft, { ...CONTENT, hindi: 'कुछ और' });
    await refused(
      f,
      tehsildar,
      f.sign(tehsildarKey, f.approval(TEHSILDAR, other)),
      'letterHashMismatch',
    );
  });

  it('refuses a dispatch of a draft not approved (letterNotApproved)', async () => {
    const f = await fileAtTehsildar();
    const dispatch = stamped(TEHSILDAR, TABLET, {
      type: 'letterDispatched',
      draft: f.draft,
      mode: 'hand',
      date: '2026-04-01',
      number: 'VKN/DSP/2026/3-6(I)',
    });
    await refused(f, tehsildar, f.sign(tehsildarKey, dispatch), 'letterNotApproved');
  });

  it('refuses a forged approval: altered after signing, or signed by another key', async () => {
    const f = await fileAtTehsildar();
    const signed = f.sign(tehsildarKey, f.approval());
    const altered = { ...signed, version: f.file.meta.id as string as EventId };
    await refused(f, tehsildar, altered, 'signatureInvalid');
    // The clerk's key signing an approval in the tehsildar's name, pushed from the clerk's session.
    await refused(f, clerk, f.sign(clerkKey, f.approval()), 'keyUnknown');
    expect(stateOf(await stored(f.file.meta.id))?.drafts[0]?.approval).toBeNull();
  });
});
