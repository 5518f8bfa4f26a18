import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import { buildServer } from './app.ts';
import { ConfigError, configFromEnv, isDemoMode } from './config.ts';
import { DirectoryFileError } from './directory/install-directory.ts';

/**
 * `npm start`: read the environment, open storage, install the directory, listen,
 * and print where to open the app. The first stdout line matching
 * `Patravali listening on http://HOST:PORT/` is parsed by tests.
 */

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

async function main(): Promise<void> {
  const config = configFromEnv(process.env, process.cwd());
  const app = buildServer(config, {
    now: () => Date.now(),
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
  });
  await app.listen({ port: config.port, host: config.host });
  const { port } = app.server.address() as AddressInfo;
  const local = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  console.log(`Patravali listening on http://${local}:${port}/`);
  console.log(`Open http://localhost:${port}/ on this computer.`);
  if (config.host === '0.0.0.0' || config.host === '::') {
    for (const ip of lanAddresses()) console.log(`On the office network: http://${ip}:${port}/`);
  }
  console.log(`Data: ${config.dataDir}`);
  if (isDemoMode(config)) {
    console.log(
      'Demo mode: demo district, password demo1234 (set PATRAVALI_DIRECTORY for a real deployment).',
    );
  }
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
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError || e instanceof DirectoryFileError)
    console.error(`Patravali: ${e.message}`);
  else console.error(e);
  process.exit(1);
});
