import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/**
 * The classroom's HTTPS certificates, kept in `<dataDir>/tls/`:
 * - `ca.crt`, `ca.key.pem`   a small certificate authority made once per data
 *                            directory; tablets trust it (download /cert.crt);
 * - `server.crt`, `server.key.pem`  the server's certificate, signed by that CA,
 *                            for localhost, 127.0.0.1 and the machine's LAN
 *                            addresses;
 * - `server.json`            the names the server certificate was made for.
 * When the LAN addresses change (another Wi-Fi, a new DHCP lease) only the
 * server certificate is made again, so tablets that trust the CA keep working.
 */

export interface CertificateNames {
  readonly dns: readonly string[];
  readonly ips: readonly string[];
}

export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
  /** The CA certificate (PEM) tablets install; served at /cert.crt. */
  readonly caCert: string;
  readonly caPath: string;
  /** What had to be made on this start. */
  readonly made: 'nothing' | 'server' | 'caAndServer';
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Browsers refuse server certificates valid for longer than 398 days. */
const SERVER_DAYS = 397;
const CA_DAYS = 10 * 365;
/** Renew the server certificate this long before it expires. */
const RENEW_BEFORE_DAYS = 30;
const KEY = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' } as const;

/** localhost and 127.0.0.1 always, plus the LAN addresses, sorted so comparisons are stable. */
export function classroomNames(lanAddresses: readonly string[]): CertificateNames {
  return { dns: ['localhost'], ips: [...new Set(['127.0.0.1', ...lanAddresses])].sort() };
}

async function readText(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch(() => null);
}

function sameNames(a: CertificateNames, b: CertificateNames): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function makeCa(now: Date): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'Patravali classroom CA' }], {
    ...KEY,
    notBeforeDate: new Date(now.getTime() - DAY_MS),
    notAfterDate: new Date(now.getTime() + CA_DAYS * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

async function makeServer(
  ca: { key: string; cert: string },
  names: CertificateNames,
  now: Date,
): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'Patravali classroom server' }], {
    ...KEY,
    notBeforeDate: new Date(now.getTime() - DAY_MS),
    notAfterDate: new Date(now.getTime() + SERVER_DAYS * DAY_MS),
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...names.dns.map((value) => ({ type: 2 as const, value })),
          ...names.ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

function expiresSoon(certPem: string, now: Date): boolean {
  const validTo = Date.parse(new X509Certificate(certPem).validTo);
  return !(validTo - now.getTime() > RENEW_BEFORE_DAYS * DAY_MS);
}

/** Loads the certificates from `dir`, making whatever is missing, stale or for other names. */
export async function ensureTls(
  dir: string,
  names: CertificateNames,
  now: Date,
): Promise<TlsMaterial> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = (file: string): string => join(dir, file);
  let made: TlsMaterial['made'] = 'nothing';
  let caKey = await readText(path('ca.key.pem'));
  let caCert = await readText(path('ca.crt'));
  if (caKey === null || caCert === null || expiresSoon(caCert, now)) {
    ({ key: caKey, cert: caCert } = await makeCa(now));
    await writeFile(path('ca.key.pem'), caKey, { mode: 0o600 });
    await writeFile(path('ca.crt'), caCert);
    made = 'caAndServer';
  }
  let key = await readText(path('server.key.pem'));
  let cert = await readText(path('server.crt'));
  const madeFor = await readText(path('server.json'));
  const stale =
    made !== 'nothing' ||
    key === null ||
    cert === null ||
    madeFor === null ||
    !sameNames(JSON.parse(madeFor) as CertificateNames, names) ||
    expiresSoon(cert, now);
  if (stale) {
    ({ key, cert } = await makeServer({ key: caKey, cert: caCert }, names, now));
    await writeFile(path('server.key.pem'), key, { mode: 0o600 });
    await writeFile(path('server.crt'), cert);
    await writeFile(path('server.json'), JSON.stringify(names));
    if (made === 'nothing') made = 'server';
  }
  if (key === null || cert === null) throw new Error('TLS certificate could not be made');
  return { key, cert, caCert, caPath: path('ca.crt'), made };
}
