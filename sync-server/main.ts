import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { buildServer } from './app.ts';
import { ConfigError, configFromEnv, isDemoMode } from './config.ts';
import { DirectoryFileError } from './directory/install-directory.ts';
import { DataDirLockedError } from './storage/data-dir-lock.ts';
import { lanAddresses, startEnv } from './start-env.ts';
import { classroomBanner } from './tls/classroom-banner.ts';
import { httpsDeps } from './tls/https-deps.ts';

/**
 * `npm start`: read the environment, open storage, install the directory, listen,
 * and print where to open the app. The first stdout line matching
 * `Patravali listening on http(s)://HOST:PORT/` is parsed by tests.
 * `npm start -- --https` (or PATRAVALI_HTTPS=1) serves HTTPS for a classroom LAN;
 * PATRAVALI_TLS_CERT and PATRAVALI_TLS_KEY serve it with the deployment's own certificate.
 */

async function main(): Promise<void> {
  const config = configFromEnv(startEnv(process.env, process.argv.slice(2)), process.cwd());
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const lan = everywhere ? lanAddresses(networkInterfaces()) : [];
  // Before storage opens: a certificate that cannot be used stops the start, naming its file.
  const https = await httpsDeps(config, lan, 'district');
  const app = buildServer(config, {
    now: () => Date.now(),
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    https,
  });
  await app.listen({ port: config.port, host: config.host });
  // Before the first line that says it listens (a stop may follow it at once: systemd, a
  // test), so a stop always closes the database.
  let closing = false;
  const stop = (signal: string): void => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing…`);
    app.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const { port } = app.server.address() as AddressInfo;
  const local = everywhere ? '127.0.0.1' : config.host;
  const scheme = https === undefined ? 'http' : 'https';
  console.log(`Patravali listening on ${scheme}://${local}:${port}/`);
  console.log(`Open ${scheme}://localhost:${port}/ on this computer.`);
  for (const ip of lan) console.log(`On the office network: ${scheme}://${ip}:${port}/`);
  if (config.https) for (const line of await classroomBanner(port, lan)) console.log(line);
  console.log(`Data: ${config.dataDir}`);
  if (isDemoMode(config)) {
    console.log(
      'Demo mode: demo district, password demo1234 (set PATRAVALI_DIRECTORY for a real deployment).',
    );
  }
}

main().catch((e: unknown) => {
  if (
    e instanceof ConfigError ||
    e instanceof DirectoryFileError ||
    e instanceof DataDirLockedError
  )
    console.error(`Patravali: ${e.message}`);
  else console.error(e);
  process.exit(1);
});
