import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { attestEvent, attestMeta, verifyAttest } from '@doc/attest.ts';
import { validateUpdate } from '@doc/validate-update.ts';
import type { UpdateContext } from '@doc/validate-update.ts';
import type { Role } from '@domain/directory.ts';
import { asPersonId } from '@domain/ids.ts';
import type { PersonId } from '@domain/ids.ts';
import { CLERK, NAIB, T0, TEHSILDAR, ev, meta, note, rid, send } from '../domain/builders.ts';
import { appendTo, createdState } from './helpers.ts';

/**
 * Shared tablets: changes by one person pushed under another's session are
 * accepted only when their author's attestation checks out, and each event is
 * held to its author's role.
 */

const SDM = asPersonId('sdm.vikasnagar');
const KEYS = new Map<PersonId, Uint8Array>([
  [CLERK, Uint8Array.from({ length: 32 }, (_, i) => i + 1)],
  [NAIB, Uint8Array.from({ length: 32 }, (_, i) => i + 100)],
  [SDM, Uint8Array.from({ length: 32 }, (_, i) => i + 200)],
]);
const ROLES = new Map<PersonId, Role>([
  [CLERK, 'deskAssistant'],
  [NAIB, 'naibTehsildar'],
  [TEHSILDAR, 'tehsildar'],
  [SDM, 'sdm'],
]);
const keyOf = (who: PersonId): Uint8Array => {
  const key = KEYS.get(who);
  if (key === undefined) throw new Error(`no test key for ${who}`);
  return key;
};

/** The server's way: verify with the author's key for this device. */
function withAttests(actor: PersonId): UpdateContext {
  return {
    actor,
    role: ROLES.get(actor) ?? 'deskAssistant',
    authorOk: (who, item) => {
      const key = KEYS.get(who);
      return key !== undefined && verifyAttest(item, key);
    },
    roleOf: (who) => ROLES.get(who),
  };
}
const bare = (actor: PersonId): UpdateContext => ({ actor, role: ROLES.get(actor) ?? 'sdm' });

const reason = (r: ReturnType<typeof validateUpdate>): string =>
  r.ok ? 'accepted' : r.error.reason;

/** The clerk's file, made offline: attested meta, noting 1, sent to the tehsildar. */
const clerkFile = createdState(attestMeta(meta(), keyOf(CLERK)), [
  attestEvent(note(1, CLERK, T0 + 1), keyOf(CLERK)),
  attestEvent(send(2, CLERK, T0 + 2, TEHSILDAR, null), keyOf(CLERK)),
]);

describe('author attestations', () => {
  it("accepts the clerk's new file pushed in the tehsildar's session, with the tehsildar's noting", () => {
    const both = Y.mergeUpdates([clerkFile, appendTo(clerkFile, [note(3, TEHSILDAR, T0 + 3)])]);
    const r = validateUpdate(null, both, { ...withAttests(TEHSILDAR), recordId: rid(9000) });
    expect(r.ok && r.value.created).toBe(true);
    expect(r.ok && r.value.newEvents.map((e) => [e.actor, e.type])).toEqual([
      [CLERK, 'noting'],
      [CLERK, 'sent'],
      [TEHSILDAR, 'noting'],
    ]);
  });

  it('refuses the same push without an attestation check (actorMismatch)', () => {
    expect(reason(validateUpdate(null, clerkFile, bare(TEHSILDAR)))).toBe('actorMismatch');
  });

  it('refuses a new record whose meta is not attested, even if its events are', () => {
    const unattested = createdState(meta(), [attestEvent(note(1, CLERK, T0 + 1), keyOf(CLERK))]);
    expect(reason(validateUpdate(null, unattested, withAttests(TEHSILDAR)))).toBe('actorMismatch');
  });

  it.each([
    ['no attest', note(3, CLERK, T0 + 3)],
    ['a wrong attest', { ...note(3, CLERK, T0 + 3), attest: 'A'.repeat(43) }],
    ["another person's key", attestEvent(note(3, CLERK, T0 + 3), keyOf(NAIB))],
    [
      'an attest over other content',
      { ...attestEvent(note(3, CLERK, T0 + 3), keyOf(CLERK)), text: 'forged' },
    ],
  ])("refuses an event in the clerk's name with %s", (_name, forged) => {
    const r = validateUpdate(clerkFile, appendTo(clerkFile, [forged]), withAttests(TEHSILDAR));
    expect(reason(r)).toBe('actorMismatch');
  });

  it("judges an attested event by its author's role, not the session's", () => {
    const receipt = createdState(attestMeta(meta('receipt'), keyOf(CLERK)));
    const diarised = attestEvent(
      ev(1, 'diarised', CLERK, T0 + 1, {
        from: 'DM office',
        letterNumber: '12/2026',
        letterDate: '2026-01-02',
        mode: 'post',
      }),
      keyOf(CLERK),
    );
    // The SDM may not diarise, the clerk may: the clerk's attested diarisation passes.
    const fromClerk = Y.mergeUpdates([receipt, appendTo(receipt, [diarised])]);
    expect(reason(validateUpdate(null, fromClerk, withAttests(SDM)))).toBe('accepted');
    // The other way round: an SDM-attested putInFile in the clerk's session is refused.
    const bySdm = attestEvent(
      ev(2, 'putInFile', SDM, T0 + 2, { basis: null, fileId: rid(3), fileNumber: 'VKN/1' }),
      keyOf(SDM),
    );
    const r = validateUpdate(fromClerk, appendTo(fromClerk, [bySdm]), withAttests(CLERK));
    expect(reason(r)).toBe('roleForbidden');
  });

  it('refuses an attested author whose role is unknown', () => {
    const ctx: UpdateContext = { ...withAttests(TEHSILDAR), roleOf: () => undefined };
    const r = validateUpdate(
      clerkFile,
      appendTo(clerkFile, [attestEvent(note(3, CLERK, T0 + 3), keyOf(CLERK))]),
      ctx,
    );
    expect(reason(r)).toBe('roleForbidden');
  });

  it("still accepts the signed-in person's own unattested events", () => {
    const r = validateUpdate(
      clerkFile,
      appendTo(clerkFile, [note(3, TEHSILDAR, T0 + 3)]),
      withAttests(TEHSILDAR),
    );
    expect(reason(r)).toBe('accepted');
  });
});
