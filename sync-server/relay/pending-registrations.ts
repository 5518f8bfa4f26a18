import type { DeviceId, PersonId } from '@domain/ids.ts';
import { keptJson } from './relay-state.ts';

/**
 * Signing keys an office relay registered while the district could not be
 * reached (decision 0011), each with the tablet's sign-in request sealed to the
 * district (auth/seal-key.ts), kept in `relay-pending.json` until the upstream
 * link has forwarded it and the district has confirmed or refused it; and the
 * district's sealing key, so a relay restarted during an outage can still seal.
 * The relay cannot open what it keeps. Written whole after each change, one
 * change at a time.
 */

export const PENDING_FILE = 'relay-pending.json';

export interface PendingRegistration {
  readonly keyId: string;
  readonly person: PersonId;
  readonly deviceId: DeviceId;
  /** When the relay took it (its clock). */
  readonly at: number;
  /** The tablet's SessionRequest and `at`, sealed to the district (SealedRegistration). */
  readonly sealed: string;
}

interface PendingFile {
  readonly sealKey: string | null;
  readonly registrations: readonly PendingRegistration[];
  /**
   * The district's device numbers of the tablets whose registration it confirmed,
   * by device id (absent in files from before): the relay tells each tablet its
   * number, which it had no way to know when it let the tablet in.
   */
  readonly deviceNumbers?: Readonly<Record<string, number>>;
}

export interface PendingRegistrations {
  /** The district's sealing key last received, or null before the first. */
  sealKey(): string | null;
  setSealKey(key: string): Promise<void>;
  list(): readonly PendingRegistration[];
  isPending(keyId: string): boolean;
  add(registration: PendingRegistration): Promise<void>;
  /** Drops it once the district refused it. */
  remove(keyId: string): Promise<void>;
  /** Drops it once the district confirmed it, keeping the device number the district gave. */
  confirm(keyId: string, deviceId: DeviceId, deviceNumber: number): Promise<void>;
  /** The district's number for a device whose registration here it confirmed (undefined if none). */
  deviceNumberOf(deviceId: DeviceId): number | undefined;
}

export function openPendingRegistrations(dataDir: string): PendingRegistrations {
  const kept = keptJson<PendingFile>(dataDir, PENDING_FILE, { sealKey: null, registrations: [] });
  const state = (): PendingFile => kept.get();
  return {
    sealKey: () => state().sealKey,
    setSealKey: (key) =>
      key === state().sealKey ? Promise.resolve() : kept.change((s) => ({ ...s, sealKey: key })),
    list: () => state().registrations,
    isPending: (keyId) => state().registrations.some((r) => r.keyId === keyId),
    add: (registration) =>
      kept.change((s) => ({
        ...s,
        registrations: [
          ...s.registrations.filter((r) => r.keyId !== registration.keyId),
          registration,
        ],
      })),
    remove: (keyId) =>
      kept.change((s) => ({
        ...s,
        registrations: s.registrations.filter((r) => r.keyId !== keyId),
      })),
    confirm: (keyId, deviceId, deviceNumber) =>
      kept.change((s) => ({
        ...s,
        registrations: s.registrations.filter((r) => r.keyId !== keyId),
        deviceNumbers: { ...s.deviceNumbers, [deviceId]: deviceNumber },
      })),
    deviceNumberOf: (deviceId) => state().deviceNumbers?.[deviceId],
  };
}
