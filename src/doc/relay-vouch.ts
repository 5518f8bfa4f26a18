import { LOG_KEY_BYTES, verifyTreeHead, type SignedTreeHead } from './tree-head.ts';
import { decodeB64url, encodeB64url, type VerifyBytes } from './signature.ts';

/**
 * The district's word for an office relay's log key (decision 0017): "the relay
 * of office `office` signs its tree heads with `relayKey`", signed by the
 * district's own log key `districtKey` at `at`. The relay asks for it with its
 * own session and serves it to any tablet (GET /api/log-key-vouch); a tablet
 * that knows the district's key, and is answered under its one address by a
 * relay it never signed in at, takes the relay's key on this word instead of
 * raising the `headSignature` alarm. The signed bytes are
 *
 *   "patravali/relay-log-key/v1\n" + office + "\n" + relayKey + "\n" + districtKey + "\n" + at
 *
 * (keys base64url, `at` decimal ms since the epoch). The prefix keeps them apart
 * from a tree head's bytes, which the same key signs.
 */
export interface RelayKeyVouch {
  readonly office: string;
  /** The relay's log key: raw Ed25519, base64url. */
  readonly relayKey: string;
  /** The district's log key that signed: raw Ed25519, base64url. */
  readonly districtKey: string;
  readonly at: number;
  /** Ed25519 signature (64 bytes, base64url) over relayVouchBytes. */
  readonly sig: string;
}

/** base64url characters of a 32-byte key and of a 64-byte signature. */
const KEY_CHARS = 43;
const SIG_CHARS = 86;
const OFFICE = /^[a-z0-9._-]{1,64}$/;

export function relayVouchBytes(v: Omit<RelayKeyVouch, 'sig'>): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    `patravali/relay-log-key/v1\n${v.office}\n${v.relayKey}\n${v.districtKey}\n${v.at}`,
  );
}

/** A log key as a sign-in gives it (base64url of 32 bytes), or null. */
export function logKeyOf(text: unknown): Uint8Array | null {
  const raw = decodeB64url(text, KEY_CHARS);
  return raw !== null && raw.length === LOG_KEY_BYTES ? raw : null;
}

/** `value` as a vouch of the right shape (not yet checked), or null. */
export function parseRelayVouch(value: unknown): RelayKeyVouch | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const { office, relayKey, districtKey, at, sig } = v;
  if (typeof office !== 'string' || !OFFICE.test(office)) return null;
  if (logKeyOf(relayKey) === null || logKeyOf(districtKey) === null) return null;
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) return null;
  if (decodeB64url(sig, SIG_CHARS) === null) return null;
  return {
    office,
    relayKey: relayKey as string,
    districtKey: districtKey as string,
    at,
    sig: sig as string,
  };
}

/** Whether `v` is signed by the district key `signer` (raw Ed25519) that it names. */
export function vouchSignedBy(v: RelayKeyVouch, signer: Uint8Array, verify: VerifyBytes): boolean {
  const sig = decodeB64url(v.sig, SIG_CHARS);
  return (
    sig !== null &&
    encodeB64url(signer) === v.districtKey &&
    verify('Ed25519', signer, relayVouchBytes(v), sig)
  );
}

/**
 * The relay's key when `value` is a vouch signed by one of `known` (the log keys
 * this tablet takes a vouch from: the district's) for the key that signed `head`,
 * and for `office` (the signed-in person's); `otherOffice` when it is all that but
 * for another office (a true relay of the district, not this person's: out of scope,
 * no tampering); else null. With no person (`office` null) nothing is taken.
 */
export function vouchedKeyFor(
  value: unknown,
  head: SignedTreeHead,
  known: readonly Uint8Array[],
  verify: VerifyBytes,
  office: string | null,
): Uint8Array | 'otherOffice' | null {
  const v = parseRelayVouch(value);
  if (v === null || office === null) return null;
  const relayKey = logKeyOf(v.relayKey);
  if (relayKey === null || !known.some((k) => vouchSignedBy(v, k, verify))) return null;
  if (!verifyTreeHead(head, relayKey, verify)) return null;
  return v.office === office ? relayKey : 'otherOffice';
}
