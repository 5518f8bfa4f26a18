import { useI18n } from '../hooks/useI18n.ts';
import { recipientLabel, type peopleByOffice } from '../people.ts';

/** A people picker's options: one group per office, each person as "Name, Designation — Office". */
export function PersonOptions({ groups }: { readonly groups: ReturnType<typeof peopleByOffice> }) {
  const i18n = useI18n();
  return groups.map((g) => (
    <optgroup key={g.officeName.en} label={g.officeName[i18n.lang]}>
      {g.people.map((p) => (
        <option key={p.id} value={p.id}>
          {recipientLabel(i18n, p, g.officeName)}
        </option>
      ))}
    </optgroup>
  ));
}
