import type { DeviceId } from '@domain/ids.ts';
import { PAGE_BYTES } from '@protocol/messages.ts';
import type { DeviceContact, ServerStorage } from '../storage/types.ts';

/**
 * The earliest time a device's pushed event can honestly claim (`notBefore`,
 * docs/decisions/0002-record-order.md): its last contact with the server
 * before this exchange, since anything made before that contact would have
 * been pushed then. While a push of several pages is going on (the previous
 * exchange pushed at least half a page) the bound stays where it was; a
 * device's first exchange falls back to its registration.
 */

export function notBeforeOf(prev: DeviceContact | null, registeredAt: number | null): number {
  if (prev === null) return registeredAt ?? 0;
  return prev.lastPushBytes >= PAGE_BYTES / 2 ? prev.anchor : prev.lastAt;
}

export function nextContact(
  deviceId: DeviceId,
  at: number,
  pushedBytes: number,
  notBefore: number,
): DeviceContact {
  return { deviceId, lastAt: at, lastPushBytes: pushedBytes, anchor: notBefore };
}

/**
 * Contacts by device: the latest in memory (an idle sync writes nothing to
 * disk), stored with every commit. After a restart the stored one is older
 * than the truth, which only loosens the bound, never tightens it wrongly.
 */
export interface ContactBook {
  get(deviceId: DeviceId): Promise<DeviceContact | null>;
  set(contact: DeviceContact): void;
}

export function createContactBook(storage: ServerStorage): ContactBook {
  const latest = new Map<DeviceId, DeviceContact>();
  return {
    get: async (deviceId) => latest.get(deviceId) ?? (await storage.deviceContact(deviceId)),
    set: (contact) => {
      latest.set(contact.deviceId, contact);
    },
  };
}
