import { findPerson, type Directory, type Person } from '@domain/directory.ts';
import type { PersonId } from '@domain/ids.ts';
import type { Lang, Translator } from '@i18n/translate.ts';

/** A person's name in the chosen language, or their username if the directory lacks them. */
export function personName(directory: Directory, id: PersonId, lang: Lang): string {
  const person = findPerson(directory, id);
  return person ? person.name[lang] : id;
}

/** "Name, Designation" for note sheets and pickers. */
export function personWithDesignation(person: Person, lang: Lang): string {
  return `${person.name[lang]}, ${person.designation[lang]}`;
}

/**
 * People grouped by office for the Send to picker: my own office first, then
 * directory order. The trainer is listed in the collectorate but works in no
 * office's file flow, so a file is never sent to them.
 */
export function peopleByOffice(
  directory: Directory,
  me: Person,
): { readonly officeName: Directory['offices'][number]['name']; readonly people: Person[] }[] {
  const offices = [...directory.offices].sort(
    (a, b) => Number(b.id === me.office) - Number(a.id === me.office),
  );
  return offices
    .map((office) => ({
      officeName: office.name,
      people: directory.people.filter(
        (p) => p.office === office.id && p.id !== me.id && p.role !== 'trainer',
      ),
    }))
    .filter((group) => group.people.length > 0);
}

/** A recipient as the send dialog lists them: "Name, Designation — Office". */
export function recipientLabel(
  { t, lang }: Pick<Translator, 't' | 'lang'>,
  person: Person,
  officeName: Directory['offices'][number]['name'],
): string {
  return t('send.recipient', {
    name: person.name[lang],
    designation: person.designation[lang],
    office: officeName[lang],
  });
}
