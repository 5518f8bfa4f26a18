import * as Y from 'yjs';
import type { Puller, Settled } from './types.ts';

/** What compaction at an office relay reads of a stored row. */
export interface StoredRow {
  readonly seq: number;
  readonly office: string;
  readonly author: string;
  readonly deviceId: string | null;
  readonly bytes: Uint8Array;
}

/** How compaction seqs its rows (compactSettled). */
export type CompactionMode = 'keepSeq' | 'newSeq' | 'resend';

/** A row that replaces the rows `from`: under `seq`, or a new seq when it is null. */
export interface CompactedRow {
  readonly from: readonly number[];
  readonly seq: number | null;
  readonly office: string;
  readonly author: string;
  readonly deviceId: string | null;
  readonly update: Uint8Array;
}

/**
 * Compaction of an office relay's rows of one record (by seq), as SQLite and
 * PostgreSQL carry it out (decision 0013, amendment 4). The rows the district has
 * (those the relay pulled from it, and those at or below its push position: they
 * reached it) become one row stored as pulled by the relay, which its pushes leave
 * out; the rows still to push become one row under no device (a single one stays
 * under its tablet's device), which its next push carries. 'keepSeq' writes each
 * under its group's highest seq and leaves a group of one row alone; 'newSeq' gives
 * each a new seq, so every device in scope receives the whole record. 'resend' is
 * 'newSeq' with no row left under a tablet's device, so the tablets whose work it is
 * receive it too: a record that learns the district's register numbers (decision
 * 0010, amendment 1) must reach the tablet that made the dispatch, whose pages leave
 * out its own rows. `kept` is the highest seq of the rows left alone (0: none).
 */
export function compactSettled(
  rows: readonly StoredRow[],
  settled: Settled,
  mode: CompactionMode,
): { readonly write: readonly CompactedRow[]; readonly kept: number } {
  const upTo = settled.pushedUpTo();
  const done: StoredRow[] = [];
  const open: StoredRow[] = [];
  for (const r of rows) (r.seq <= upTo || pulledBy(r, settled.puller) ? done : open).push(r);
  const write: CompactedRow[] = [];
  let kept = 0;
  for (const [group, puller] of [
    [done, settled.puller],
    [open, null],
  ] as const) {
    const last = group[group.length - 1];
    if (last === undefined) continue;
    if (mode === 'keepSeq' && group.length === 1) {
      kept = Math.max(kept, last.seq);
      continue;
    }
    const single = group.length === 1;
    write.push({
      from: group.map((r) => r.seq),
      seq: mode === 'keepSeq' ? last.seq : null,
      office: last.office,
      author: puller?.person ?? last.author,
      deviceId:
        puller !== null ? puller.deviceId : single && mode !== 'resend' ? last.deviceId : null,
      update: single ? last.bytes : Y.mergeUpdates(group.map((r) => r.bytes)),
    });
  }
  return { write, kept };
}

function pulledBy(r: StoredRow, puller: Puller): boolean {
  return r.deviceId === puller.deviceId && r.author === puller.person;
}
