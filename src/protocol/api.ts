import type { Directory, Person } from '@domain/directory.ts';
import type { DeviceId, PersonId } from '@domain/ids.ts';

/** HTTP paths, shared by device and server. */
export const API = {
  health: '/healthz',
  session: '/api/session',
  directory: '/api/directory',
  /** GET: every registered device signing key (DeviceKeysResponse), for checking pulls. */
  deviceKeys: '/api/device-keys',
  /** GET: inclusion proofs of a record's log entries against the signed tree head. */
  recordProofs: '/api/records/:id/proofs',
  sync: '/api/sync',
  push: '/api/push',
  /** POST, trainer only, demo mode only: wipe the class's work and reseed the demo district. */
  demoReset: '/api/demo/reset',
  /**
   * POST, an office relay's session only: a sign-in the relay made while the
   * district could not be reached, sealed to the district (RelayRegistrationRequest).
   */
  relayRegistrations: '/api/relay/registrations',
  /**
   * POST, an office relay's session only: whether a token a tablet showed the relay
   * is a live session the district made for one of the relay's office's people
   * (RelaySessionRequest; RelaySessionResponse; 410 RelaySessionRevoked when the
   * district revoked that person's access on its device; else 404, RelaySessionNotFound).
   */
  relaySessions: '/api/relay/sessions',
  /**
   * POST, an office relay's session only: the sessions its tablets signed out at the
   * relay, ended at the district too; and which of the relay's live sessions the
   * district ended (RelaySessionEndsRequest; RelaySessionEndsResponse).
   */
  relaySessionEnds: '/api/relay/session-ends',
  /**
   * POST, an office relay's session only, at the district: `{ key }` (the relay's log
   * key, base64url); answers the district's word for it (RelayKeyVouch, decision 0017).
   */
  relayLogKey: '/api/relay/log-key',
  /**
   * GET, no session needed, at an office relay: the district's word for the relay's
   * log key (RelayKeyVouch), 404 while it has none (decision 0017).
   */
  logKeyVouch: '/api/log-key-vouch',
} as const;

/**
 * The push WebSocket carries the session token as a second subprotocol,
 * `bearer.<token>`, beside PUSH_SUBPROTOCOL (which the server selects), so the
 * token never appears in a URL that proxies and access logs keep.
 */
export const PUSH_SUBPROTOCOL = 'patravali.push';
export const PUSH_TOKEN_PREFIX = 'bearer.';

/**
 * The path of a record's inclusion proofs (API.recordProofs). `district`: the
 * district's own proofs, which an office relay asks the district for and passes on
 * as signed (decision 0020); the district answers them as its own.
 */
export const recordProofsPath = (recordId: string, district = false): string =>
  API.recordProofs.replace(':id', encodeURIComponent(recordId)) + (district ? '?of=district' : '');

/** The subprotocols a device offers when it opens the push channel. */
export function pushProtocols(token: string): string[] {
  return [PUSH_SUBPROTOCOL, PUSH_TOKEN_PREFIX + token];
}

/** The token offered in a Sec-WebSocket-Protocol header, or null. */
export function pushTokenOf(header: string | undefined): string | null {
  for (const entry of (header ?? '').split(',')) {
    const value = entry.trim();
    if (value.startsWith(PUSH_TOKEN_PREFIX)) return value.slice(PUSH_TOKEN_PREFIX.length);
  }
  return null;
}

/** POST /api/session (JSON). Also registers the device on first sign-in. */
export interface SessionRequest {
  readonly username: string;
  readonly password: string;
  readonly deviceId: DeviceId;
  /** Optional label shown to administrators, e.g. "Vikasnagar tablet 2". */
  readonly deviceLabel?: string;
  /** The public half of this person's signing key on this device (first sign-in, or every one). */
  readonly signingKey?: SigningKeyRegistration;
}

/** A device signing key as registered at sign-in (src/doc/signature.ts). */
export interface SigningKeyRegistration {
  /** keyIdOf(algorithm, publicKey). */
  readonly keyId: string;
  readonly algorithm: 'Ed25519' | 'P-256';
  /** Raw public key, base64url. */
  readonly publicKey: string;
  /** The device's make and model as the browser reports it. */
  readonly deviceInfo: string;
}

/** A registered signing key, as devices receive it with the directory (read-only). */
export interface DirectoryKey {
  readonly id: string;
  readonly person: PersonId;
  readonly device: DeviceId;
  readonly algorithm: 'Ed25519' | 'P-256';
  /** Raw public key, base64url. */
  readonly publicKey: string;
  /** When an administrator revoked it; null while valid. */
  readonly revokedAt: number | null;
  /**
   * Listed by an office relay only: registered there while the district could not
   * be reached, and not yet confirmed by the district (decision 0011). Absent once
   * the district has registered it.
   */
  readonly provisional?: true;
}

export interface SessionResponse {
  /** Bearer token; the server keeps only its hash. */
  readonly token: string;
  readonly expiresAt: number;
  readonly person: Person;
  readonly directory: Directory;
  /** Per-office device number, assigned once at registration; used in record numbers. */
  readonly deviceNumber: number;
  readonly serverTime: number;
  /**
   * The person's HMAC author key on this device (32 bytes, base64url), from servers
   * before device signing keys replaced it (issue 14). This server issues none: new
   * changes carry only their device signature.
   */
  readonly authorKey?: string;
  /** Every registered device signing key, so the device can verify what it holds. */
  readonly deviceKeys?: readonly DirectoryKey[];
  /**
   * The server's log key: raw Ed25519 public key, base64url. The device keeps the
   * first it receives and checks every tree head of a sync response with it.
   */
  readonly logKey?: string;
  /**
   * From an office relay: the log key of the district it forwards to (`logKey` is
   * the relay's own). The tablet keeps both, so a sync that the district answers
   * under the same address (the relay off, the tablet carried out of the office)
   * is that tier answering, not a log alarm (decision 0015).
   */
  readonly districtLogKey?: string;
  /**
   * From an office relay set up with one (`--fallback`): the district's own origin,
   * where the tablet syncs while the relay cannot be reached (decision 0015). The
   * district answers it across origins only for the app's origins it lists
   * (PATRAVALI_CORS_ORIGINS).
   */
  readonly fallback?: string;
  /**
   * From an office relay that could not reach the district (decision 0011): it
   * checked the password itself against the district's verifier it keeps. The
   * session works at that relay only, and the district has not seen it yet;
   * `deviceNumber` is then 0 unless the district confirmed this tablet at the relay
   * before (the tablet keeps the one it was given before; a tablet new to the
   * district learns its number from the relay's device-keys answer once the
   * district confirms it).
   */
  readonly provisional?: boolean;
}

/**
 * A person's password verifier as the district stores it (the encoded scrypt hash,
 * sync-server/auth/password.ts), given to the office relay of their office only.
 */
export interface PasswordVerifier {
  readonly person: PersonId;
  readonly hash: string;
}

/** An administrator's revocation of a person's access, on one device (or on all: null). */
export interface AccessRevocation {
  readonly person: string;
  readonly device: string | null;
  /** The district's clock: sessions that began before it end. */
  readonly at: number;
}

/** GET /api/device-keys answer. */
export interface DeviceKeysResponse {
  readonly deviceKeys: readonly DirectoryKey[];
  /**
   * To an office relay only: the revocations of its office's people recorded
   * after `?revokedAfter=` (oldest first), so it ends their sessions there too.
   */
  readonly revocations?: readonly AccessRevocation[];
  /**
   * To an office relay only: the password verifiers of its office's people, all
   * of them each time (a changed or removed password replaces or drops the
   * relay's copy), so it can check a sign-in while the district cannot be
   * reached (decision 0011).
   */
  readonly verifiers?: readonly PasswordVerifier[];
  /**
   * To an office relay only: the district's X25519 public key (raw, base64url)
   * the relay seals provisional registrations to (decision 0011).
   */
  readonly sealKey?: string;
  /**
   * From an office relay, to a tablet the district confirmed there after it
   * signed in while the WAN was down (decision 0011): the device number the
   * district gave it, which its provisional sign-in could not carry.
   */
  readonly deviceNumber?: number;
}

/**
 * POST API.relayRegistrations body: `sealed` opens, at the district only, to the
 * JSON of a SealedRegistration.
 */
export interface RelayRegistrationRequest {
  readonly sealed: string;
}

/** What a relay seals: the tablet's sign-in request as it came, and when the relay took it. */
export interface SealedRegistration {
  readonly request: SessionRequest;
  readonly at: number;
}

/** The district's answer to a relay's registration it accepted. */
export interface RelayRegistrationResponse {
  readonly keyId: string;
  readonly deviceNumber: number;
}

/** What a relay asks the district of a token it does not know: only the token's SHA-256 (hex). */
export interface RelaySessionRequest {
  readonly tokenHash: string;
}

/** The district's session of that token, for the relay to keep as it keeps a forwarded sign-in's. */
export interface RelaySessionResponse {
  readonly person: PersonId;
  readonly deviceId: DeviceId;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/**
 * 410: the token was a session of one of the relay's office's people whose access the
 * district revoked on its device after the session began; the relay tells the tablet
 * `accessRevoked`, as the district would.
 */
export interface RelaySessionRevoked {
  readonly error: 'accessRevoked';
  readonly detail: string;
  readonly person: PersonId;
  /** When the access was revoked (district's clock, ms since epoch). */
  readonly at: number;
}

/**
 * 404: no live session of the relay's office's people has this token. `otherOffice`
 * when it is a session of a person of another office that the district answers with
 * more than "sign in again": a live one, or one whose person's access it revoked on its
 * device since it began (decision 0017, amendment 2; the same 404 for both, naming
 * nobody): the relay tells the tablet so (`otherOffice`), which then syncs at the
 * district's own address instead of asking to sign in again, and is synced there or
 * told `accessRevoked` (and wipes that person's data). A relay of an earlier build
 * reads the 404 alone.
 */
export interface RelaySessionNotFound extends ApiError {
  readonly error: 'notFound';
  readonly otherOffice?: true;
}

/** Token hashes (SHA-256, hex) a relay sends in one RelaySessionEndsRequest list, at most. */
export const SESSION_ENDS_MAX = 500;

/**
 * A relay's sessions, by token hash only: `signedOut`, signed out at the relay (the
 * district ends them too); `check`, live at the relay (the district says which it ended).
 */
export interface RelaySessionEndsRequest {
  readonly signedOut: readonly string[];
  readonly check: readonly string[];
}

/**
 * The hashes of `check` that are sessions of the relay's office's people the district
 * ended (signed out, revoked, expired); a hash it does not know (a provisional
 * session, made at the relay alone) is not named. `revoked` (absent when none, and
 * from a district older than it; a relay older than it ignores it): those of `ended`
 * whose person's access the district revoked on that device after the session
 * began, with the revocation's time, so the relay tells the tablet `accessRevoked`
 * (and it wipes that person's data) even before the revocation reaches it with the
 * device keys.
 */
export interface RelaySessionEndsResponse {
  readonly ended: readonly string[];
  readonly revoked?: readonly RelaySessionEndRevoked[];
}

export interface RelaySessionEndRevoked {
  readonly tokenHash: string;
  /** When the district revoked the access (its clock, ms since epoch). */
  readonly at: number;
}

/** POST /api/demo/reset answer: the new data generation and how many demo records it holds. */
export interface DemoResetResponse {
  readonly generation: number;
  readonly records: number;
}

/** JSON error body for non-sync endpoints. */
export interface ApiError {
  readonly error:
    | 'badRequest'
    | 'badCredentials'
    | 'unauthenticated'
    | 'forbidden'
    | 'notFound'
    /** 429: sign-in locked after repeated failures. */
    | 'tooManyAttempts'
    /** 429: a per-person request limit reached (docs/LIMITS.md); Retry-After says when. */
    | 'tooManyRequests'
    /** 503 (or 502): an office relay could not get the district's answer (decision 0020). */
    | 'districtUnreachable'
    /** 404: an office relay passes on the district's answer that it has no such record. */
    | 'districtNotFound';
  readonly detail: string;
  /** With tooManyAttempts: when to try again (ms since epoch, server clock). */
  readonly retryAt?: number;
}
