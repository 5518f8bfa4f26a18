import type { Directory, Person } from '@domain/directory.ts';
import type { DeviceId } from '@domain/ids.ts';

/** HTTP paths, shared by device and server. */
export const API = {
  health: '/healthz',
  session: '/api/session',
  directory: '/api/directory',
  sync: '/api/sync',
  push: '/api/push',
  /** POST, trainer only, demo mode only: wipe the class's work and reseed the demo district. */
  demoReset: '/api/demo/reset',
} as const;

/** POST /api/session (JSON). Also registers the device on first sign-in. */
export interface SessionRequest {
  readonly username: string;
  readonly password: string;
  readonly deviceId: DeviceId;
  /** Optional label shown to administrators, e.g. "Vikasnagar tablet 2". */
  readonly deviceLabel?: string;
}

export interface SessionResponse {
  /** Bearer token; the server keeps only its hash. */
  readonly token: string;
  readonly expiresAt: number;
  readonly person: Person;
  readonly directory: Directory;
  /** Per-office device number, assigned once at registration; used in record numbers. */
  readonly deviceNumber: number;
  readonly serverTime: number;
  /**
   * This person's author key on this device (32 bytes, base64url), the same at
   * every sign-in of the pair. The device attests the person's changes with it
   * so they are accepted when another person's session pushes them.
   */
  readonly authorKey: string;
}

/** POST /api/demo/reset answer: the new data generation and how many demo records it holds. */
export interface DemoResetResponse {
  readonly generation: number;
  readonly records: number;
}

/** JSON error body for non-sync endpoints. */
export interface ApiError {
  readonly error: 'badRequest' | 'badCredentials' | 'unauthenticated' | 'forbidden' | 'notFound';
  readonly detail: string;
}
