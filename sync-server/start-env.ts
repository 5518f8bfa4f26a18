import type { NetworkInterfaceInfo } from 'node:os';
import type { Env } from './config.ts';

/**
 * What `npm start` adds to the environment before reading the config, and which
 * addresses a classroom's tablets can reach this computer on. Pure (the process
 * env, argv and os.networkInterfaces() are passed in), so both are tested.
 */

/** `npm start` seeds the demo records unless told otherwise; `--https` wins over the env. */
export function startEnv(env: Env, argv: readonly string[]): Env {
  return {
    PATRAVALI_DEMO_CONTENT: '1',
    ...env,
    ...(argv.includes('--https') ? { PATRAVALI_HTTPS: '1' } : {}),
  };
}

/** The shape of os.networkInterfaces(). */
export type NetworkInterfaces = Readonly<
  Record<string, readonly NetworkInterfaceInfo[] | undefined>
>;

/** This computer's IPv4 addresses on the office or classroom network (no loopback). */
export function lanAddresses(interfaces: NetworkInterfaces): string[] {
  return Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}
