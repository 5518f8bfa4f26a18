import type { SignatureStatus } from '@storage/services.ts';
import { useI18n } from '../hooks/useI18n.ts';

/** Characters of a key id or device id shown: enough to tell them apart on one file. */
const SHORT = 8;

/**
 * One item's signature status, beside a noting or a movement: signed by its
 * author's device key (named briefly), or attested by the server only (items
 * from before device keys).
 */
export function SignatureMark({ status }: { readonly status: SignatureStatus | undefined }) {
  const { t } = useI18n();
  if (status === undefined) return null;
  const text =
    status.kind === 'server'
      ? t('signature.server')
      : status.device === null
        ? t('signature.deviceKey', { key: status.keyId.slice(0, SHORT) })
        : t('signature.device', {
            key: status.keyId.slice(0, SHORT),
            device: status.device.slice(0, SHORT),
          });
  return <small className={`signature signature-${status.kind}`}>{text}</small>;
}
