import { join } from 'node:path';
import type { ServerDeps } from '../app.ts';
import { ConfigError, type ServerConfig } from '../config.ts';
import { classroomNames, ensureTls } from './certificate.ts';
import {
  describePair,
  expiryWarning,
  readTlsPair,
  watchTlsFiles,
  type TlsRole,
} from './tls-files.ts';

/**
 * The certificate the district server (`npm start`) and an office relay
 * (`npm run relay`) alike serve HTTPS with; undefined when HTTPS is off:
 * - PATRAVALI_TLS_CERT and PATRAVALI_TLS_KEY: the deployment's own, e.g. for the
 *   tablets' one host name (docs/RELAY.md section 6), checked here (a pair
 *   that cannot be used is a ConfigError naming the file, before anything
 *   starts; one expired or not valid yet is served, logged as an error: the
 *   relay must keep passing on the work it holds, and a renewal may not have
 *   come over the WAN) and read again every PATRAVALI_TLS_CHECK_MS for a
 *   renewed one;
 * - `--https` (PATRAVALI_HTTPS=1), the classroom's: made once in the data
 *   directory by its own certificate authority, for this computer's LAN
 *   addresses and localhost.
 */
export async function httpsDeps(
  config: ServerConfig,
  lan: readonly string[],
  role: TlsRole,
  log: (line: string) => void = (line) => console.log(line),
): Promise<ServerDeps['https']> {
  const files = config.tlsFiles;
  if (files !== undefined && files !== null) {
    const now = new Date();
    const read = await readTlsPair(files, now);
    if (!read.ok) throw new ConfigError(`TLS certificate not usable: ${read.problem}`);
    const { pair } = read;
    log(`TLS certificate ${describePair(pair, now)}: ${files.cert}`);
    if (read.notValidNow !== null)
      log(
        `ERROR: TLS certificate not valid now: ${read.notValidNow}; clients refuse it. Started with it anyway; a valid pair written over the files is taken without a restart.`,
      );
    for (const warning of read.warnings) log(warning);
    const warning = expiryWarning(pair, now, files, role);
    if (warning !== null) log(warning);
    return {
      key: pair.key,
      cert: pair.cert,
      watch: (server) => watchTlsFiles(server, files, pair, config.tlsCheckMs, role, log),
    };
  }
  if (!config.https) return undefined;
  const tls = await ensureTls(join(config.dataDir, 'tls'), classroomNames(lan), new Date());
  if (tls.made !== 'nothing')
    console.log(`TLS certificate made for ${lan.join(', ') || 'localhost'}: ${tls.caPath}`);
  return { key: tls.key, cert: tls.cert, caCert: tls.caCert };
}
