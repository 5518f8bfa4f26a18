import { useEffect, useMemo, useState } from 'react';
import type { RecordId } from '@domain/ids.ts';
import type { Attachment } from '@domain/record.ts';
import { useEnv } from '../../hooks/useEnv.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { useScanBytes } from '../../hooks/useScanBytes.ts';
import { PdfView } from './PdfView.tsx';
import { ZoomableImage } from './ZoomableImage.tsx';

interface Props {
  readonly recordId: RecordId;
  readonly scan: Attachment;
  /**
   * Drawn in the page (a file's correspondence side) rather than in the
   * full-screen viewer: an image at the column's width, not zoomable.
   */
  readonly inline?: boolean;
}

/** A scan's pages (image or PDF), fetched at once when it is not on the device yet. */
export function ScanContent({ recordId, scan, inline = false }: Props) {
  const { t } = useI18n();
  const env = useEnv();
  const bytes = useScanBytes(scan.sha256);
  const [fetching, setFetching] = useState(false);
  const transfer = env.scans?.transfer() ?? null;

  // Showing a scan that is not here asks for it at once (the button retries).
  const missing = bytes === null;
  useEffect(() => {
    if (missing) void transfer?.fetchNow(scan.sha256, recordId);
  }, [missing, transfer, scan.sha256, recordId]);

  const fetchNow = (): void => {
    if (transfer === null) return;
    setFetching(true);
    void transfer.fetchNow(scan.sha256, recordId).finally(() => setFetching(false));
  };

  if (bytes === undefined) return <p>{t('app.loading')}</p>;
  if (bytes === null)
    return (
      <div>
        <p>{t('scan.notOnDevice')}</p>
        <button type="button" onClick={fetchNow} disabled={fetching}>
          {fetching ? t('scan.downloading') : t('scan.downloadNow')}
        </button>
      </div>
    );
  if (bytes.mime === 'application/pdf') return <PdfView data={bytes.data} name={scan.name} />;
  return <DataUrlImage data={bytes.data} mime={bytes.mime} alt={scan.name} inline={inline} />;
}

function DataUrlImage({
  data,
  mime,
  alt,
  inline,
}: {
  readonly data: Uint8Array;
  readonly mime: string;
  readonly alt: string;
  readonly inline: boolean;
}) {
  // A data: URL needs no revoking, so it survives StrictMode's double effects.
  const url = useMemo(() => dataUrl(data, mime), [data, mime]);
  return inline ? (
    <img className="scan-inline" src={url} alt={alt} />
  ) : (
    <ZoomableImage src={url} alt={alt} />
  );
}

function dataUrl(data: Uint8Array, mime: string): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < data.length; i += step) {
    binary += String.fromCharCode(...data.subarray(i, i + step));
  }
  return `data:${mime};base64,${btoa(binary)}`;
}
