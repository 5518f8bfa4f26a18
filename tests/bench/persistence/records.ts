// Sample record documents for the persistence benchmark, shaped like DESIGN.md §3:
// a `meta` map written once, then events appended one transaction at a time, so each
// record produces 1 + EVENTS_PER_RECORD Yjs updates, as the app would write them.
// Content is derived from the record's index, so a loaded document can be checked.
import * as Y from 'yjs';

export const EVENTS_PER_RECORD = 5;

const EVENT_TYPES = ['noting', 'sent', 'opened', 'noting', 'sent'] as const;
const NOTING =
  'प्रस्तुत प्रकरण में तहसील विकासनगर के राजस्व अभिलेखों का परीक्षण किया गया। ' +
  'संबंधित खसरा खतौनी की प्रतियाँ संलग्न हैं, कृपया अवलोकन कर आदेशार्थ प्रस्तुत।';

export function recordId(index: number): string {
  const hex = index.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

export function subjectOf(index: number): string {
  return `भूमि अभिलेख सुधार हेतु प्रार्थना पत्र — ग्राम ${index} (revenue)`;
}

/** Writes a record's meta and events into `doc`, one Yjs transaction per step. */
export function writeRecord(doc: Y.Doc, index: number): void {
  doc.transact(() => {
    const meta = doc.getMap('meta');
    meta.set('schemaVersion', 1);
    meta.set('kind', 'file');
    meta.set('number', `VKN/REV/2025/1-2/${String(index).padStart(4, '0')}`);
    meta.set('subject', subjectOf(index));
    meta.set('category', 'revenue');
    meta.set('office', 'vikasnagar');
    meta.set('createdBy', 'clerk.vikasnagar');
    meta.set('createdAt', 1_735_689_600_000 + index * 60_000);
  });
  for (let n = 0; n < EVENTS_PER_RECORD; n += 1) {
    const type = EVENT_TYPES[n] ?? 'noting';
    doc.transact(() => {
      doc.getArray('events').push([
        {
          id: `${recordId(index)}-e${n}`,
          type,
          actor: n % 2 === 0 ? 'clerk.vikasnagar' : 'tehsildar.vikasnagar',
          hlc: `${1_735_689_600_000 + index * 60_000 + n * 3_600_000}:0:dev1`,
          deviceTime: 1_735_689_600_000 + index * 60_000 + n * 3_600_000,
          payload: type === 'noting' ? { text: NOTING } : { to: 'tehsildar.vikasnagar' },
        },
      ]);
    });
  }
}

/** The updates a record produces, captured from a scratch document. */
export function recordUpdates(index: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  writeRecord(doc, index);
  doc.destroy();
  return updates;
}

/** True when a loaded document holds exactly what writeRecord(index) wrote. */
export function isIntact(doc: Y.Doc, index: number): boolean {
  return (
    doc.getMap('meta').get('subject') === subjectOf(index) &&
    doc.getArray('events').length === EVENTS_PER_RECORD
  );
}

/** Runs `task` over 0..count-1 with at most `limit` in flight. */
export async function pool(
  count: number,
  limit: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
