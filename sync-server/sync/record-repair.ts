import * as Y from 'yjs';
import { newRecordYDoc, readEvents, readMeta } from '@doc/record-doc.ts';
import type { RecordId } from '@domain/ids.ts';

/**
 * Whether a record's stored rows still make a record, and what can be rebuilt
 * from them (issue 15: damage stays contained). The server keeps a record as
 * its update-log rows (compacted now and then into one) and, in its event log,
 * the id of every event it ever accepted for it. A row that no longer decodes
 * is damaged; the record can be rebuilt from the other rows when they still
 * hold its meta and every logged event, and otherwise it cannot.
 */

export interface StoredRow {
  readonly seq: number;
  readonly bytes: Uint8Array;
}

export interface DamagedRow {
  readonly seq: number;
  readonly problem: string;
}

export type Diagnosis =
  | { readonly kind: 'sound' }
  | {
      readonly kind: 'damaged';
      readonly rows: readonly DamagedRow[];
      /** The record made of the sound rows, when it holds its meta and every logged event. */
      readonly rebuilt: Uint8Array | null;
      /** Why it cannot be rebuilt (null when it can). */
      readonly lost: string | null;
    };

function decodeProblem(bytes: Uint8Array): string | null {
  try {
    Y.decodeUpdate(bytes);
    return null;
  } catch (e) {
    return `does not decode (${e instanceof Error ? e.message : String(e)})`;
  }
}

/** The rows applied in order; null with the reason when they do not make a whole record. */
function assemble(
  recordId: RecordId,
  rows: readonly StoredRow[],
  logged: readonly string[],
): { state: Uint8Array } | { lost: string } {
  const doc = newRecordYDoc();
  try {
    for (const r of rows) Y.applyUpdate(doc, r.bytes);
  } catch (e) {
    return { lost: `the rows do not apply (${e instanceof Error ? e.message : String(e)})` };
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null)
    return { lost: 'the remaining rows depend on content only the damaged rows held' };
  const meta = readMeta(doc);
  if (!meta.ok) return { lost: `its meta is gone (${meta.error})` };
  const held = new Set([recordId as string, ...readEvents(doc).map((e) => e.id)]);
  const missing = logged.filter((id) => !held.has(id));
  if (missing.length > 0)
    return { lost: `accepted events only the damaged rows held: ${missing.join(', ')}` };
  return { state: Y.encodeStateAsUpdate(doc) };
}

export function diagnoseRecord(
  recordId: RecordId,
  rows: readonly StoredRow[],
  logged: readonly string[],
): Diagnosis {
  const damaged: DamagedRow[] = [];
  for (const r of rows) {
    const problem = decodeProblem(r.bytes);
    if (problem !== null) damaged.push({ seq: r.seq, problem });
  }
  const sound = rows.filter((r) => !damaged.some((d) => d.seq === r.seq));
  const whole = assemble(recordId, sound, logged);
  if (damaged.length === 0 && 'state' in whole) return { kind: 'sound' };
  const rowsOut =
    damaged.length > 0
      ? damaged
      : rows.map((r) => ({ seq: r.seq, problem: 'lost' in whole ? whole.lost : '' }));
  return 'state' in whole
    ? { kind: 'damaged', rows: rowsOut, rebuilt: whole.state, lost: null }
    : { kind: 'damaged', rows: rowsOut, rebuilt: null, lost: whole.lost };
}
