import { describe, expect, it } from 'vitest';
import { verifyBytes } from '@doc/verify-bytes.ts';
import { validateUpdate, type UpdateContext } from '@doc/validate-update.ts';
import type { RecordEvent } from '@domain/events.ts';
import type { PersonId } from '@domain/ids.ts';
import { CLERK, T0, TEHSILDAR, meta, note } from '../domain/builders.ts';
import { appendTo, createdState } from './helpers.ts';
import { keyring, testKey } from './signing-keys.ts';

/**
 * validateUpdate with signature rules: a signed change is its author's whoever
 * pushes it (a shared tablet), and a failing signature is a named refusal.
 */

const clerk = testKey(CLERK);
const tehsildar = testKey(TEHSILDAR);

function pushedBy(actor: PersonId, unsignedOk = false): UpdateContext {
  return {
    actor,
    role: actor === CLERK ? 'deskAssistant' : 'tehsildar',
    roleOf: (who) => (who === CLERK ? 'deskAssistant' : 'tehsildar'),
    signatures: {
      keyOf: keyring(clerk.key, tehsildar.key),
      refuseRevoked: true,
      unsignedOk: () => unsignedOk,
      verify: verifyBytes,
    },
  };
}

const m = clerk.signMeta(meta());
const first = clerk.signEvent(m, [], note(1, CLERK, T0 + 1));
const base = createdState(m, [first]);

describe('validateUpdate with device signatures', () => {
  it('accepts a new signed record, and the clerk’s signed noting pushed by the tehsildar', () => {
    expect(validateUpdate(null, base, pushedBy(CLERK)).ok).toBe(true);
    const second = clerk.signEvent(m, [first], note(2, CLERK, T0 + 2));
    expect(validateUpdate(base, appendTo(base, [second]), pushedBy(TEHSILDAR)).ok).toBe(true);
  });

  it('refuses the clerk’s unsigned noting under the tehsildar’s session as before', () => {
    const r = validateUpdate(base, appendTo(base, [note(2, CLERK, T0 + 2)]), pushedBy(TEHSILDAR));
    expect(!r.ok && r.error.reason).toBe('actorMismatch');
  });

  it('names the refusal of a tampered or unsigned own event', () => {
    const second = clerk.signEvent(m, [first], note(2, CLERK, T0 + 2));
    const tampered = { ...second, text: 'APPROVED' } as RecordEvent;
    const r = validateUpdate(base, appendTo(base, [tampered]), pushedBy(CLERK));
    expect(!r.ok && r.error.reason).toBe('signatureInvalid');
    const plain = validateUpdate(base, appendTo(base, [note(2, CLERK, T0 + 2)]), pushedBy(CLERK));
    expect(!plain.ok && plain.error.reason).toBe('unsigned');
    const allowed = appendTo(base, [note(2, CLERK, T0 + 2)]);
    expect(validateUpdate(base, allowed, pushedBy(CLERK, true)).ok).toBe(true);
  });

  it('refuses a new record whose meta signature does not match', () => {
    const forged = createdState({ ...m, subject: 'other' }, []);
    const r = validateUpdate(null, forged, pushedBy(CLERK));
    expect(!r.ok && r.error.reason).toBe('signatureInvalid');
  });
});
