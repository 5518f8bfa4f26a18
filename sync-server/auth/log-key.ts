import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeB64url } from '@doc/signature.ts';
import { relayVouchBytes, type RelayKeyVouch } from '@doc/relay-vouch.ts';
import { treeHeadBytes, type SignedTreeHead, type TreeHead } from '@doc/tree-head.ts';

/**
 * The server's own signing key for its log's tree heads (src/doc/tree-head.ts):
 * Ed25519, made on first start as `<dataDir>/log-signing-key.pem` (PKCS#8,
 * file mode 0600, never logged). Its public half is given to devices at
 * sign-in (`logKey`); a server that loses the file cannot sign heads that
 * devices accept, which is the point.
 */

export const LOG_KEY_FILE = 'log-signing-key.pem';

export interface LogSigner {
  /** Raw Ed25519 public key, base64url: what devices keep. */
  readonly publicKey: string;
  sign(head: TreeHead): SignedTreeHead;
  /** The district's word that office `office`'s relay signs with `relayKey` (decision 0017). */
  vouchRelay(office: string, relayKey: string, at: number): RelayKeyVouch;
}

/** The private key in `<dataDir>/<file>` (PKCS#8 PEM, 0600), made on first use. */
export function loadOrCreateKey(
  dataDir: string,
  file: string,
  type: 'ed25519' | 'x25519',
): KeyObject {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, file);
  try {
    return createPrivateKey(readFileSync(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const { privateKey } =
    type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('x25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  // 'wx': never overwrite a key another process made meanwhile; read that one instead.
  try {
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return createPrivateKey(readFileSync(path));
  }
  return privateKey;
}

export function openLogSigner(dataDir: string): LogSigner {
  const key = loadOrCreateKey(dataDir, LOG_KEY_FILE, 'ed25519');
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('the log signing key is not Ed25519');
  return {
    publicKey: jwk.x,
    sign: (head) => ({ ...head, sig: new Uint8Array(sign(null, treeHeadBytes(head), key)) }),
    vouchRelay(office, relayKey, at) {
      const vouch = { office, relayKey, districtKey: jwk.x as string, at };
      return { ...vouch, sig: encodeB64url(sign(null, relayVouchBytes(vouch), key)) };
    },
  };
}
