import type { ReviewCell, ReviewRow } from '@domain/review.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { cellHeading, COUNT_CELLS, countOf } from './review-cells.ts';

/** Which count was chosen: a row of the person or office table and a column. */
export interface DrillTarget {
  readonly by: 'person' | 'office';
  readonly key: string;
  readonly cell: ReviewCell;
  /** The row's name as shown, for the drill-down heading. */
  readonly name: string;
}

interface Props<K extends string> {
  readonly by: 'person' | 'office';
  readonly caption: string;
  readonly rows: readonly ReviewRow<K>[];
  readonly nameOf: (key: K) => string;
  /** A second column (the person's office); absent in the office table. */
  readonly officeOf?: (key: K) => string;
  readonly selected: DrillTarget | null;
  readonly onDrill: (target: DrillTarget) => void;
}

/** One row per person (or office) with counts by age; each non-zero count opens its records. */
export function PendencyTable<K extends string>({
  by,
  caption,
  rows,
  nameOf,
  officeOf,
  selected,
  onDrill,
}: Props<K>) {
  const i18n = useI18n();
  const { t, formatNumber } = i18n;
  const heading = (cell: ReviewCell): string => cellHeading(i18n, cell);
  return (
    <div className="review-table-scroll">
      <table className="records review-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{by === 'person' ? t('review.person') : t('review.office')}</th>
            {officeOf && <th scope="col">{t('review.office')}</th>}
            {COUNT_CELLS.map((cell) => (
              <th scope="col" key={cell}>
                {heading(cell)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const name = nameOf(row.key);
            return (
              <tr key={row.key}>
                <th scope="row">{name}</th>
                {officeOf && <td className="person-office">{officeOf(row.key)}</td>}
                {COUNT_CELLS.map((cell) => {
                  const count = countOf(row, cell);
                  const active =
                    selected?.by === by && selected.key === row.key && selected.cell === cell;
                  return (
                    <td key={cell} className={`count count-${cell}`}>
                      {count === 0 ? (
                        formatNumber(0)
                      ) : (
                        <button
                          type="button"
                          className="count-button"
                          aria-pressed={active}
                          aria-label={t('review.cellButton', {
                            row: name,
                            cell: heading(cell),
                            count,
                          })}
                          onClick={() => onDrill({ by, key: row.key, cell, name })}
                        >
                          {formatNumber(count)}
                        </button>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
