import { isPullProblem, type PullProblem } from '@doc/check-pulled.ts';
import type { RecordId } from '@domain/ids.ts';
import type { PatravaliDb } from '../db/db.ts';

/**
 * Records whose pulled updates failed their check (pull-check.ts), for the
 * alarm on the record page, the inbox and the sync status.
 */

export interface PullProblemItem {
  readonly recordId: RecordId;
  readonly problem: PullProblem;
  /** The validator's refusal reason (English, for the record's detail line). */
  readonly reason: string;
  readonly detail: string;
  /** When the problem was first met (device clock). */
  readonly at: number;
  /** The record's number and subject, when this device holds a copy. */
  readonly number: string | null;
  readonly subject: string | null;
}

/** Every record held back, oldest problem first. */
export async function listPullProblems(db: PatravaliDb): Promise<readonly PullProblemItem[]> {
  const rows = await db.pullChecks.toArray();
  const items: PullProblemItem[] = [];
  for (const r of rows) {
    const summary = await db.records.get(r.recordId);
    items.push({
      recordId: r.recordId,
      problem: isPullProblem(r.problem) ? r.problem : 'malformed',
      reason: r.reason,
      detail: r.detail,
      at: r.at,
      number: summary?.number ?? null,
      subject: summary?.subject ?? null,
    });
  }
  return items.sort((a, b) => a.at - b.at);
}

/** The record's problem, or null when what it pulled passed. */
export async function pullProblemOf(
  db: PatravaliDb,
  recordId: RecordId,
): Promise<PullProblemItem | null> {
  const all = await listPullProblems(db);
  return all.find((p) => p.recordId === recordId) ?? null;
}
