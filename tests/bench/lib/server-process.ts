import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildServer } from '../../../sync-server/app.ts';
import { configFromEnv } from '../../../sync-server/config.ts';

/**
 * The real Patravali server in its own process (forked by server.ts), so the
 * benchmark can read its memory and so device work in the benchmark process
 * does not run on the server's event loop. Reports its port over IPC.
 */

const app = buildServer(configFromEnv(process.env, process.cwd()), {
  now: () => Date.now(),
  randomBytes: (n) => new Uint8Array(randomBytes(n)),
});
// PATRAVALI_BENCH_HOST: the veth address when server.ts starts this inside a network namespace.
await app.listen({ port: 0, host: process.env['PATRAVALI_BENCH_HOST'] ?? '127.0.0.1' });
process.send?.({ port: (app.server.address() as AddressInfo).port });
process.on('message', (msg) => {
  if (msg === 'close') void app.close().then(() => process.exit(0));
});
process.on('disconnect', () => void app.close().then(() => process.exit(0)));
