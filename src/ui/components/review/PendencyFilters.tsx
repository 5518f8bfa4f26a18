import type { ChangeEvent } from 'react';
import type { Office } from '@domain/directory.ts';
import { PRIORITIES, type Priority } from '@domain/events.ts';
import { asOfficeId } from '@domain/ids.ts';
import { CATEGORIES, type Category, type RecordKind } from '@domain/record.ts';
import type { ReviewFilter } from '@domain/review.ts';
import { useI18n } from '../../hooks/useI18n.ts';

const KINDS: readonly RecordKind[] = ['file', 'receipt'];

interface Props {
  readonly filter: ReviewFilter;
  readonly onChange: (filter: ReviewFilter) => void;
  /** Offices the person may filter by; empty hides the office filter (a desk view). */
  readonly offices: readonly Office[];
}

/** Narrows the review by category, priority, office and kind; "All" clears a filter. */
export function PendencyFilters({ filter, onChange, offices }: Props) {
  const { t, lang } = useI18n();
  // Each select sets one field; the empty value removes it, so the filter stays minimal.
  const set =
    <K extends keyof ReviewFilter>(field: K, parse: (v: string) => ReviewFilter[K]) =>
    (e: ChangeEvent<HTMLSelectElement>) => {
      const { [field]: _dropped, ...rest } = filter;
      const value = e.target.value;
      onChange(value === '' ? rest : { ...rest, [field]: parse(value) });
    };
  return (
    <fieldset className="review-filters">
      <legend>{t('review.filters')}</legend>
      <label>
        {t('review.category')}
        <select value={filter.category ?? ''} onChange={set('category', (v) => v as Category)}>
          <option value="">{t('review.all')}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('review.priority')}
        <select value={filter.priority ?? ''} onChange={set('priority', (v) => v as Priority)}>
          <option value="">{t('review.all')}</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      </label>
      {offices.length > 0 && (
        <label>
          {t('review.office')}
          <select value={filter.office ?? ''} onChange={set('office', asOfficeId)}>
            <option value="">{t('review.all')}</option>
            {offices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name[lang]}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('review.kind')}
        <select value={filter.kind ?? ''} onChange={set('kind', (v) => v as RecordKind)}>
          <option value="">{t('review.all')}</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
