import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext, type Server } from 'node:tls';

/**
 * A certificate of the deployment's own (PATRAVALI_TLS_CERT, PATRAVALI_TLS_KEY):
 * issued for the tablets' one host name by the state's CA or a public one, e.g.
 * by certbot (docs/RELAY.md section 6, "Certificates"). The district and an office
 * relay read the pair at start (a bad one stops the start, naming the file) and
 * read it again on a timer, taking a renewed pair for new connections; one that
 * does not check out (half written, the key of another certificate) is left
 * where it is and logged, and the pair in use is kept.
 */

/** Paths of the two PEM files: the certificate (its chain may follow it) and its private key. */
export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
}

export interface TlsPair {
  /** The certificates of the file (the server's first, then its chain), PEM. */
  readonly cert: string;
  readonly key: string;
  /** The names and addresses the server's certificate is for (subjectAltName, else its CN). */
  readonly names: readonly string[];
  readonly validTo: Date;
}

/** What renewal needs of the server: Node's tls.Server (Fastify's with `https`). */
export type TlsServer = Pick<Server, 'setSecureContext'>;

export type PairRead =
  { readonly ok: true; readonly pair: TlsPair } | { readonly ok: false; readonly problem: string };

const DAY_MS = 24 * 60 * 60 * 1000;
/** certbot renews 30 days before the end; two weeks left means renewal has failed for two. */
export const WARN_DAYS = 14;

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/;

function certNames(cert: X509Certificate): string[] {
  const names = (cert.subjectAltName ?? '')
    .split(',')
    .map((entry) => entry.trim().replace(/^(DNS|IP Address):/, ''))
    .filter((name) => name !== '');
  if (names.length > 0) return names;
  const cn = /(?:^|\n)CN=(.*)/.exec(cert.subject)?.[1];
  return cn === undefined ? [] : [cn];
}

/** The pair from the two files' texts, checked as the server will use it. */
export function pairFrom(files: TlsFiles, certText: string, keyText: string, now: Date): PairRead {
  const fail = (problem: string): PairRead => ({ ok: false, problem });
  const blocks = certText.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0)
    return fail(`${files.cert}: no PEM certificate in it (-----BEGIN CERTIFICATE-----)`);
  const chain: X509Certificate[] = [];
  for (const [i, block] of blocks.entries()) {
    try {
      chain.push(new X509Certificate(block));
    } catch {
      return fail(`${files.cert}: certificate ${i + 1} in it is not a valid certificate`);
    }
  }
  const keyBlock = KEY_BLOCK.exec(keyText);
  if (keyBlock === null)
    return fail(`${files.key}: no PEM private key in it (-----BEGIN PRIVATE KEY-----)`);
  if (keyBlock[1] === 'ENCRYPTED PRIVATE KEY')
    return fail(`${files.key}: the private key is encrypted; give it without a passphrase`);
  let key: KeyObject;
  try {
    key = createPrivateKey(keyBlock[0]);
  } catch {
    return fail(`${files.key}: not a valid private key`);
  }
  const [leaf] = chain;
  if (leaf === undefined) return fail(`${files.cert}: no certificate in it`);
  if (!leaf.checkPrivateKey(key))
    return fail(`${files.key} is not the private key of the certificate in ${files.cert}`);
  const validTo = new Date(leaf.validTo);
  const validFrom = new Date(leaf.validFrom);
  if (validTo.getTime() <= now.getTime())
    return fail(`${files.cert}: the certificate expired on ${validTo.toISOString()}`);
  if (validFrom.getTime() > now.getTime())
    return fail(
      `${files.cert}: the certificate is valid only from ${validFrom.toISOString()} (is this computer's clock right?)`,
    );
  const pair = { cert: blocks.join('\n') + '\n', key: keyBlock[0] + '\n' };
  try {
    createSecureContext(pair);
  } catch (e) {
    return fail(`${files.cert}, ${files.key}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { ok: true, pair: { ...pair, names: certNames(leaf), validTo } };
}

async function textOf(path: string): Promise<string | { problem: string }> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    return { problem: `${path}: cannot be read (${code})` };
  }
}

async function filesText(
  files: TlsFiles,
): Promise<{ cert: string; key: string } | { problem: string }> {
  const cert = await textOf(files.cert);
  if (typeof cert !== 'string') return cert;
  const key = await textOf(files.key);
  if (typeof key !== 'string') return key;
  return { cert, key };
}

/** Reads and checks the pair; never throws. */
export async function readTlsPair(files: TlsFiles, now: Date): Promise<PairRead> {
  const got = await filesText(files);
  if ('problem' in got) return { ok: false, problem: got.problem };
  return pairFrom(files, got.cert, got.key, now);
}

/** What the log says of a pair: the names it covers and when it expires. */
export function describePair(pair: TlsPair, now: Date): string {
  const days = Math.floor((pair.validTo.getTime() - now.getTime()) / DAY_MS);
  return `for ${pair.names.join(', ') || '(no names)'}, expires ${pair.validTo.toISOString()} (in ${days} days)`;
}

/** A warning when the pair expires within WARN_DAYS, else null. */
export function expiryWarning(pair: TlsPair, now: Date): string | null {
  if (pair.validTo.getTime() - now.getTime() > WARN_DAYS * DAY_MS) return null;
  return `Warning: the TLS certificate expires within ${WARN_DAYS} days (${pair.validTo.toISOString()}): renew it (certbot renew); the new files are taken without a restart.`;
}

export interface Renewal {
  /** Reads the files once; takes a changed pair that checks out. */
  check(): Promise<void>;
}

/**
 * Takes the files' new pair through `apply` (tls.Server.setSecureContext) when
 * they change and check out; logs a changed pair that does not and keeps the
 * one in use. Warns of the coming expiry at most once a day.
 */
export function tlsRenewal(options: {
  readonly files: TlsFiles;
  readonly current: TlsPair;
  readonly apply: (pair: TlsPair) => void;
  readonly now: () => Date;
  readonly log: (line: string) => void;
}): Renewal {
  const { files, apply, now, log } = options;
  let current = options.current;
  // The files' texts (or why they could not be read) last looked at: each change is logged once.
  let seen = `${current.cert}\0${current.key}`;
  let warnedAt = now().getTime();
  return {
    async check() {
      const at = now();
      const got = await filesText(files);
      const texts = 'problem' in got ? got.problem : `${got.cert}\0${got.key}`;
      if (texts !== seen) {
        seen = texts;
        const read: PairRead =
          'problem' in got
            ? { ok: false, problem: got.problem }
            : pairFrom(files, got.cert, got.key, at);
        if (read.ok && (read.pair.cert !== current.cert || read.pair.key !== current.key)) {
          apply(read.pair);
          current = read.pair;
          log(`TLS certificate renewed: ${describePair(current, at)}; taken for new connections.`);
          warnedAt = at.getTime();
          const warning = expiryWarning(current, at);
          if (warning !== null) log(warning);
          return;
        }
        if (!read.ok)
          log(
            `TLS files changed but not taken (${read.problem}); still serving the certificate ${describePair(current, at)}.`,
          );
      }
      const warning = expiryWarning(current, at);
      if (warning !== null && at.getTime() - warnedAt >= DAY_MS) {
        warnedAt = at.getTime();
        log(warning);
      }
    },
  };
}

/**
 * Checks the files every `everyMs` (PATRAVALI_TLS_CHECK_MS) for the server's
 * life: a timer rather than fs.watch, which misses certbot's swap of the
 * symbolic links in /etc/letsencrypt/live. Returns the stop.
 */
export function watchTlsFiles(
  server: TlsServer,
  files: TlsFiles,
  current: TlsPair,
  everyMs: number,
  log: (line: string) => void,
): () => void {
  const renewal = tlsRenewal({
    files,
    current,
    apply: (pair) => server.setSecureContext({ cert: pair.cert, key: pair.key }),
    now: () => new Date(),
    log,
  });
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    renewal
      .check()
      .catch((e: unknown) => log(`TLS files not checked: ${String(e)}`))
      .finally(() => (checking = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
