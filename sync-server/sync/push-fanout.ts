import type { DeviceId } from '@domain/ids.ts';
import { PushHub, type CommittedRecord } from './push-hub.ts';

/**
 * Push across server instances (issue 19): each instance's hub holds only its own
 * sockets, so what one instance tells its devices it also publishes on a bus every
 * instance listens to (PostgreSQL LISTEN/NOTIFY, storage/pg/pg-notify.ts), and each
 * tells its own devices what the others published. A device on instance A hears
 * about a change committed through instance B.
 */

export type PushMessage =
  | {
      readonly kind: 'announce';
      readonly records: readonly CommittedRecord[];
      readonly cursor: number;
      readonly fromDevice: DeviceId;
    }
  | { readonly kind: 'announceAll'; readonly cursor: number }
  | { readonly kind: 'closeSession'; readonly tokenHash: string };

export interface PushBus {
  /** Sends to every other instance (not back to this one). */
  publish(message: PushMessage): Promise<void>;
  /** Delivers what other instances publish; `missed` after the bus lost messages (a reconnect). */
  subscribe(on: (message: PushMessage) => void, missed: () => void): void;
  close(): Promise<void>;
}

export class FannedPushHub extends PushHub {
  constructor(
    private readonly bus: PushBus,
    /** The store's head, for telling every socket to pull after messages were lost. */
    head: () => Promise<number>,
  ) {
    super();
    bus.subscribe(
      (m) => this.deliver(m),
      () => void head().then((cursor) => super.announceAll(cursor), ignore),
    );
  }

  override announce(records: readonly CommittedRecord[], cursor: number, fromDevice: DeviceId) {
    this.publish({ kind: 'announce', records, cursor, fromDevice });
    return super.announce(records, cursor, fromDevice);
  }

  override announceAll(cursor: number): number {
    this.publish({ kind: 'announceAll', cursor });
    return super.announceAll(cursor);
  }

  override closeSession(tokenHash: string): void {
    this.publish({ kind: 'closeSession', tokenHash });
    super.closeSession(tokenHash);
  }

  override closeAll(): void {
    super.closeAll();
    void this.bus.close().catch(ignore);
  }

  /**
   * A lost message only delays a device until its next pull (its own timer or the
   * next announcement); it never stops the exchange that committed.
   */
  private publish(message: PushMessage): void {
    void this.bus.publish(message).catch(ignore);
  }

  private deliver(m: PushMessage): void {
    if (m.kind === 'announce') super.announce(m.records, m.cursor, m.fromDevice);
    else if (m.kind === 'announceAll') super.announceAll(m.cursor);
    else super.closeSession(m.tokenHash);
  }
}

const ignore = (): void => undefined;
