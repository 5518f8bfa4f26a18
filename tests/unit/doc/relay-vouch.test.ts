import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { decodeB64url, encodeB64url } from '@doc/signature.ts';
import { parseRelayVouch, vouchedKeyFor, type RelayKeyVouch } from '@doc/relay-vouch.ts';
import { treeHeadBytes, type SignedTreeHead } from '@doc/tree-head.ts';
import { verifyBytes } from '@doc/verify-bytes.ts';
import { openLogSigner } from '../../../sync-server/auth/log-key.ts';

/**
 * The district's word for an office relay's log key (decision 0017): a tablet that
 * knows the district's key takes a relay's key only on a vouch that key signed, for
 * the key that signed the relay's head.
 */

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function signer() {
  const dir = await mkdtemp(join(tmpdir(), 'patravali-vouch-'));
  dirs.push(dir);
  return openLogSigner(dir);
}

const relaySecret = new Uint8Array(32).fill(9);
const relayKey = ed25519.getPublicKey(relaySecret);
const otherSecret = new Uint8Array(32).fill(10);

function headBy(secret: Uint8Array): SignedTreeHead {
  const unsigned = { size: 3, root: new Uint8Array(32).fill(1), time: 5000 };
  return { ...unsigned, sig: ed25519.sign(treeHeadBytes(unsigned), secret) };
}
const OFFICE = 'vikasnagar';
const raw = (key: string): Uint8Array => decodeB64url(key, 43) ?? new Uint8Array();

describe('the district vouching for a relay log key', () => {
  it('takes the relay key on a vouch the known district key signed, for the key of the head', async () => {
    const district = await signer();
    const vouch = district.vouchRelay('vikasnagar', encodeB64url(relayKey), 1234);
    expect(parseRelayVouch(JSON.parse(JSON.stringify(vouch)))).toEqual(vouch);
    expect(
      vouchedKeyFor(vouch, headBy(relaySecret), [raw(district.publicKey)], verifyBytes, OFFICE),
    ).toEqual(relayKey);
  });

  it('refuses a vouch from a key not known here, a changed one, or one for another key', async () => {
    const district = await signer();
    const impostor = await signer();
    const known = [raw(district.publicKey)];
    const head = headBy(relaySecret);
    const good = district.vouchRelay('vikasnagar', encodeB64url(relayKey), 1234);
    // Signed by another district key than the one the tablet knows.
    const other = impostor.vouchRelay('vikasnagar', encodeB64url(relayKey), 1234);
    expect(vouchedKeyFor(other, head, known, verifyBytes, OFFICE)).toBeNull();
    // The impostor names the known district key as its signer.
    expect(
      vouchedKeyFor(
        { ...other, districtKey: district.publicKey },
        head,
        known,
        verifyBytes,
        OFFICE,
      ),
    ).toBeNull();
    // Any field changed after signing.
    const changed: RelayKeyVouch[] = [
      { ...good, office: 'chakrata' },
      { ...good, at: 1235 },
      { ...good, relayKey: encodeB64url(ed25519.getPublicKey(otherSecret)) },
    ];
    for (const v of changed) expect(vouchedKeyFor(v, head, known, verifyBytes, OFFICE)).toBeNull();
    // A true vouch, but the head was signed by another key than the vouched one.
    expect(vouchedKeyFor(good, headBy(otherSecret), known, verifyBytes, OFFICE)).toBeNull();
    // A tree head's signature is no vouch (the bytes differ by their prefix).
    const headSig = encodeB64url(headBy(relaySecret).sig);
    expect(vouchedKeyFor({ ...good, sig: headSig }, head, known, verifyBytes, OFFICE)).toBeNull();
  });

  it("answers otherOffice for a true vouch of another office's relay, and takes nothing without a person", async () => {
    const district = await signer();
    const known = [raw(district.publicKey)];
    const vouch = district.vouchRelay('chakrata', encodeB64url(relayKey), 1234);
    const head = headBy(relaySecret);
    expect(vouchedKeyFor(vouch, head, known, verifyBytes, OFFICE)).toBe('otherOffice');
    expect(vouchedKeyFor(vouch, head, known, verifyBytes, 'chakrata')).toEqual(relayKey);
    expect(vouchedKeyFor(vouch, head, known, verifyBytes, null)).toBeNull();
    // Only once the signature and the head check: a forged one for another office is no vouch.
    const impostor = await signer();
    const forged = impostor.vouchRelay('chakrata', encodeB64url(relayKey), 1234);
    expect(vouchedKeyFor(forged, head, known, verifyBytes, OFFICE)).toBeNull();
    expect(vouchedKeyFor(vouch, headBy(otherSecret), known, verifyBytes, OFFICE)).toBeNull();
  });

  it('reads only a well-formed vouch', async () => {
    const good = (await signer()).vouchRelay('vikasnagar', encodeB64url(relayKey), 1);
    const bad: unknown[] = [
      null,
      'vouch',
      [],
      { ...good, office: 'Vikas Nagar' },
      { ...good, relayKey: 'short' },
      { ...good, districtKey: 42 },
      { ...good, at: -1 },
      { ...good, at: 1.5 },
      { ...good, sig: good.sig.slice(1) },
    ];
    for (const v of bad) expect(parseRelayVouch(v)).toBeNull();
  });
});
