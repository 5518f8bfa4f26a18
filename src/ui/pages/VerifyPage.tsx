import { useState } from 'react';
import { MAX_EXPORT_BYTES } from '@doc/export-format.ts';
import { verifyExport, type ExportFinding, type ExportVerdict } from '@doc/verify-export.ts';
import { asPersonId } from '@domain/ids.ts';
import type { I18n } from '../app-context.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { personName } from '../people.ts';
import { FilePickButton } from '../components/FilePickButton.tsx';
import { LetterQrCheck } from '../components/verify/LetterQrCheck.tsx';

/**
 * `/verify`: checks an exported file on this tablet with the same function as
 * `npm run verify` (src/doc/verify-export.ts), and a printed letter's QR code
 * (LetterQrCheck, as `npm run verify -- --letter`). Nothing is sent anywhere,
 * so it works offline; the page is in the service worker's precache like
 * every chunk.
 */

type Step =
  | { readonly kind: 'idle' }
  | { readonly kind: 'reading' }
  | { readonly kind: 'unreadable' }
  | { readonly kind: 'tooLarge' }
  | { readonly kind: 'done'; readonly name: string; readonly verdict: ExportVerdict };

export function VerifyPage() {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const choose = async (file: File) => {
    // Checked before reading: a tablet must not load a huge file into memory to refuse it.
    if (file.size > MAX_EXPORT_BYTES) return setStep({ kind: 'tooLarge' });
    setStep({ kind: 'reading' });
    try {
      const verdict = verifyExport(new Uint8Array(await file.arrayBuffer()));
      setStep({ kind: 'done', name: file.name, verdict });
    } catch {
      setStep({ kind: 'unreadable' });
    }
  };
  return (
    <section className="verify-page">
      <h1>{t('verify.title')}</h1>
      <p>{t('verify.intro')}</p>
      <FilePickButton
        label={t('verify.chooseButton')}
        inputLabel={t('verify.choose')}
        accept=".zip,application/zip"
        onFile={(file) => void choose(file)}
      />
      <div aria-live="polite">
        {step.kind === 'reading' && <p>{t('verify.reading')}</p>}
        {step.kind === 'unreadable' && <p role="alert">{t('verify.unreadable')}</p>}
        {step.kind === 'tooLarge' && (
          <p role="alert">{t('verify.tooLarge', { mb: MAX_EXPORT_BYTES / (1024 * 1024) })}</p>
        )}
        {step.kind === 'done' && <Verdict name={step.name} verdict={step.verdict} />}
      </div>
      <LetterQrCheck />
    </section>
  );
}

function Verdict({ name, verdict }: { readonly name: string; readonly verdict: ExportVerdict }) {
  const i18n = useI18n();
  const { t, formatDateTime, lang } = i18n;
  const { deviceContext } = useSignedIn();
  const s = verdict.summary;
  return (
    <section
      role="region"
      aria-label={t('verify.result')}
      className={verdict.ok ? 'verify-ok' : 'verify-bad'}
    >
      <h2>{verdict.ok ? t('verify.valid') : t('verify.invalid')}</h2>
      <p className="verify-file">{name}</p>
      {verdict.findings.length > 0 && (
        <>
          <h3>{t('verify.problems')}</h3>
          <ul className="verify-findings">
            {verdict.findings.map((f, i) => (
              <li key={i}>
                <strong>{subjectOf(i18n, f)}</strong>: {t(`verify.check.${f.check}`)}{' '}
                <code>{f.check}</code>
              </li>
            ))}
          </ul>
        </>
      )}
      {verdict.notices.length > 0 && (
        <>
          <h3>{t('verify.notices')}</h3>
          <ul>
            {verdict.notices.map((n) => (
              <li key={n.notice}>{t(`verify.notice.${n.notice}`, { count: n.count })}</li>
            ))}
          </ul>
        </>
      )}
      {s !== null && (
        <p className="verify-summary">
          {t('verify.summary', {
            number: s.number,
            events: s.events,
            signed: s.signedItems,
            proven: s.provenItems,
          })}
          {s.exportedAt !== null && s.exportedBy !== null && (
            <>
              <br />
              {t('verify.exported', {
                date: formatDateTime(s.exportedAt),
                person: personName(deviceContext.directory, asPersonId(s.exportedBy), lang),
              })}
            </>
          )}
          {s.logKey !== null && (
            <>
              <br />
              <small>{t('verify.logKey', { key: s.logKey })}</small>
            </>
          )}
        </p>
      )}
    </section>
  );
}

/** What a finding is about, in the reader's language. */
function subjectOf({ t }: I18n, f: ExportFinding): string {
  const [head, ...rest] = f.subject.split(' ');
  const id = rest.join(' ');
  if (f.subject === 'archive') return t('verify.subject.archive');
  if (f.subject === 'meta') return t('verify.subject.meta');
  if (f.subject === 'tree head') return t('verify.subject.head');
  if (head === 'event') return t('verify.subject.event', { id });
  if (head === 'key') return t('verify.subject.key', { id });
  return t('verify.subject.file', { name: f.subject });
}
