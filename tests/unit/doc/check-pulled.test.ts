import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkPulled, itemOfJob, pullProblemOf } from '@doc/check-pulled.ts';
import { newRecordYDoc } from '@doc/record-doc.ts';
import { verifyBytes } from '@doc/verify-bytes.ts';
import type { RecordEvent } from '@domain/events.ts';
import { CLERK, T0, TEHSILDAR, meta, note } from '../domain/builders.ts';
import { appendTo, createdState } from './helpers.ts';
import { keyring, testKey } from './signing-keys.ts';

/**
 * What a device checks in an update it pulled: structure and chain at once,
 * signatures as jobs for a batch verifier, unsigned items listed as attested
 * by the server, and each failure with the name the person sees.
 */

const clerk = testKey(CLERK);
const keys = keyring(clerk.key);
const m = clerk.signMeta(meta());
const first = clerk.signEvent(m, [], note(1, CLERK, T0 + 1));
const base = createdState(m, [first]);

const docOf = (state: Uint8Array | null): Y.Doc => {
  const doc = newRecordYDoc();
  if (state !== null) Y.applyUpdate(doc, state);
  return doc;
};

describe('checkPulled', () => {
  it('passes a signed record and hands each signature over as a job that verifies', () => {
    const r = checkPulled(docOf(null), m.id, base, keys);
    if (!r.ok) throw new Error(r.error.detail);
    expect(r.value.attested).toEqual([]);
    expect(r.value.jobs).toHaveLength(2);
    for (const j of r.value.jobs)
      expect(verifyBytes(j.algorithm, j.publicKey, j.message, j.sig)).toBe(true);
    expect(r.value.jobs.map(itemOfJob)).toEqual(['meta', `event ${first.id}`]);
  });

  it('lists unsigned items as attested by the server, whoever wrote them', () => {
    const plain = meta('file', TEHSILDAR);
    const old = note(5, TEHSILDAR, T0 + 5);
    const r = checkPulled(docOf(null), plain.id, createdState(plain, [old]), keys);
    expect(r.ok && r.value.attested).toEqual(['meta', old.id]);
  });

  it('an altered noting yields a job that fails; a rewrite of held content is alteredBytes', () => {
    const second = clerk.signEvent(m, [first], note(2, CLERK, T0 + 2));
    const altered = { ...second, text: 'APPROVED' } as RecordEvent;
    const r = checkPulled(docOf(base), m.id, appendTo(base, [altered]), keys);
    const job = r.ok ? r.value.jobs[0] : undefined;
    expect(job && verifyBytes(job.algorithm, job.publicKey, job.message, job.sig)).toBe(false);
    const repeated = checkPulled(docOf(base), m.id, appendTo(base, [first]), keys);
    expect(!repeated.ok && [repeated.error.problem, repeated.error.reason]).toEqual([
      'alteredBytes',
      'eventDuplicated',
    ]);
  });

  it('names an unknown key, a broken chain and malformed bytes', () => {
    const stranger = testKey(CLERK, 'dev-a', 'Ed25519', 'unregistered');
    const forged = stranger.signEvent(m, [first], note(3, CLERK, T0 + 3));
    const unknown = checkPulled(docOf(base), m.id, appendTo(base, [forged]), keys);
    expect(!unknown.ok && unknown.error.problem).toBe('unknownKey');
    const copied = clerk.signEvent(m, [first], note(4, CLERK, T0 + 4), ['A'.repeat(43)]);
    const chain = checkPulled(docOf(base), m.id, appendTo(base, [copied]), keys);
    expect(!chain.ok && chain.error.problem).toBe('brokenChain');
    const junk = checkPulled(docOf(base), m.id, new Uint8Array([1, 2, 3]), keys);
    expect(!junk.ok && junk.error.problem).toBe('malformed');
  });

  it('maps every validator reason to a problem', () => {
    expect(pullProblemOf('keyNotDevice')).toBe('badSignature');
    expect(pullProblemOf('metaChanged')).toBe('alteredBytes');
    expect(pullProblemOf('keyRevoked')).toBe('unknownKey');
    expect(pullProblemOf('chainBroken')).toBe('brokenChain');
    expect(pullProblemOf('unknownContent')).toBe('malformed');
  });
});
