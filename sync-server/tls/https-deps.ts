import { join } from 'node:path';
import type { ServerDeps } from '../app.ts';
import type { ServerConfig } from '../config.ts';
import { classroomNames, ensureTls } from './certificate.ts';

/**
 * The certificate `--https` (PATRAVALI_HTTPS=1) serves with, for the district
 * server (`npm start`) and an office relay (`npm run relay`) alike: made once in
 * the data directory by its own certificate authority, for this computer's LAN
 * addresses and localhost; undefined when HTTPS is off.
 */
export async function httpsDeps(
  config: ServerConfig,
  lan: readonly string[],
): Promise<ServerDeps['https']> {
  if (!config.https) return undefined;
  const tls = await ensureTls(join(config.dataDir, 'tls'), classroomNames(lan), new Date());
  if (tls.made !== 'nothing')
    console.log(`TLS certificate made for ${lan.join(', ') || 'localhost'}: ${tls.caPath}`);
  return { key: tls.key, cert: tls.cert, caCert: tls.caCert };
}
