import type { EventBase } from './event-base.ts';
import type { EventId } from './ids.ts';

/** Volumes of a file (issue 17, volumes.ts). */

/**
 * On a file, by its holder: volume `volume` (the one being written) is closed
 * and the file continues in volume `volume + 1` under the same record and
 * number; paragraph numbers continue. `basis` is the record's last movement as
 * the holder saw it (as on movements): a close made from an older state is a
 * conflict like any offline race, one made from the current state that the
 * rules refuse is refused by the server (volumeProblem).
 */
export interface VolumeClosedEvent extends EventBase {
  readonly type: 'volumeClosed';
  readonly basis: EventId | null;
  readonly volume: number;
}
