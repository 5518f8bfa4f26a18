import { CATEGORIES, type Category } from '@domain/record.ts';
import { useI18n } from '../hooks/useI18n.ts';

/** The heads a file or receipt is filed under, in the chosen language. */
export function CategorySelect(props: {
  readonly id: string;
  readonly value: Category;
  readonly onChange: (c: Category) => void;
}) {
  const { t } = useI18n();
  return (
    <select
      id={props.id}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value as Category)}
    >
      {CATEGORIES.map((c) => (
        <option key={c} value={c}>
          {t(`category.${c}`)}
        </option>
      ))}
    </select>
  );
}
