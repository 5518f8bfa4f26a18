import { useRef, useState, type ChangeEvent } from 'react';
import type { Attachment, RecordState } from '@domain/record.ts';
import { mayProduce } from '@domain/roles.ts';
import type { ScanUploadRow } from '@storage/services.ts';
import { attachScan, downscaleInBrowser } from '@storage/scans/index.ts';
import { useEnv } from '../../hooks/useEnv.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useScans } from '../../hooks/useScans.ts';
import { useSignedIn } from '../../hooks/useSignedIn.ts';
import { attachErrorMessage } from './scan-errors.ts';
import { ScanViewer } from './ScanViewer.tsx';

/**
 * The scans of a receipt or file: add (camera, images, PDFs), upload progress,
 * open. A file also counts the scans of its receipts (on its correspondence
 * side), so "no scans" never hides a scanned letter.
 */
export function ScanPanel({
  state,
  receiptScans = 0,
}: {
  readonly state: RecordState;
  readonly receiptScans?: number;
}) {
  const { t } = useI18n();
  const env = useEnv();
  const { deviceContext } = useSignedIn();
  const { person } = deviceContext;
  const id = state.meta.id;
  const view = useScans(id, state.attachments);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Attachment | null>(null);
  const [keepOriginal, setKeepOriginal] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const canAttach =
    state.holder === person.id &&
    state.status !== 'closed' &&
    mayProduce(person.role, 'attachmentAdded');

  const onFiles = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const files = [...(e.currentTarget.files ?? [])];
    e.currentTarget.value = '';
    setBusy(true);
    setError(null);
    try {
      for (const file of files) {
        const problem = await attachOne(file);
        if (problem !== null) {
          setError(`${file.name}: ${problem}`);
          break;
        }
      }
    } catch {
      setError(t('scan.error.unreadable'));
    } finally {
      setBusy(false);
      env.scans?.transfer()?.kick();
    }
  };

  /** Attaches one file; returns the message if it was refused. */
  const attachOne = async (file: File): Promise<string | null> => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const input = { bytes, claimedMime: file.type, name: file.name, keepOriginal };
    const prepareImage = env.scans?.prepareImage ?? downscaleInBrowser;
    const out = await attachScan(deviceContext, id, input, { prepareImage });
    if (out.ok) return null;
    const message = attachErrorMessage(out.error);
    return t(message.key, message.params);
  };

  return (
    <section aria-labelledby={`scans-${id}`} className="scans">
      <h2 id={`scans-${id}`}>{t('scan.region')}</h2>
      {canAttach && (
        <>
          {/* A button that looks like one; the browser's own file input stays hidden. */}
          <button type="button" disabled={busy} onClick={() => picker.current?.click()}>
            {t('scan.add')}
          </button>
          <input
            ref={picker}
            type="file"
            className="visually-hidden"
            tabIndex={-1}
            // Out of the screen reader's reading too: the button above is the one way in.
            aria-hidden="true"
            aria-label={t('scan.add')}
            accept="image/*,application/pdf"
            capture="environment"
            multiple
            disabled={busy}
            onChange={(e) => void onFiles(e)}
          />
        </>
      )}
      {canAttach && (
        <label className="scan-keep">
          <input
            type="checkbox"
            checked={keepOriginal}
            onChange={(e) => setKeepOriginal(e.currentTarget.checked)}
          />{' '}
          {t('scan.keepOriginal')}
        </label>
      )}
      {busy && <p role="status">{t('scan.adding')}</p>}
      {error !== null && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {receiptScans > 0 && <p>{t('scan.inReceipts', { count: receiptScans })}</p>}
      {state.attachments.length === 0 ? (
        receiptScans === 0 && <p>{t('scan.none')}</p>
      ) : (
        <ul className="scan-list">
          {state.attachments.map((a) => (
            <li key={a.sha256}>
              <button type="button" onClick={() => setOpen(a)}>
                {t('scan.open', { name: a.name })}
              </button>{' '}
              <span>{t('scan.pages', { count: a.pages })}</span>
              {!view.present.has(a.sha256) && <span> · {t('scan.notOnDevice')}</span>}
              <UploadProgress row={view.uploads.get(a.sha256)} name={a.name} />
            </li>
          ))}
        </ul>
      )}
      {open !== null && <ScanViewer recordId={id} scan={open} onClose={() => setOpen(null)} />}
    </section>
  );
}

function UploadProgress({ row, name }: { readonly row?: ScanUploadRow; readonly name: string }) {
  const { t } = useI18n();
  const env = useEnv();
  if (row === undefined || row.state === 'done') {
    return row === undefined ? null : <span> · {t('scan.uploaded')}</span>;
  }
  const transfer = env.scans?.transfer() ?? null;
  const paused = row.state === 'paused';
  return (
    <div className="scan-upload">
      <progress aria-label={t('scan.upload', { name })} value={row.sent} max={row.size} />
      {row.sent === 0 && !paused && <span>{t('scan.uploadWaiting')}</span>}
      {transfer !== null && (
        <button
          type="button"
          onClick={() => void (paused ? transfer.resume(row.sha256) : transfer.pause(row.sha256))}
        >
          {paused ? t('scan.resume') : t('scan.pause')}
        </button>
      )}
    </div>
  );
}
