import type { RecordId } from '@domain/ids.ts';
import type { Attachment } from '@domain/record.ts';
import { useI18n } from '../../hooks/useI18n.ts';
import { ScanContent } from './ScanContent.tsx';

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
  return (
    <div role="dialog" aria-modal="true" aria-label={t('scan.viewer')} className="scan-viewer">
      <div className="scan-viewer-bar">
        <strong>{scan.name}</strong>
        <button type="button" onClick={onClose}>
          {t('scan.closeViewer')}
        </button>
      </div>
      <ScanContent recordId={recordId} scan={scan} />
    </div>
  );
}
