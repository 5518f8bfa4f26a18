import { useEffect, useId, useRef, useState } from 'react';
import type { RecordState } from '@domain/record.ts';
import { mayCloseVolume } from '@domain/volume-commands.ts';
import { closeFileVolume } from '@storage/services.ts';
import type { UiError } from '../errors.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { volumeName } from '../volume-number.ts';
import { ErrorText } from './ErrorText.tsx';
import { focusWhenShown } from '../focus-on-show.ts';
import { volumeHeadingId } from './NoteSheet.tsx';

/**
 * `Close volume` (volumes.ts), for the holder of an open file whose current
 * volume has a paragraph: asks first (a closed volume stays closed), then
 * closes it; the file continues in the next volume under the same number.
 * Like ConfirmDialog: the question is a group named by the button and described
 * by the question (as is the confirm button), focus starts on Cancel, the safe
 * choice, and Cancel or Escape give focus back to `Close volume`. Once closed,
 * the button goes (the new volume is empty) and focus goes to the new volume's
 * heading on the note sheet; a refusal keeps the question and says why.
 */
export function CloseVolume({ state }: { readonly state: RecordState }) {
  const { t } = useI18n();
  const { deviceContext } = useSignedIn();
  const { person } = deviceContext;
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const ids = useId();
  const opener = useRef<HTMLButtonElement>(null);
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) stay.current?.focus();
  }, [asking]);
  if (!mayCloseVolume(state, person.id, person.role)) return null;
  const volume = volumeName(state.volume);
  const next = volumeName(state.volume + 1);

  async function confirm() {
    const outcome = await closeFileVolume(deviceContext, state.meta.id);
    setError(outcome.ok ? null : outcome.error);
    if (!outcome.ok) return;
    setAsking(false);
    focusWhenShown(volumeHeadingId(state.meta.id, state.volume + 1));
  }

  function cancel() {
    setAsking(false);
    opener.current?.focus();
  }

  return (
    <div className="close-volume">
      <button
        type="button"
        id={`${ids}-b`}
        ref={opener}
        aria-expanded={asking}
        onClick={() => setAsking(!asking)}
      >
        {t('volume.close')}
      </button>
      {asking && (
        <div
          className="form"
          role="group"
          aria-labelledby={`${ids}-b`}
          aria-describedby={`${ids}-q`}
          onKeyDown={(e) => e.key === 'Escape' && cancel()}
        >
          <p id={`${ids}-q`} className="hint">
            {t('volume.question', { volume, next })}
          </p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              aria-describedby={`${ids}-q`}
              onClick={() => void confirm()}
            >
              {t('volume.confirm', { volume })}
            </button>
            <button type="button" ref={stay} onClick={cancel}>
              {t('volume.cancel')}
            </button>
          </div>
        </div>
      )}
      <ErrorText error={error} />
    </div>
  );
}
