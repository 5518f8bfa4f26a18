import { useId, useState } from 'react';
import type { Draft } from '../hooks/useDraft.ts';
import { useI18n } from '../hooks/useI18n.ts';
import type { UiError } from '../errors.ts';
import { ErrorText } from './ErrorText.tsx';

/** My yellow draft below the note sheet: `Noting` and `Save draft` (also autosaved). */
export function DraftEditor({ draft }: { readonly draft: Draft }) {
  const { t, formatDateTime } = useI18n();
  const ids = useId();
  const [error, setError] = useState<UiError | null>(null);

  async function save() {
    const outcome = await draft.save();
    setError(outcome.ok ? null : outcome.error);
  }

  return (
    <div className="draft">
      <h3 id={`${ids}-h`}>{t('file.draftHeading')}</h3>
      <p className="hint">{t('file.draftHint')}</p>
      <label htmlFor={`${ids}-n`}>{t('file.noting')}</label>
      <textarea
        id={`${ids}-n`}
        rows={6}
        value={draft.text}
        onChange={(e) => draft.setText(e.target.value)}
      />
      <div className="row">
        <button type="button" onClick={() => void save()}>
          {t('file.saveDraft')}
        </button>
        <span aria-live="polite" className="saved">
          {draft.savedAt !== null && `${t('file.draftSaved')} · ${formatDateTime(draft.savedAt)}`}
        </span>
      </div>
      <ErrorText error={error} />
    </div>
  );
}
