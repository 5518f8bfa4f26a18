import { GRADES, type Grade } from '@domain/events.ts';
import { useI18n } from '../hooks/useI18n.ts';

/** The security grade of a new file or receipt (issue 17), with what it means underneath. */
export function GradeSelect(props: {
  readonly id: string;
  readonly value: Grade;
  readonly onChange: (g: Grade) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <label htmlFor={props.id}>{t('grade.label')}</label>
      <select
        id={props.id}
        value={props.value}
        aria-describedby={`${props.id}-hint`}
        onChange={(e) => props.onChange(e.target.value as Grade)}
      >
        {GRADES.map((g) => (
          <option key={g} value={g}>
            {t(`grade.${g}`)}
          </option>
        ))}
      </select>
      <p id={`${props.id}-hint`} className="hint">
        {t('grade.hint')}
      </p>
    </>
  );
}

/** The grade's badge on a record's header and in lists; nothing for a normal record. */
export function GradeBadge(props: { readonly grade: Grade | undefined }) {
  const { t } = useI18n();
  if (props.grade === undefined || props.grade === 'normal') return null;
  return (
    <span className={`grade-badge grade-${props.grade}`}>
      {t('grade.badge', { grade: t(`grade.${props.grade}`) })}
    </span>
  );
}
