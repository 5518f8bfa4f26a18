import { verifyBytes } from '@doc/verify-bytes.ts';
import { describe, expect, it } from 'vitest';
import {
  LETTER_QR_PREFIX,
  letterQrPayload,
  verifyLetterQr,
  type LetterQrVerdict,
} from '@doc/letter-qr.ts';
import { encodeB64url } from '@doc/signature.ts';
import type { LetterApprovedEvent, LetterContent } from '@domain/events.ts';
import { letterHash } from '@domain/letters.ts';
import { CLERK, T0, TEHSILDAR, eid, ev, meta } from '../domain/builders.ts';
import { keyring, testKey } from './signing-keys.ts';

/**
 * The printed letter's QR code (src/doc/letter-qr.ts): what a valid code says,
 * and each way a code fails, by name.
 */

const CONTENT: LetterContent = {
  to: 'जिलाधिकारी, देहरादून',
  subject: 'आख्या',
  reference: null,
  hindi: 'महोदय, आख्या प्रस्तुत है।',
  english: 'Sir, the report is submitted.',
};
const tehsildar = testKey(TEHSILDAR);
const clerk = testKey(CLERK);
const m = meta();
const hash = letterHash(m.id, eid(1), CONTENT);
const drafted = ev(1, 'letterDrafted', CLERK, T0 + 1, { template: 'report', ...CONTENT });
const approval: LetterApprovedEvent = tehsildar.signEvent(
  m,
  [drafted],
  ev(2, 'letterApproved', TEHSILDAR, T0 + 2, { draft: eid(1), version: eid(1), textHash: hash }),
);
const payload = letterQrPayload(m.id, approval);
const keys = keyring(tehsildar.key, clerk.key);

const problemOf = (v: LetterQrVerdict) => (v.ok ? 'valid' : v.problem);

/** The payload with its JSON changed by `edit` (re-serialised, so only that field differs). */
function edited(edit: (body: { e: Record<string, unknown>; r: string }) => void): string {
  const body = JSON.parse(payload.slice(LETTER_QR_PREFIX.length)) as {
    e: Record<string, unknown>;
    r: string;
  };
  edit(body);
  return LETTER_QR_PREFIX + JSON.stringify(body);
}

describe('letter QR code', () => {
  it('a valid code says who approved which text of which letter, and when', () => {
    const v = verifyLetterQr(payload, keys, verifyBytes);
    expect(v).toEqual({
      ok: true,
      facts: {
        recordId: m.id,
        draftId: eid(1),
        versionId: eid(1),
        textHash: hash,
        approvedBy: TEHSILDAR,
        approvedAt: T0 + 2,
        clockVerified: true,
        keyId: tehsildar.key.id,
        device: tehsildar.key.device,
        keyRevokedAt: null,
      },
    });
    // Typed or pasted with spaces or a newline around it, it reads the same.
    expect(problemOf(verifyLetterQr(`  ${payload}\n`, keys, verifyBytes))).toBe('valid');
    expect(payload.length).toBeLessThan(700);
  });

  it('a forged signature is badSignature', () => {
    const forged = clerk.signEvent(m, [drafted], { ...approval, sig: undefined, key: undefined });
    const sig = forged.sig ?? '';
    expect(
      problemOf(
        verifyLetterQr(
          edited((b) => (b.e['sig'] = sig)),
          keys,
          verifyBytes,
        ),
      ),
    ).toBe('badSignature');
    const zeros = encodeB64url(new Uint8Array(64));
    expect(
      problemOf(
        verifyLetterQr(
          edited((b) => (b.e['sig'] = zeros)),
          keys,
          verifyBytes,
        ),
      ),
    ).toBe('badSignature');
  });

  it('an altered hash, draft or record fails the signature', () => {
    const other = letterHash(m.id, eid(1), { ...CONTENT, hindi: 'बदला हुआ पाठ' });
    for (const edit of [
      (b: { e: Record<string, unknown>; r: string }) => (b.e['textHash'] = other),
      (b: { e: Record<string, unknown>; r: string }) => (b.e['draft'] = eid(7)),
      (b: { e: Record<string, unknown>; r: string }) => (b.r = eid(9)),
    ]) {
      const v = verifyLetterQr(edited(edit), keys, verifyBytes);
      expect(problemOf(v)).toBe('badSignature');
      expect(v.ok ? null : v.claimed?.approval.id).toBe(eid(2));
    }
  });

  it('a key the directory does not list is unknownKey; someone else’s key is keyNotApprovers', () => {
    expect(problemOf(verifyLetterQr(payload, keyring(clerk.key), verifyBytes))).toBe('unknownKey');
    // The clerk's own approval, claimed under the tehsildar's key.
    const claimed = edited((b) => (b.e['actor'] = CLERK));
    expect(problemOf(verifyLetterQr(claimed, keys, verifyBytes))).toBe('keyNotApprovers');
    // The tehsildar's key used on another device than the event's clock names.
    const elsewhere = testKey(TEHSILDAR, 'dev-b');
    const moved = { ...elsewhere.key, id: tehsildar.key.id };
    expect(problemOf(verifyLetterQr(payload, keyring(moved), verifyBytes))).toBe('keyNotApprovers');
  });

  it('anything else is malformed, with what is wrong', () => {
    const cases = [
      '',
      'hello',
      payload.slice(0, 200),
      payload.replace(LETTER_QR_PREFIX, 'PATRAVALI-LETTER/2 '),
      `${LETTER_QR_PREFIX}[1,2]`,
      edited((b) => (b.e['extra'] = 1)),
      edited((b) => (b.e['type'] = 'letterDispatched')),
      edited((b) => delete b.e['sig']),
      edited((b) => (b.r = 'not-a-uuid')),
      LETTER_QR_PREFIX + JSON.stringify({ e: approval, r: m.id, x: 1 }),
      payload + ' '.repeat(10) + 'x'.repeat(2_000),
    ];
    for (const text of cases) {
      const v = verifyLetterQr(text, keys, verifyBytes);
      expect(problemOf(v), text.slice(0, 60)).toBe('malformed');
      expect(v.ok ? '' : v.detail).not.toBe('');
    }
  });
});
