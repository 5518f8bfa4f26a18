import { describe, expect, it } from 'vitest';
import { verifyBytes } from '@doc/verify-bytes.ts';
import { headsOf } from '@doc/chain.ts';
import { itemHash } from '@doc/signature.ts';
import { checkSignedItems, type SignatureRules } from '@doc/verify-signed.ts';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordMeta } from '@domain/record.ts';
import { CLERK, T0, TEHSILDAR, meta, note, rid } from '../domain/builders.ts';
import { keyring, testKey, type TestKey } from './signing-keys.ts';

const clerk = testKey(CLERK);
const clerkP256 = testKey(CLERK, 'dev-a', 'P-256', 'clerk p256');
const tehsildar = testKey(TEHSILDAR);

function rules(over: Partial<SignatureRules> = {}, ...keys: TestKey[]): SignatureRules {
  const all = keys.length > 0 ? keys : [clerk, tehsildar, clerkP256];
  return {
    keyOf: keyring(...all.map((k) => k.key)),
    refuseRevoked: true,
    unsignedOk: () => false,
    verify: verifyBytes,
    ...over,
  };
}

/** Checks `events[from..]` (and meta when from is 0 and metaNew) against the rules. */
function check(m: RecordMeta, events: RecordEvent[], from: number, r = rules(), metaNew = false) {
  const ids = new Set(events.slice(from).map((e) => e.id));
  return checkSignedItems({ recordId: m.id, meta: m, events }, metaNew, ids, r)?.reason ?? null;
}

/** A record by the clerk with `n` signed notings, each following the last. */
function chain(n: number, key: TestKey = clerk): { m: RecordMeta; events: RecordEvent[] } {
  const m = key.signMeta(meta());
  const events: RecordEvent[] = [];
  for (let i = 1; i <= n; i++) events.push(key.signEvent(m, events, note(i, CLERK, T0 + i)));
  return { m, events };
}

describe('checkSignedItems', () => {
  it('accepts a signed record and a chain of signed events, for both algorithms', () => {
    for (const key of [clerk, clerkP256]) {
      const { m, events } = chain(3, key);
      expect(check(m, events, 0, rules(), true)).toBeNull();
    }
  });

  it('accepts two offline branches from the same head and an event joining them', () => {
    const { m, events } = chain(1);
    const a = clerk.signEvent(m, events, note(2, CLERK, T0 + 2));
    const b = tehsildar.signEvent(m, events, note(3, TEHSILDAR, T0 + 3));
    const branches = [...events, a, b];
    expect(headsOf({ recordId: m.id, meta: m, events: branches })).toHaveLength(2);
    const join = clerk.signEvent(m, branches, note(4, CLERK, T0 + 4));
    expect(join.prev).toHaveLength(2);
    expect(check(m, [...branches, join], 1)).toBeNull();
  });

  it('refuses an unsigned event unless the transition allows its author', () => {
    const { m, events } = chain(1);
    const plain = [...events, note(2, CLERK, T0 + 2)];
    expect(check(m, plain, 1)).toBe('unsigned');
    expect(check(m, plain, 1, rules({ unsignedOk: (who) => who === CLERK }))).toBeNull();
  });

  it('refuses a key that is not registered, or not the author’s', () => {
    const { m, events } = chain(1);
    const stranger = testKey(CLERK, 'dev-a', 'Ed25519', 'unregistered');
    expect(check(m, [...events, stranger.signEvent(m, events, note(2, CLERK, T0 + 2))], 1)).toBe(
      'keyUnknown',
    );
    // The tehsildar's key signing an event in the clerk's name.
    const forged = tehsildar.signEvent(m, events, note(2, CLERK, T0 + 2));
    expect(check(m, [...events, forged], 1)).toBe('keyUnknown');
  });

  it('refuses an event whose clock names another device than its key', () => {
    const { m, events } = chain(1);
    const elsewhere = {
      ...note(2, CLERK, T0 + 2),
      hlc: note(2, CLERK, T0 + 2).hlc.replace('dev-a', 'dev-b'),
    };
    expect(check(m, [...events, clerk.signEvent(m, events, elsewhere)], 1)).toBe('keyNotDevice');
  });

  it('refuses a revoked key on push but not when checking what the server already took', () => {
    const revoked = { ...clerk, key: { ...clerk.key, revokedAt: T0 } };
    const { m, events } = chain(2);
    expect(check(m, events, 1, rules({}, revoked))).toBe('keyRevoked');
    expect(check(m, events, 1, rules({ refuseRevoked: false }, revoked))).toBeNull();
  });

  it('refuses altered bytes and an event copied onto another record', () => {
    const { m, events } = chain(2);
    const altered = { ...(events[1] as RecordEvent), text: 'APPROVED' } as RecordEvent;
    expect(check(m, [events[0] as RecordEvent, altered], 1)).toBe('signatureInvalid');
    const other = clerk.signMeta({ ...meta(), id: rid(9001) });
    expect(check(other, [...events], 0)).not.toBeNull();
    // Even with prev rewritten to the other record's head, the record id is signed.
    const copied = { ...(events[0] as RecordEvent), prev: [itemHash(other.id, other)] };
    expect(check(other, [copied], 0)).toBe('signatureInvalid');
  });

  it('refuses a prev naming something outside the record', () => {
    const { m, events } = chain(1);
    const dangling = clerk.signEvent(m, events, note(2, CLERK, T0 + 2), ['A'.repeat(43)]);
    expect(check(m, [...events, dangling], 1)).toBe('prevMissing');
  });

  it('refuses an event that does not follow its key’s earlier events (history dropped)', () => {
    const { m, events } = chain(2);
    // Signed as if the second noting did not exist: it names only the first.
    const skipping = clerk.signEvent(m, events.slice(0, 1), note(3, CLERK, T0 + 3));
    expect(check(m, [...events, skipping], 2)).toBe('chainBroken');
    const noPrev = clerk.signEvent(m, events, note(3, CLERK, T0 + 3));
    const { prev: _prev, ...withoutPrev } = noPrev;
    expect(check(m, [...events, withoutPrev as RecordEvent], 2)).not.toBeNull();
  });

  it('gives old unsigned events one head: each follows the item before it', () => {
    const m = meta();
    const old = [note(1, CLERK, T0 + 1), note(2, CLERK, T0 + 2)];
    expect(headsOf({ recordId: m.id, meta: m, events: old })).toEqual([
      itemHash(m.id, old[1] as RecordEvent),
    ]);
    const next = clerk.signEvent(m, old, note(3, CLERK, T0 + 3));
    expect(check(m, [...old, next], 2)).toBeNull();
  });
});
