import { useCallback, useEffect, useState } from 'react';
import type { RecordState } from '@domain/record.ts';
import { exportRecord } from '@storage/backup/index.ts';
import { refreshRecordProofs } from '@sync/record-proofs-fetch.ts';
import { useEnv } from '../hooks/useEnv.ts';
import { useI18n } from '../hooks/useI18n.ts';
import { useSignedIn } from '../hooks/useSignedIn.ts';
import { renderFilePdf } from '../export/file-pdf.ts';

/**
 * "Export file": the file as one archive that verifies offline (docs/decisions/
 * 0004-export.md), made from this tablet's store. While the server can be
 * reached, the record's log proofs are fetched when the file is shown and again
 * before an export, so an export made offline later still carries them.
 */

type Step =
  | { readonly kind: 'idle' | 'working' | 'failed' }
  | {
      readonly kind: 'done';
      readonly name: string;
      readonly proven: number;
      readonly total: number;
    };

export function ExportFile({ state }: { readonly state: RecordState }) {
  const { t } = useI18n();
  const env = useEnv();
  const { session, deviceContext } = useSignedIn();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const recordId = state.meta.id;
  const { server, db, now } = env;
  const token = session.token;

  const refresh = useCallback(async (): Promise<void> => {
    if (server === undefined || token === '') return;
    await refreshRecordProofs(db, { ...server, now }, token, recordId);
  }, [db, server, now, token, recordId]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const run = async () => {
    setStep({ kind: 'working' });
    try {
      await refresh();
      const { loadBrowserPdf } = await import('../export/browser-pdf.ts');
      const { Pdf, fonts } = await loadBrowserPdf(server?.fetch ?? fetch);
      let counts = { proven: 0, total: 0 };
      const out = await exportRecord(deviceContext, recordId, (facts) => {
        counts = { proven: facts.provenItems, total: facts.totalItems };
        return renderFilePdf(Pdf, fonts, {
          ...facts,
          directory: deviceContext.directory,
          exportedAt: now(),
          exportedBy: deviceContext.person.id,
        });
      });
      if (!out.ok) throw new Error(out.error);
      env.saveFile?.(out.fileName, out.bytes, 'application/zip');
      setStep({ kind: 'done', name: out.fileName, ...counts });
    } catch {
      setStep({ kind: 'failed' });
    }
  };

  return (
    <section className="export-file">
      <button type="button" disabled={step.kind === 'working'} onClick={() => void run()}>
        {t('exportFile.button')}
      </button>
      <div aria-live="polite">
        {step.kind === 'working' && <p>{t('exportFile.working')}</p>}
        {step.kind === 'failed' && <p role="alert">{t('exportFile.failed')}</p>}
        {step.kind === 'done' && (
          <p>{t('exportFile.done', { name: step.name, proven: step.proven, total: step.total })}</p>
        )}
      </div>
    </section>
  );
}
