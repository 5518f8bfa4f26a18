import type { Priority } from '@domain/events.ts';
import { isOverdue } from '@domain/pendency.ts';
import type { RecordSummary } from '@storage/services.ts';

/**
 * How the inbox lists records: oldest waiting first (the review's order, and
 * the default), or what cannot wait first — most urgent, then urgent, then the
 * rest, overdue first within each, then oldest waiting.
 */
export const INBOX_ORDERS = ['oldest', 'urgent'] as const;
export type InboxOrder = (typeof INBOX_ORDERS)[number];

const PRIORITY_RANK: Readonly<Record<Priority, number>> = { mostUrgent: 0, urgent: 1, normal: 2 };

export function isInboxOrder(value: unknown): value is InboxOrder {
  return value === 'oldest' || value === 'urgent';
}

/** `rows` in `order`; `today` is `YYYY-MM-DD` in IST (calendar.ts istDate). */
export function orderRows(
  rows: readonly RecordSummary[],
  order: InboxOrder,
  today: string,
): readonly RecordSummary[] {
  if (order === 'oldest') return rows;
  return [...rows].sort(
    (a, b) =>
      PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
      Number(isOverdue(b, today)) - Number(isOverdue(a, today)) ||
      a.holderSince - b.holderSince,
  );
}

/**
 * `rows` with each file attached under another listed right after its main file
 * (file-attach.ts: it moves with it), in the order they came; an attached file
 * whose main file is not listed keeps its own place.
 */
export function nestAttached(rows: readonly RecordSummary[]): readonly RecordSummary[] {
  const listed = new Set(rows.map((r) => r.id));
  const under = new Map<string, RecordSummary[]>();
  for (const r of rows) {
    if (r.attachedUnder === null || !listed.has(r.attachedUnder)) continue;
    under.set(r.attachedUnder, [...(under.get(r.attachedUnder) ?? []), r]);
  }
  if (under.size === 0) return rows;
  return rows.flatMap((r) =>
    r.attachedUnder !== null && listed.has(r.attachedUnder) ? [] : [r, ...(under.get(r.id) ?? [])],
  );
}
