import { useMemo } from 'react';
import { findOffice } from '@domain/directory.ts';
import type { AgeBucket } from '@domain/pendency.ts';
import type { MessageKey } from '@i18n/hi.ts';
import { createTranslator, type Translator } from '@i18n/translate.ts';
import type { ReviewLabels, ReviewNames } from '../review/labels.ts';
import { personName } from '../people.ts';
import { useI18n } from './useI18n.ts';
import { useSignedIn } from './useSignedIn.ts';

/**
 * The review's headings and names in the chosen language, for the tables, the
 * CSV and the print model (src/ui/review stays pure and takes them as data).
 */

export const BUCKET_KEYS: Readonly<Record<AgeBucket, MessageKey>> = {
  '0-7': 'pendency.bucket0to7',
  '8-15': 'pendency.bucket8to15',
  '16-30': 'pendency.bucket16to30',
  '30+': 'pendency.bucketOver30',
};

export function reviewLabels({ t }: Pick<Translator, 't'>): ReviewLabels {
  return {
    title: t('review.title'),
    person: t('review.person'),
    office: t('review.office'),
    total: t('review.total'),
    files: t('review.files'),
    receipts: t('review.receipts'),
    parked: t('review.parked'),
    overdue: t('review.overdue'),
    unverified: t('review.unverified'),
    oldestDays: t('review.oldestDays'),
    lettersAwaiting: t('review.lettersAwaitingApproval'),
    lettersAwaitingDays: t('review.lettersAwaitingDays'),
    lettersApproved: t('review.lettersApproved'),
    lettersApprovedDays: t('review.lettersApprovedDays'),
    buckets: {
      '0-7': t(BUCKET_KEYS['0-7']),
      '8-15': t(BUCKET_KEYS['8-15']),
      '16-30': t(BUCKET_KEYS['16-30']),
      '30+': t(BUCKET_KEYS['30+']),
    },
    number: t('review.number'),
    subject: t('review.subject'),
    withheld: t('grade.withheld'),
    category: t('review.category'),
    kind: t('review.kind'),
    holder: t('review.holder'),
    since: t('review.since'),
    days: t('review.days'),
    dueDate: t('review.dueDate'),
    priority: t('review.priority'),
    status: t('review.status'),
    yes: t('review.yes'),
    byOffice: t('review.byOffice'),
    byPerson: t('review.byPerson'),
    records: t('review.records'),
    asOf: (time) => t('review.asOf', { time }),
    pageOf: (page, count) => t('review.pageOf', { page, count }),
  };
}

/**
 * Print headings are always in Hindi (the review meeting's language); in
 * English mode the English heading follows, so both readers find their place.
 */
export function printLabels(labels: ReviewLabels, lang: 'hi' | 'en'): ReviewLabels {
  if (lang === 'hi') return labels;
  const hi = reviewLabels(createTranslator('hi'));
  const both = (h: string, e: string) => `${h} / ${e}`;
  return {
    ...labels,
    title: both(hi.title, labels.title),
    byOffice: both(hi.byOffice, labels.byOffice),
    byPerson: both(hi.byPerson, labels.byPerson),
    records: both(hi.records, labels.records),
  };
}

export interface ReviewText {
  readonly labels: ReviewLabels;
  readonly names: ReviewNames;
}

export function useReviewText(): ReviewText {
  const i18n = useI18n();
  const { directory } = useSignedIn().deviceContext;
  return useMemo(() => {
    const { t, lang } = i18n;
    const names: ReviewNames = {
      person: (id) => personName(directory, id, lang),
      office: (id) => findOffice(directory, id)?.name[lang] ?? id,
      category: (c) => t(`category.${c}`),
      priority: (p) => t(`priority.${p}`),
      kind: (k) => t(`kind.${k}`),
      status: (s) => t(`status.${s}`),
      date: (d) => (typeof d === 'string' ? i18n.formatIsoDate(d) : i18n.formatDate(d)),
      dateTime: (ms) => i18n.formatDateTime(ms),
    };
    return { labels: reviewLabels(i18n), names };
  }, [i18n, directory]);
}
