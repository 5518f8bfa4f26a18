import { expect } from 'vitest';
import type { LetterContent, RecordEvent } from '@domain/events.ts';
import type { EventId, PersonId, RecordId } from '@domain/ids.ts';
import { letterHash } from '@domain/letters.ts';
import type { LogEntry } from '@domain/record-log.ts';
import type { SyncResponse } from '@protocol/messages.ts';
import type { TestKey } from '../unit/doc/signing-keys.ts';
import type { TestServer } from './server-harness.ts';
import { sync } from './server-sync-client.ts';
import { signedFile, stamped, type Session } from './signed-client.ts';

/**
 * Helpers of the running-register tests (decision 0008): a signed file whose
 * letter a clerk drafts and a tehsildar approves and dispatches, and the log
 * entries each person's device receives.
 */

export interface Signer {
  readonly person: PersonId;
  readonly session: Session;
  readonly key: TestKey;
}

/** A short bilingual letter, as the letter tests draft it. */
export const CONTENT: LetterContent = {
  to: 'उप जिलाधिकारी, विकासनगर',
  subject: 'खाता 112 का दाखिल-खारिज',
  reference: null,
  hindi: 'महोदय, आख्या संलग्न है।',
  english: 'Sir, the report is enclosed.',
};

export async function push(
  server: TestServer,
  s: Session,
  recordId: RecordId,
  update: Uint8Array,
): Promise<SyncResponse> {
  return (await sync(server.url, s.token, s.deviceId, 0, [{ ref: 1, recordId, update }])).response;
}

/**
 * A file with an approved letter held by `officer`, and the dispatch event (signed,
 * not pushed) with its update. `before` are events the clerk adds before sending it
 * (a grade change, say).
 */
export async function approvedLetter(
  server: TestServer,
  clerk: Signer,
  officer: Signer,
  opts: {
    readonly office?: { readonly id: string; readonly code: string };
    readonly before?: (clerk: PersonId, device: string) => RecordEvent[];
    readonly date?: string;
    readonly number?: string;
  } = {},
) {
  const file = signedFile(clerk.key, clerk.session.deviceId, opts.office);
  const sign = (k: TestKey, e: RecordEvent) => k.signEvent(file.meta, file.events, e);
  const add = async (who: Signer, e: RecordEvent) => {
    const signed = sign(who.key, e);
    const r = await push(server, who.session, file.meta.id, file.append(signed));
    expect(r.refusals).toEqual([]);
    return signed;
  };
  expect((await push(server, clerk.session, file.meta.id, file.update)).acks).toEqual([1]);
  for (const e of opts.before?.(clerk.person, clerk.session.deviceId) ?? []) await add(clerk, e);
  const draft = await add(
    clerk,
    stamped(clerk.person, clerk.session.deviceId, {
      type: 'letterDrafted',
      template: 'report',
      ...CONTENT,
    }),
  );
  const sent = await add(
    clerk,
    stamped(clerk.person, clerk.session.deviceId, {
      type: 'sent',
      basis: null,
      to: officer.person,
      remarks: '',
      dueDate: null,
      priority: 'normal',
    }),
  );
  const at = officer.session.deviceId;
  await add(officer, stamped(officer.person, at, { type: 'opened', basis: sent.id }));
  await add(
    officer,
    stamped(officer.person, at, {
      type: 'letterApproved',
      draft: draft.id,
      version: draft.id,
      textHash: letterHash(file.meta.id, draft.id, CONTENT),
    }),
  );
  const dispatch = sign(
    officer.key,
    stamped(officer.person, at, {
      type: 'letterDispatched',
      draft: draft.id as EventId,
      mode: 'post',
      date: opts.date ?? '2026-04-01',
      number: opts.number ?? 'VKN/DSP/2026/3-5(I)',
    }),
  );
  return { file, dispatch, update: file.attempt(dispatch), sign, draft: draft.id };
}

/** Every log entry `s`'s device receives pulling from cursor 0, by event id. */
export async function pulledEntries(
  server: TestServer,
  s: Session,
): Promise<Map<string, LogEntry>> {
  const out = new Map<string, LogEntry>();
  let cursor = 0;
  for (;;) {
    const { response } = await sync(server.url, s.token, s.deviceId, cursor);
    for (const u of response.updates) for (const e of u.entries ?? []) out.set(e.eventId, e);
    cursor = response.cursor;
    if (!response.more) return out;
  }
}

/** The entry of `eventId` among the acknowledged updates' entries of a response. */
export function loggedEntry(r: SyncResponse, eventId: string): LogEntry | undefined {
  return r.logged?.flatMap((l) => l.entries).find((e) => e.eventId === eventId);
}
