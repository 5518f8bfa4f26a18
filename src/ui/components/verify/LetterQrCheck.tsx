import { useId, useState } from 'react';
import { verifyLetterQr, type LetterQrVerdict } from '@doc/letter-qr.ts';
import { loadVerifyBytes } from '@doc/verify-lazy.ts';
import { useDirectoryKeys } from '../../hooks/useDirectoryKeys.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { FilePickButton } from '../FilePickButton.tsx';
import { LetterQrVerdictView } from './LetterQrVerdict.tsx';
import { decodeQrPhoto, MAX_PHOTO_BYTES } from './qr-photo.ts';

type Step =
  | { readonly kind: 'idle' }
  | { readonly kind: 'reading' }
  | { readonly kind: 'noCode' }
  | { readonly kind: 'photoTooLarge' }
  | { readonly kind: 'done'; readonly verdict: LetterQrVerdict };

/**
 * A printed letter's QR code, pasted or typed, or read from a photo, checked
 * on this tablet against the directory's device keys it holds
 * (src/doc/letter-qr.ts, the same check as `npm run verify -- --letter`).
 */
export function LetterQrCheck() {
  const { t } = useI18n();
  const keys = useDirectoryKeys();
  const textId = useId();
  const [text, setText] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const check = async (payload: string) => {
    // The signature primitive is its own chunk (verify-lazy.ts), cached for offline use.
    const verify = await loadVerifyBytes();
    setStep({ kind: 'done', verdict: verifyLetterQr(payload, (id) => keys?.get(id), verify) });
  };
  const fromPhoto = async (file: File) => {
    if (file.size > MAX_PHOTO_BYTES) return setStep({ kind: 'photoTooLarge' });
    setStep({ kind: 'reading' });
    const payload = await decodeQrPhoto(file).catch(() => null);
    if (payload === null) return setStep({ kind: 'noCode' });
    setText(payload);
    await check(payload);
  };
  return (
    <section aria-labelledby={`${textId}-h`} className="verify-letter">
      <h2 id={`${textId}-h`}>{t('verifyLetter.title')}</h2>
      <p>{t('verifyLetter.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void check(text);
        }}
      >
        <label htmlFor={textId}>{t('verifyLetter.payload')}</label>
        <textarea
          id={textId}
          rows={4}
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="row">
          <button type="submit" disabled={keys === undefined}>
            {t('verifyLetter.check')}
          </button>
          <FilePickButton
            label={t('verifyLetter.photoButton')}
            inputLabel={t('verifyLetter.photo')}
            accept="image/*"
            capture
            onFile={(file) => void fromPhoto(file)}
          />
        </div>
      </form>
      <div aria-live="polite">
        {step.kind === 'reading' && <p>{t('verify.reading')}</p>}
        {step.kind === 'noCode' && <p role="alert">{t('verifyLetter.noCode')}</p>}
        {step.kind === 'photoTooLarge' && (
          <p role="alert">{t('verifyLetter.photoTooLarge', { mb: MAX_PHOTO_BYTES / 2 ** 20 })}</p>
        )}
        {step.kind === 'done' && <LetterQrVerdictView verdict={step.verdict} />}
      </div>
    </section>
  );
}
