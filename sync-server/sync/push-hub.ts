import type { DeviceId, PersonId, RecordId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import type { Scope } from '../storage/types.ts';
import { recordInScope, type RecordReach } from './scope.ts';

/**
 * Open push sockets, in memory for this process only. A socket only ever hears
 * "new data past cursor N" (an Announce frame; the device then pulls) and, every
 * heartbeat interval, a Heartbeat frame and a WebSocket ping. The frame tells
 * the device its link still works; the ping (answered by the device's browser
 * on its own) tells the server, which drops a socket that let a whole interval
 * pass without a pong: its link died without closing.
 */

export interface HeartbeatTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface Subscriber {
  readonly deviceId: DeviceId;
  readonly person: PersonId;
  readonly tokenHash: string;
  readonly scope: Scope;
  send(bytes: Uint8Array): void;
  close(code: number, reason: string): void;
  /** A liveness probe the device answers by itself (a WebSocket ping; browsers pong). */
  ping(): void;
  /** Drops a connection that stopped answering, without waiting for a closing handshake. */
  terminate(): void;
}

/** Close code for a socket whose session ended (signed out, revoked, expired). */
export const SESSION_ENDED = 4401;
/** Close code for a person's oldest socket when they open one too many. */
export const TOO_MANY_SOCKETS = 4429;

/** A record touched by a commit, with everyone who may now see it (a restricted one: only they). */
export interface CommittedRecord extends RecordReach {
  readonly recordId: RecordId;
}

export class PushHub {
  private readonly subscribers = new Set<Subscriber>();
  /** Pinged at the last beat and not heard from since. */
  private readonly unanswered = new Set<Subscriber>();
  private stopBeating: (() => void) | null = null;
  private heartbeat: Uint8Array | null = null;

  /** Adds `sub`; when its person then has more than `perPerson` sockets, closes their oldest. */
  add(sub: Subscriber, perPerson = Infinity): () => void {
    this.subscribers.add(sub);
    const own = [...this.subscribers].filter((s) => s.person === sub.person);
    for (const old of own.slice(0, Math.max(0, own.length - perPerson))) {
      this.forget(old);
      old.close(TOO_MANY_SOCKETS, 'too many push sockets');
    }
    // At once, so the device watches its link from the start, not from the next beat.
    if (this.heartbeat !== null) sub.send(this.heartbeat);
    return () => this.forget(sub);
  }

  /** The device answered a ping (or said anything): its link works. */
  answered(sub: Subscriber): void {
    this.unanswered.delete(sub);
  }

  /**
   * One heartbeat: drops every socket that has not answered the previous ping,
   * then pings the rest and sends them a Heartbeat frame. Returns how many it dropped.
   */
  beat(intervalMs: number): number {
    const frame = heartbeatFrame(intervalMs);
    let dropped = 0;
    for (const sub of [...this.subscribers]) {
      if (this.unanswered.has(sub)) {
        this.forget(sub);
        sub.terminate();
        dropped++;
        continue;
      }
      this.unanswered.add(sub);
      sub.ping();
      sub.send(frame);
    }
    return dropped;
  }

  /** Beats every `intervalMs` until closeAll(). */
  startHeartbeat(intervalMs: number, timers: HeartbeatTimers): void {
    if (this.stopBeating !== null) return;
    this.heartbeat = heartbeatFrame(intervalMs);
    const handle = timers.setInterval(() => this.beat(intervalMs), intervalMs);
    this.stopBeating = () => timers.clearInterval(handle);
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
      if (records.some((r) => recordInScope(sub.scope, r))) {
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

  /**
   * Tells every device the server took a new directory (`version`), so each asks for
   * it now, not at its next check (an office relay's upstream run took the district's).
   * Returns how many were told.
   */
  announceDirectory(version: number): number {
    const frame = encodeFrame({ type: 'directory', version });
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

  /**
   * Closes the sockets of `people` with `code` (an office relay's directory moved
   * them: their scope was fixed when the socket opened); returns how many.
   */
  closePeople(people: readonly PersonId[], code: number, reason: string): number {
    const closed = [...this.subscribers].filter((s) => people.includes(s.person));
    for (const sub of closed) {
      this.forget(sub);
      sub.close(code, reason);
    }
    return closed.length;
  }

  closeAll(): void {
    this.stopBeating?.();
    this.stopBeating = null;
    for (const sub of this.subscribers) sub.close(1001, 'server closing');
    this.subscribers.clear();
    this.unanswered.clear();
  }

  private drop(sub: Subscriber): void {
    this.forget(sub);
    sub.close(SESSION_ENDED, 'session ended');
  }

  private forget(sub: Subscriber): void {
    this.subscribers.delete(sub);
    this.unanswered.delete(sub);
  }
}

function heartbeatFrame(intervalMs: number): Uint8Array {
  return encodeFrame({ type: 'heartbeat', intervalMs });
}
