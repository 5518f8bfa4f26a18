import { useId, useState, type KeyboardEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { findOffice, type Directory } from '@domain/directory.ts';
import type { PersonId, RecordId } from '@domain/ids.ts';
import {
  changeRecipientGroup,
  officeGroupsQuery,
  saveRecipientGroup,
  type GroupChange,
} from '@storage/services.ts';
import type { UiError } from '../../errors.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { personName } from '../../people.ts';
import { ErrorText } from '../ErrorText.tsx';

interface Props {
  readonly directory: Directory;
  /** Who may be picked in this send (the recipient of the file itself left out). */
  readonly pickable: ReadonlySet<PersonId>;
  readonly chosen: readonly PersonId[];
  readonly onChange: (chosen: PersonId[]) => void;
}

/**
 * Saved groups of recipients above `Copy to` / `Also send to` (issue 17): the
 * administrator's groups from the directory (read-only) and the office's own,
 * made in the app (decision 0014): a tap ticks every member who may be picked.
 * The people chosen can be saved as a new group; an office's own group can be
 * renamed, given the chosen people as its members, or deleted. Each is a signed
 * change of its own, kept offline and synced to the office's tablets.
 */
export function SavedGroups({ directory, pickable, chosen, onChange }: Props) {
  const { t, lang } = useI18n();
  const ids = useId();
  const { deviceContext } = useSignedIn();
  const { db, person } = deviceContext;
  const own = useLiveQuery(() => officeGroupsQuery(db, person.office), [db, person.office]);
  const [editing, setEditing] = useState<RecordId | null>(null);
  const [newName, setNewName] = useState('');
  const [rename, setRename] = useState('');
  const [error, setError] = useState<UiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const usable = (members: readonly PersonId[]) => members.filter((m) => pickable.has(m));
  const fromDirectory = (findOffice(directory, person.office)?.recipientGroups ?? [])
    .map((g) => ({ key: `dir:${g.name.en}`, name: g.name[lang], members: usable(g.members) }))
    .filter((g) => g.members.length > 0);
  const saved = (own ?? []).map((g) => ({ ...g, usable: usable(g.members) }));
  const offered = [
    ...fromDirectory,
    ...saved
      .filter((g) => g.usable.length > 0)
      .map((g) => ({ key: g.id, name: g.name, members: g.usable })),
  ];
  const addGroup = (members: readonly PersonId[]) =>
    onChange([...chosen, ...members.filter((m) => !chosen.includes(m))]);

  async function run(work: () => Promise<{ ok: boolean; error?: UiError }>, said: string) {
    setBusy(true);
    const outcome = await work();
    setBusy(false);
    setError(outcome.ok ? null : (outcome.error ?? null));
    setDone(outcome.ok ? said : null);
    return outcome.ok;
  }

  async function saveNew() {
    const name = newName.trim();
    if (name === '') return setError('groupNameRequired');
    const ok = await run(
      () => saveRecipientGroup(deviceContext, { name, members: chosen }),
      t('groups.saved', { group: name }),
    );
    if (ok) setNewName('');
  }

  async function change(id: RecordId, c: GroupChange, said: string) {
    if ('name' in c && c.name.trim() === '') return setError('groupNameRequired');
    const ok = await run(() => changeRecipientGroup(deviceContext, id, c), said);
    if (ok && 'deleted' in c) setEditing(null);
  }

  // Enter in a name field would send the whole dialog's form: it saves the name instead.
  const onEnter = (act: () => void) => (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    act();
  };

  const open = saved.find((g) => g.id === editing) ?? null;
  return (
    <>
      {(offered.length > 0 || saved.length > 0) && (
        <div role="group" aria-label={t('copy.savedGroups')} className="row">
          {offered.map((g) => (
            <button key={g.key} type="button" onClick={() => addGroup(g.members)}>
              {t('copy.addGroup', { group: g.name })}
            </button>
          ))}
          {saved.map((g) => (
            <button
              key={`edit:${g.id}`}
              type="button"
              aria-expanded={editing === g.id}
              onClick={() => {
                setEditing(editing === g.id ? null : g.id);
                setRename(g.name);
                setError(null);
                setDone(null);
              }}
            >
              {t('groups.edit', { group: g.name })}
            </button>
          ))}
        </div>
      )}
      {open !== null && (
        <div role="group" aria-label={t('groups.editor', { group: open.name })} className="form">
          <p className="hint">
            {t('groups.members', {
              names: open.members.map((m) => personName(directory, m, lang)).join(', '),
            })}
          </p>
          <label htmlFor={`${ids}-rn`}>{t('groups.name')}</label>
          <input
            id={`${ids}-rn`}
            value={rename}
            maxLength={100}
            onChange={(e) => setRename(e.target.value)}
            onKeyDown={onEnter(
              () =>
                void change(
                  open.id,
                  { name: rename },
                  t('groups.renamed', { group: rename.trim() }),
                ),
            )}
          />
          <div className="row">
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void change(
                  open.id,
                  { name: rename },
                  t('groups.renamed', { group: rename.trim() }),
                )
              }
            >
              {t('groups.rename')}
            </button>
            <button
              type="button"
              disabled={busy || chosen.length === 0}
              onClick={() =>
                void change(
                  open.id,
                  { members: chosen },
                  t('groups.membersChanged', { group: open.name }),
                )
              }
            >
              {t('groups.useChosen')}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void change(open.id, { deleted: true }, t('groups.deleted', { group: open.name }))
              }
            >
              {t('groups.delete')}
            </button>
          </div>
        </div>
      )}
      {chosen.length > 0 && (
        <div className="row">
          <label htmlFor={`${ids}-nn`}>{t('groups.newName')}</label>
          <input
            id={`${ids}-nn`}
            value={newName}
            maxLength={100}
            onChange={(e) => setNewName(e.target.value)}
            onKeyDown={onEnter(() => void saveNew())}
          />
          <button type="button" disabled={busy} onClick={() => void saveNew()}>
            {t('groups.saveAs')}
          </button>
        </div>
      )}
      <ErrorText error={error} />
      {done !== null && (
        <p role="status" className="hint">
          {done}
        </p>
      )}
    </>
  );
}
