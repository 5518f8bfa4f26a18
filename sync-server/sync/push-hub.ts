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
  readonly person: PersonId;
  readonly tokenHash: string;
  readonly scope: Scope;
  send(bytes: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Close code for a socket whose session ended (signed out, revoked, expired). */
export const SESSION_ENDED = 4401;
/** Close code for a person's oldest socket when they open one too many. */
export const TOO_MANY_SOCKETS = 4429;

/** A record touched by a commit, with everyone who may now see it. */
export interface CommittedRecord {
  readonly recordId: RecordId;
  readonly office: OfficeId;
  readonly access: readonly PersonId[];
}

export class PushHub {
  private readonly subscribers = new Set<Subscriber>();

  /** Adds `sub`; when its person then has more than `perPerson` sockets, closes their oldest. */
  add(sub: Subscriber, perPerson = Infinity): () => void {
    this.subscribers.add(sub);
    const own = [...this.subscribers].filter((s) => s.person === sub.person);
    for (const old of own.slice(0, Math.max(0, own.length - perPerson))) {
      this.subscribers.delete(old);
      old.close(TOO_MANY_SOCKETS, 'too many push sockets');
    }
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
    for (const sub of this.subscribers) if (sub.tokenHash === tokenHash) this.drop(sub);
  }

  /**
   * Closes the sockets whose session is no longer live: an administrator's
   * revoke runs in another process (`npm run admin`), so the server asks again.
   */
  async closeEnded(isLive: (tokenHash: string) => Promise<boolean>): Promise<number> {
    const hashes = new Set([...this.subscribers].map((s) => s.tokenHash));
    let closed = 0;
    for (const hash of hashes) {
      if (await isLive(hash)) continue;
      this.closeSession(hash);
      closed++;
    }
    return closed;
  }

  closeAll(): void {
    for (const sub of this.subscribers) sub.close(1001, 'server closing');
    this.subscribers.clear();
  }

  private drop(sub: Subscriber): void {
    this.subscribers.delete(sub);
    sub.close(SESSION_ENDED, 'session ended');
  }
}
