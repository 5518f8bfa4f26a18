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
