import { useEffect, useMemo, useState } from 'react';
import type { RecordId } from '@domain/ids.ts';
import type { Attachment } from '@domain/record.ts';
import { useEnv } from '../../hooks/useEnv.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useScanBytes } from '../../hooks/useScanBytes.ts';
import { PdfView } from './PdfView.tsx';
import { ZoomableImage } from './ZoomableImage.tsx';

/** A scan opened full size; fetched on demand when it is not on the device yet. */
export function ScanViewer({
  recordId,
  scan,
  onClose,
}: {
  readonly recordId: RecordId;
  readonly scan: Attachment;
  readonly onClose: () => void;
}) {
  const { t } = useI18n();
  const env = useEnv();
  const bytes = useScanBytes(scan.sha256);
  const [fetching, setFetching] = useState(false);

  const fetchNow = (): void => {
    const transfer = env.scans?.transfer() ?? null;
    if (transfer === null) return;
    setFetching(true);
    void transfer.fetchNow(scan.sha256, recordId).finally(() => setFetching(false));
  };
  // Opening a scan that is not here asks for it at once (the button retries).
  const missing = bytes === null;
  const transfer = env.scans?.transfer() ?? null;
  useEffect(() => {
    if (missing) void transfer?.fetchNow(scan.sha256, recordId);
  }, [missing, transfer, scan.sha256, recordId]);

  return (
    <div role="dialog" aria-modal="true" aria-label={t('scan.viewer')} className="scan-viewer">
      <div className="scan-viewer-bar">
        <strong>{scan.name}</strong>
        <button type="button" onClick={onClose}>
          {t('scan.closeViewer')}
        </button>
      </div>
      {bytes === undefined && <p>{t('app.loading')}</p>}
      {bytes === null && (
        <div>
          <p>{t('scan.notOnDevice')}</p>
          <button type="button" onClick={fetchNow} disabled={fetching}>
            {fetching ? t('scan.downloading') : t('scan.downloadNow')}
          </button>
        </div>
      )}
      {bytes &&
        (bytes.mime === 'application/pdf' ? (
          <PdfView data={bytes.data} name={scan.name} />
        ) : (
          <ObjectUrlImage data={bytes.data} mime={bytes.mime} alt={scan.name} />
        ))}
    </div>
  );
}

function ObjectUrlImage({
  data,
  mime,
  alt,
}: {
  readonly data: Uint8Array;
  readonly mime: string;
  readonly alt: string;
}) {
  // A data: URL needs no revoking, so it survives StrictMode's double effects.
  const url = useMemo(() => dataUrl(data, mime), [data, mime]);
  return <ZoomableImage src={url} alt={alt} />;
}

function dataUrl(data: Uint8Array, mime: string): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < data.length; i += step) {
    binary += String.fromCharCode(...data.subarray(i, i + step));
  }
  return `data:${mime};base64,${btoa(binary)}`;
}
