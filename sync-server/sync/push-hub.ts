import type { DeviceId, OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import type { Scope } from '../storage/types.ts';
import { recordInScope } from './scope.ts';

/**
 * Open push sockets, in memory for this process only. A socket only ever hears
 * "new data past cursor N" (an Announce frame); the device then pulls.
 */

export interface Subscriber {
  readonly deviceId: DeviceId;
  readonly tokenHash: string;
  readonly scope: Scope;
  send(bytes: Uint8Array): void;
  close(): void;
}

/** A record touched by a commit, with everyone who may now see it. */
export interface CommittedRecord {
  readonly recordId: RecordId;
  readonly office: OfficeId;
  readonly access: readonly PersonId[];
}

export class PushHub {
  private readonly subscribers = new Set<Subscriber>();

  add(sub: Subscriber): () => void {
    this.subscribers.add(sub);
    return () => {
      this.subscribers.delete(sub);
    };
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Tells every other device that can see one of the records that data past `cursor` exists. */
  announce(records: readonly CommittedRecord[], cursor: number, fromDevice: DeviceId): number {
    if (records.length === 0) return 0;
    const frame = encodeFrame({ type: 'announce', cursor });
    let sent = 0;
    for (const sub of this.subscribers) {
      if (sub.deviceId === fromDevice) continue;
      if (records.some((r) => recordInScope(sub.scope, r.office, r.access))) {
        sub.send(frame);
        sent++;
      }
    }
    return sent;
  }

  /** Tells every device (after a demo reset) that data past `cursor` exists; returns how many. */
  announceAll(cursor: number): number {
    const frame = encodeFrame({ type: 'announce', cursor });
    for (const sub of this.subscribers) sub.send(frame);
    return this.subscribers.size;
  }

  /** A revoked session must not keep listening. */
  closeSession(tokenHash: string): void {
    for (const sub of this.subscribers) if (sub.tokenHash === tokenHash) sub.close();
  }

  closeAll(): void {
    for (const sub of this.subscribers) sub.close();
    this.subscribers.clear();
  }
}
