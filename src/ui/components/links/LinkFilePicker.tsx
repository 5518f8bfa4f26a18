import { useState } from 'react';
import type { RecordState } from '@domain/record.ts';
import { linkableFilesQuery, linkFiles } from '@storage/services.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useKeyedLiveQuery } from '../../hooks/useKeyedLiveQuery.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { PickRecord } from './PickRecord.tsx';

/**
 * `Link file`: the files on this tablet that may be linked (not this one, not
 * linked yet, not confidential or secret), latest activity first, narrowed by
 * what is typed (number or subject); `Link` records the link on this file.
 */
export function LinkFilePicker({ state }: { readonly state: RecordState }) {
  const { t } = useI18n();
  const { deviceContext } = useSignedIn();
  const { db, person } = deviceContext;
  const [open, setOpen] = useState(false);
  const id = state.meta.id;
  const files = useKeyedLiveQuery(open ? id : null, () => linkableFilesQuery(db, id, person.id), [
    db,
    person.id,
  ]);
  const linked = new Set(state.links.map((l) => l.file));
  return (
    <PickRecord
      text={{
        button: t('link.button'),
        hint: t('link.hint'),
        find: t('link.find'),
        none: t('link.none'),
        noMatch: t('link.noMatch'),
        short: t('link.short'),
        one: (number) => t('link.one', { number }),
      }}
      offered={files?.filter((r) => !linked.has(r.id))}
      onOpen={setOpen}
      pick={async (r) => {
        const outcome = await linkFiles(deviceContext, id, r.id);
        return outcome.ok ? null : outcome.error;
      }}
    />
  );
}
