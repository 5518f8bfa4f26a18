import type { OfficeId, PersonId } from '@domain/ids.ts';
import type { Priority } from '@domain/events.ts';
import type { AgeBucket } from '@domain/pendency.ts';
import type { Category, RecordKind, RecordStatus } from '@domain/record.ts';

/**
 * Translated headings and names the CSV and print helpers need. The page
 * fills them from the i18n catalog of the chosen language (keys listed next
 * to each field), so these helpers stay pure and language-neutral.
 */
export interface ReviewLabels {
  /** review.title — "Pendency review" / "लंबितता समीक्षा" */
  readonly title: string;
  readonly person: string;
  readonly office: string;
  readonly total: string;
  readonly files: string;
  readonly receipts: string;
  readonly parked: string;
  readonly overdue: string;
  readonly unverified: string;
  readonly oldestDays: string;
  /** Draft letters (issue 16): awaiting approval, approved not dispatched, and the oldest of each in days. */
  readonly lettersAwaiting: string;
  readonly lettersAwaitingDays: string;
  readonly lettersApproved: string;
  readonly lettersApprovedDays: string;
  readonly buckets: Readonly<Record<AgeBucket, string>>;
  readonly number: string;
  readonly subject: string;
  /** In place of a confidential record's subject, for someone off its access list. */
  readonly withheld: string;
  readonly category: string;
  readonly kind: string;
  readonly holder: string;
  readonly since: string;
  readonly days: string;
  readonly dueDate: string;
  readonly priority: string;
  readonly status: string;
  /** Marks a yes in flag columns (overdue, unverified). */
  readonly yes: string;
  readonly byOffice: string;
  readonly byPerson: string;
  readonly records: string;
  /** e.g. "As of 21/4/2026, 10:00". */
  readonly asOf: (formattedTime: string) => string;
  /** e.g. "Page 2 of 5" / "पृष्ठ 2 / 5"; given text, so print can put page counters in. */
  readonly pageOf: (page: string, pageCount: string) => string;
}

/** Names in the chosen language, from the directory and the catalog; dates via Intl. */
export interface ReviewNames {
  readonly person: (id: PersonId) => string;
  readonly office: (id: OfficeId) => string;
  readonly category: (c: Category) => string;
  readonly priority: (p: Priority) => string;
  readonly kind: (k: RecordKind) => string;
  readonly status: (s: RecordStatus) => string;
  /** A calendar date `YYYY-MM-DD` or an instant (ms), formatted for the language. */
  readonly date: (d: string | number) => string;
  readonly dateTime: (ms: number) => string;
}
