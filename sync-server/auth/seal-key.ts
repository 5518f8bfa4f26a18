import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { loadOrCreateKey } from './log-key.ts';

/**
 * The district's sealing key (decision 0011): X25519, made on first start as
 * `<dataDir>/relay-seal-key.pem` beside the log key. An office relay seals a
 * tablet's sign-in request to its public half when it registers a key while the
 * district cannot be reached, and forwards the sealed request when the WAN
 * returns; only the district can open it and check the password inside. A
 * sealed box: an ephemeral X25519 key, HKDF-SHA-256 over the shared secret,
 * AES-256-GCM; `eph(32) | iv(12) | tag(16) | ciphertext`, base64url.
 */

export const SEAL_KEY_FILE = 'relay-seal-key.pem';
const INFO = 'patravali relay registration v1';
const EPH = 32;
const IV = 12;
const TAG = 16;

export interface SealKey {
  /** Raw X25519 public key, base64url: what relays seal to. */
  readonly publicKey: string;
  /** The sealed text, or null when it was not sealed to this key or was altered. */
  open(sealed: string): string | null;
}

const rawOf = (key: KeyObject): Buffer => {
  const jwk = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url');
};

const x25519Public = (raw: Uint8Array): KeyObject =>
  createPublicKey({
    key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(raw).toString('base64url') },
    format: 'jwk',
  });

function boxKey(secret: Buffer, eph: Buffer, recipient: Buffer): Buffer {
  const salt = Buffer.concat([eph, recipient]);
  return Buffer.from(hkdfSync('sha256', secret, salt, INFO, 32));
}

/** Seals `text` to the raw X25519 public key `publicKey` (base64url). */
export function sealTo(publicKey: string, text: string): string {
  const recipient = Buffer.from(publicKey, 'base64url');
  if (recipient.length !== 32) throw new Error('not an X25519 public key');
  const ephemeral = generateKeyPairSync('x25519');
  const eph = rawOf(ephemeral.publicKey);
  const secret = diffieHellman({
    privateKey: ephemeral.privateKey,
    publicKey: x25519Public(recipient),
  });
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', boxKey(secret, eph, recipient), iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([eph, iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function openSealKey(dataDir: string): SealKey {
  const privateKey = loadOrCreateKey(dataDir, SEAL_KEY_FILE, 'x25519');
  const own = rawOf(privateKey);
  return {
    publicKey: own.toString('base64url'),
    open(sealed) {
      const bytes = Buffer.from(sealed, 'base64url');
      if (bytes.length <= EPH + IV + TAG) return null;
      const eph = bytes.subarray(0, EPH);
      try {
        const secret = diffieHellman({ privateKey, publicKey: x25519Public(eph) });
        const decipher = createDecipheriv(
          'aes-256-gcm',
          boxKey(secret, eph, own),
          bytes.subarray(EPH, EPH + IV),
        );
        decipher.setAuthTag(bytes.subarray(EPH + IV, EPH + IV + TAG));
        const body = bytes.subarray(EPH + IV + TAG);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
