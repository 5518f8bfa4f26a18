import type { RecordEvent } from './events.ts';
import type { ConflictReason, ClosedVolume, Noting, RecordState } from './record.ts';
import type { VolumeClosedEvent } from './volume-events.ts';

/**
 * Volumes (issue 17; CSMOP: a bulky file is closed into a volume and opened
 * again as the next one under the same number). The holder of an open file
 * closes the volume being written (`Close volume`): a `volumeClosed` event
 * naming it. The file stays one record with one holder and continues in the
 * next volume; paragraph numbers continue (the first paragraph of volume 2
 * follows the last of volume 1). A closed volume is read-only by nature: its
 * paragraphs are final notings, and new ones go to the current volume. The
 * file's number as shown carries the volume once there is more than one
 * (`… (Vol. II)`, Roman as CSMOP writes volumes; `volumeLabel`).
 *
 * The same rule on the tablet (before the event is made) and in every fold:
 * only the holder, only a file, not a closed file, only the volume being
 * written and only once it has a paragraph. The server refuses a close the
 * fold keeps as a conflict for any reason but an older basis (volumeProblem):
 * its author saw the file as it is and the rules say no, so it is forged or
 * broken, and nothing of the update is stored.
 */

/** The accumulator's part (fold-state.ts). */
export type VolumeAcc = { volume: number; volumes: ClosedVolume[] } & Pick<RecordState, 'notes'>;

export function applyVolumeClosed(s: VolumeAcc, e: VolumeClosedEvent, at: number): void {
  s.volumes.push({
    volume: e.volume,
    lastParagraph: s.notes.length,
    by: e.actor,
    at,
    eventId: e.id,
  });
  s.volume = e.volume + 1;
}

/**
 * The fold's rule (the basis and the holder's rule are checked first): a file
 * closes the volume being written, once it has at least one paragraph of its
 * own. A close of a volume closed meanwhile (the holder did it on another
 * tablet too) was made from an older state: `staleBasis`, kept as a conflict.
 */
export function volumeRule(
  v: Pick<RecordState, 'meta' | 'notes' | 'volume' | 'volumes'>,
  e: VolumeClosedEvent,
): ConflictReason | null {
  if (v.meta.kind !== 'file' || e.volume > v.volume) return 'notAllowed';
  if (e.volume < v.volume) return 'staleBasis';
  return paragraphsIn(v, v.volume).length > 0 ? null : 'notAllowed';
}

/** The volume a paragraph was written in. */
export function volumeOf(v: Pick<RecordState, 'volumes'>, paragraph: number): number {
  const closedBefore = v.volumes.filter((c) => c.lastParagraph < paragraph).length;
  return 1 + closedBefore;
}

/** The paragraphs of one volume, in order. */
export function paragraphsIn(
  v: Pick<RecordState, 'notes' | 'volumes'>,
  volume: number,
): readonly Noting[] {
  return v.notes.filter((n) => volumeOf(v, n.paragraph) === volume);
}

/** One volume of the note sheet: its number, paragraphs, and its close when closed. */
export interface VolumePart {
  readonly volume: number;
  readonly notes: readonly Noting[];
  readonly closed: ClosedVolume | null;
}

/** The note sheet split at its volume boundaries, oldest volume first. */
export function noteSheetVolumes(
  v: Pick<RecordState, 'notes' | 'volume' | 'volumes'>,
): readonly VolumePart[] {
  const parts: VolumePart[] = v.volumes.map((closed) => ({
    volume: closed.volume,
    notes: paragraphsIn(v, closed.volume),
    closed,
  }));
  parts.push({ volume: v.volume, notes: paragraphsIn(v, v.volume), closed: null });
  return parts;
}

/**
 * Why the server refuses the events `added` (null when it takes them): a
 * volume close the fold kept as a conflict for any reason but an older basis.
 * The same rules the tablet asks before it makes the event.
 */
export function volumeProblem(
  state: Pick<RecordState, 'conflicts'>,
  added: readonly RecordEvent[],
): string | null {
  for (const e of added) {
    if (e.type !== 'volumeClosed') continue;
    const conflict = state.conflicts.find((c) => c.event.id === e.id);
    if (conflict !== undefined && conflict.reason !== 'staleBasis')
      return `volume ${e.volume} may not be closed by ${e.actor} (${conflict.reason})`;
  }
  return null;
}
