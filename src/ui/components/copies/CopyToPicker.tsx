import { useId, useState } from 'react';
import type { Directory, Person } from '@domain/directory.ts';
import type { PersonId } from '@domain/ids.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { personName, recipientLabel } from '../../people.ts';
import { SavedGroups } from './SavedGroups.tsx';

interface Props {
  /** The people who may be picked, grouped by office as for `Send to`. */
  readonly groups: readonly {
    readonly officeName: Directory['offices'][number]['name'];
    readonly people: readonly Person[];
  }[];
  readonly directory: Directory;
  readonly chosen: readonly PersonId[];
  /** The recipient of the file itself: not offered (they hold it, not a copy). */
  readonly recipient: PersonId | null;
  readonly onChange: (chosen: PersonId[]) => void;
  /** A file's `Copy to` (for information), or a receipt's `Also send to` (a copy each to act on). */
  readonly purpose: 'copyTo' | 'alsoTo';
}

const TEXT = {
  copyTo: { legend: 'copy.to', search: 'copy.search', hint: 'copy.hint', chosen: 'copy.chosen' },
  alsoTo: {
    legend: 'copy.alsoTo',
    search: 'copy.alsoSearch',
    hint: 'copy.alsoHint',
    chosen: 'copy.alsoChosen',
  },
} as const;

/**
 * `Copy to` (DESIGN.md §8): several people who receive the file for
 * information. A box to tick per person, grouped by office like `Send to`
 * (a tap each, with no modifier key as a multiple select needs), with a
 * search box that narrows the list by name, designation or office; what is
 * chosen stays listed while the list is narrowed, and is named under it. The
 * office's saved groups (the directory's `recipientGroups` and those made in the
 * app, SavedGroups.tsx) tick all their members at once.
 */
export function CopyToPicker({ groups, directory, chosen, recipient, onChange, purpose }: Props) {
  const text = TEXT[purpose];
  const i18n = useI18n();
  const { t, lang } = i18n;
  const ids = useId();
  const [query, setQuery] = useState('');
  const words = query.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const matches = (p: Person, office: string): boolean => {
    const text = [p.name.en, p.name.hi, p.designation.en, p.designation.hi, office, p.id]
      .join(' ')
      .toLocaleLowerCase();
    return words.every((w) => text.includes(w));
  };
  const shown = groups
    .map((g) => ({
      ...g,
      people: g.people.filter(
        (p) => p.id !== recipient && (chosen.includes(p.id) || matches(p, g.officeName[lang])),
      ),
    }))
    .filter((g) => g.people.length > 0);

  function toggle(id: PersonId, on: boolean) {
    onChange(on ? [...chosen, id] : chosen.filter((c) => c !== id));
  }

  // The office's saved groups: a tap ticks every member who may be picked.
  const pickable = new Set(
    groups.flatMap((g) => g.people.map((p) => p.id)).filter((id) => id !== recipient),
  );

  return (
    <fieldset className="copy-to" aria-describedby={`${ids}-h`}>
      <legend>{t(text.legend)}</legend>
      <SavedGroups directory={directory} pickable={pickable} chosen={chosen} onChange={onChange} />
      <label htmlFor={`${ids}-q`}>{t(text.search)}</label>
      <input
        id={`${ids}-q`}
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="copy-choices">
        {shown.map((g) => (
          <div key={g.officeName.en} role="group" aria-label={g.officeName[lang]}>
            <p className="copy-office">{g.officeName[lang]}</p>
            {g.people.map((p) => (
              <label key={p.id} className="copy-choice">
                <input
                  type="checkbox"
                  value={p.id}
                  checked={chosen.includes(p.id)}
                  onChange={(e) => toggle(p.id, e.target.checked)}
                />
                {recipientLabel(i18n, p, g.officeName)}
              </label>
            ))}
          </div>
        ))}
      </div>
      <p id={`${ids}-h`} className="hint">
        {chosen.length === 0
          ? t('copy.none')
          : t(text.chosen, {
              names: chosen.map((id) => personName(directory, id, lang)).join(', '),
            })}
        <br />
        {t(text.hint)}
      </p>
    </fieldset>
  );
}
