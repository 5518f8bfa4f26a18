import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext, type Server } from 'node:tls';

/**
 * A certificate of the deployment's own (PATRAVALI_TLS_CERT, PATRAVALI_TLS_KEY):
 * issued for the tablets' one host name by the state's CA or a public one, e.g.
 * by certbot (docs/RELAY.md section 6, "Certificates"). The district and an office
 * relay read the pair at start (one that cannot be used stops the start, naming
 * the file; one expired or not valid yet is served, logged as an error) and
 * read it again on a timer, taking a renewed pair for new connections; one that
 * does not check out (half written, the key of another certificate, not valid
 * now) is left where it is and logged, the pair in use is kept, and the files
 * are checked again at the next tick.
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

/**
 * A pair that checks out, with what the log must say of it: `warnings` (its
 * chain is missing) and `notValidNow`, why it is not valid at this time (expired,
 * or not valid yet: is the clock right?), else null. At start such a pair is
 * still served, the problem logged as an error (https-deps.ts); a renewed one is
 * not taken.
 */
export type PairRead =
  | {
      readonly ok: true;
      readonly pair: TlsPair;
      readonly warnings: readonly string[];
      readonly notValidNow: string | null;
    }
  | { readonly ok: false; readonly problem: string };

const DAY_MS = 24 * 60 * 60 * 1000;
/** certbot renews 30 days before the end; two weeks left means renewal has failed for two. */
export const WARN_DAYS = 14;

const BEGIN_CERT = '-----BEGIN CERTIFICATE-----';
const END_CERT = '-----END CERTIFICATE-----';
const KEY_BLOCK = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/;
/** An encrypted key of the old (PKCS#1, SEC1) kind says so in a header. */
const OLD_ENCRYPTED = /^Proc-Type:\s*4,ENCRYPTED/m;

function certNames(cert: X509Certificate): string[] {
  const names = (cert.subjectAltName ?? '')
    .split(',')
    .map((entry) => entry.trim().replace(/^(DNS|IP Address):/, ''))
    .filter((name) => name !== '');
  if (names.length > 0) return names;
  const cn = /(?:^|\n)CN=(.*)/.exec(cert.subject)?.[1];
  return cn === undefined ? [] : [cn];
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The certificate blocks of the file, each whole: a block whose end line has
 * not come (cut off mid-write) is a problem, not left out.
 */
function certBlocks(files: TlsFiles, certText: string): string[] | { problem: string } {
  const parts = certText.split(BEGIN_CERT).slice(1);
  if (parts.length === 0)
    return { problem: `${files.cert}: no PEM certificate in it (${BEGIN_CERT})` };
  const blocks: string[] = [];
  for (const [i, part] of parts.entries()) {
    const end = part.indexOf(END_CERT);
    if (end < 0)
      return {
        problem: `${files.cert}: certificate ${i + 1} in it is cut off (no ${END_CERT} line after it): still being written?`,
      };
    blocks.push(BEGIN_CERT + part.slice(0, end + END_CERT.length));
  }
  return blocks;
}

/** Why the server's certificate is not valid at `now`, else null. */
function timeProblem(files: TlsFiles, leaf: X509Certificate, now: Date): string | null {
  const validTo = new Date(leaf.validTo);
  const validFrom = new Date(leaf.validFrom);
  if (validTo.getTime() <= now.getTime())
    return `${files.cert}: the certificate expired on ${validTo.toISOString()}`;
  if (validFrom.getTime() > now.getTime())
    return `${files.cert}: the certificate is valid only from ${validFrom.toISOString()} (is this computer's clock right?)`;
  return null;
}

/** The pair from the two files' texts, checked as the server will use it. */
export function pairFrom(files: TlsFiles, certText: string, keyText: string, now: Date): PairRead {
  const fail = (problem: string): PairRead => ({ ok: false, problem });
  const blocks = certBlocks(files, certText);
  if ('problem' in blocks) return fail(blocks.problem);
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
  const encrypted = `${files.key}: the private key is encrypted; give it without a passphrase`;
  if (keyBlock[1] === 'ENCRYPTED PRIVATE KEY' || OLD_ENCRYPTED.test(keyBlock[0]))
    return fail(encrypted);
  let key: KeyObject;
  try {
    key = createPrivateKey(keyBlock[0]);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_MISSING_PASSPHRASE') return fail(encrypted);
    return fail(`${files.key}: not a valid private key (${messageOf(e)})`);
  }
  const [leaf] = chain;
  if (leaf === undefined) return fail(`${files.cert}: no certificate in it`);
  if (!leaf.checkPrivateKey(key)) {
    const later = chain.findIndex((cert) => cert.checkPrivateKey(key));
    if (later > 0)
      return fail(
        `${files.cert}: the server's certificate must come first: ${files.key} is the key of certificate ${later + 1} in it`,
      );
    return fail(`${files.key} is not the private key of the certificate in ${files.cert}`);
  }
  // Each certificate is followed by its issuer's (the chain a client is sent, in order).
  for (const [i, cert] of chain.entries()) {
    const issuer = chain[i + 1];
    if (issuer !== undefined && !cert.checkIssued(issuer))
      return fail(
        `${files.cert}: certificate ${i + 2} in it did not issue certificate ${i + 1}: the chain must be in order, the server's certificate first, then each one's issuer`,
      );
  }
  const warnings: string[] = [];
  // A leaf issued by a root the clients trust is served alone legitimately: warn, do not refuse.
  if (!leaf.checkIssued(leaf) && !chain.slice(1).some((cert) => leaf.checkIssued(cert)))
    warnings.push(
      `Warning: ${files.cert} holds the server's certificate without the certificate of its issuer (${leaf.issuer.replace(/\n/g, ', ')}): the chain is missing: give fullchain.pem, not cert.pem. Clients that do not trust that issuer itself refuse it (Node, as an office relay's link to its district: UNABLE_TO_VERIFY_LEAF_SIGNATURE).`,
    );
  const pair = { cert: blocks.join('\n') + '\n', key: keyBlock[0] + '\n' };
  try {
    createSecureContext(pair);
  } catch (e) {
    return fail(`${files.cert}, ${files.key}: ${messageOf(e)}`);
  }
  return {
    ok: true,
    pair: { ...pair, names: certNames(leaf), validTo: new Date(leaf.validTo) },
    warnings,
    notValidNow: timeProblem(files, leaf, now),
  };
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

/**
 * Who serves the pair, for what the warning advises: the district renews it
 * (certbot), an office relay is given the district's renewed files.
 */
export type TlsRole = 'district' | 'relay';

/**
 * A warning when the pair in use (from `files`) has expired or expires within
 * WARN_DAYS, else null; `refused` is why the newer pair in the files was not
 * taken, if it was not.
 */
export function expiryWarning(
  pair: TlsPair,
  now: Date,
  files: TlsFiles,
  role: TlsRole,
  refused: string | null = null,
): string | null {
  const left = pair.validTo.getTime() - now.getTime();
  if (left > WARN_DAYS * DAY_MS) return null;
  const end = pair.validTo.toISOString();
  const state =
    left <= 0
      ? `expired on ${end}: clients refuse it`
      : `expires on ${end} (in ${Math.floor(left / DAY_MS)} days)`;
  const advice =
    role === 'district'
      ? 'renew it (certbot renew)'
      : "copy the district's renewed fullchain.pem and privkey.pem over these files";
  const newer = refused === null ? '' : ` A newer pair in ${files.cert} is not taken: ${refused}.`;
  return `Warning: the TLS certificate in ${files.cert} ${state}; ${advice}: new files are taken without a restart.${newer}`;
}

export interface Renewal {
  /** Reads the files once; takes a changed pair that checks out. */
  check(): Promise<void>;
}

/**
 * Takes the files' new pair through `apply` (tls.Server.setSecureContext) when
 * they change and check out; logs a changed pair that does not and keeps the
 * one in use. While the files hold a pair not taken they are checked again at
 * every call (a pair not valid yet becomes valid as the clock goes on), and the
 * problem is logged again only when it changes. Warns of the coming expiry at
 * most once a day, with the last refusal.
 */
export function tlsRenewal(options: {
  readonly files: TlsFiles;
  readonly current: TlsPair;
  readonly apply: (pair: TlsPair) => void;
  readonly now: () => Date;
  readonly log: (line: string) => void;
  readonly role: TlsRole;
}): Renewal {
  const { files, apply, now, log, role } = options;
  let current = options.current;
  // The files' texts when they last held the pair in use: unchanged, nothing to check.
  let taken = `${current.cert}\0${current.key}`;
  // Why the files' pair was not taken at the last check (null: it was), logged once.
  let refused: string | null = null;
  let warnedAt = now().getTime();

  function take(read: Extract<PairRead, { ok: true }>, texts: string, at: Date): string | null {
    if (read.pair.cert === current.cert && read.pair.key === current.key) {
      taken = texts;
      return null;
    }
    if (read.notValidNow !== null) return read.notValidNow;
    try {
      apply(read.pair);
    } catch (e) {
      return `${files.cert}, ${files.key}: the server did not take it (${messageOf(e)})`;
    }
    current = read.pair;
    taken = texts;
    log(`TLS certificate renewed: ${describePair(current, at)}; taken for new connections.`);
    for (const warning of read.warnings) log(warning);
    warnedAt = at.getTime();
    const warning = expiryWarning(current, at, files, role);
    if (warning !== null) log(warning);
    return null;
  }

  return {
    async check() {
      const at = now();
      const got = await filesText(files);
      let problem: string | null = null;
      if ('problem' in got) problem = got.problem;
      else {
        const texts = `${got.cert}\0${got.key}`;
        if (texts !== taken) {
          const read = pairFrom(files, got.cert, got.key, at);
          problem = read.ok ? take(read, texts, at) : read.problem;
        }
      }
      if (problem !== null && problem !== refused)
        log(
          `TLS files changed but not taken (${problem}); still serving the certificate ${describePair(current, at)}.`,
        );
      refused = problem;
      const warning = expiryWarning(current, at, files, role, refused);
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
  role: TlsRole,
  log: (line: string) => void,
): () => void {
  const renewal = tlsRenewal({
    files,
    current,
    role,
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
